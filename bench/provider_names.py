"""Provider names at national scale, made from the real ones in the bundled PCC files.

Every bundled dataset's named providers (Catch 22, FreeVA, Leicestershire
Partnership NHS Trust, ...) are given to each of the 43 PCC areas as the
national workbook gives them (a local name such as "Leicestershire" becomes
the area's; other names carry the area after them), then numbered ("Catch 22
Kent 2") until there are enough. So a name has lookalikes as a real store's
do: its numbered siblings, and the same body in neighbouring areas.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

from analysis.providers import is_joint_provider, is_unnamed_provider
from loaders import load_file
from make_national_workbook import PCC_AREAS, _local

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def real_provider_names() -> list[str]:
    """The named, single-body providers of every bundled dataset, sorted."""
    names: set[str] = set()
    for entry in json.loads((DATA_DIR / "bundled.json").read_text(encoding="utf-8")):
        tidy = load_file(DATA_DIR / entry["file"], sheet=entry.get("sheet"), area=entry["area"],
                         year=entry.get("year")).tidy
        names |= set(tidy["provider"].astype(str).str.strip())
    return sorted(name for name in names if not is_unnamed_provider(name) and not is_joint_provider(name))


def national_provider_names(count: int, real_names: list[str] | None = None) -> list[str]:
    """`count` distinct provider names: each real one in each area, then numbered variants."""
    real_names = real_provider_names() if real_names is None else real_names
    names: dict[str, None] = {}  # ordered, without repeats ("Leicester City Council" is local twice)
    for number in range(1, 1 + math.ceil(count / (len(real_names) * len(PCC_AREAS))) + 1):
        for area in PCC_AREAS:
            for name in real_names:
                local = _local(name, area)
                local = local if local != name else f"{name} {area}"
                names.setdefault(local if number == 1 else f"{local} {number}")
    return list(names)[:count]


def numbered_copies(count: int, real_names: list[str]) -> list[str]:
    """"Catch 22 1", "Catch 22 2", ...: every copy of a name alike, the worst case for the number of suggestions."""
    return [f"{real_names[index % len(real_names)]} {index // len(real_names) + 1}" for index in range(count)]
