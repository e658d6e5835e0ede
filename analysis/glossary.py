"""The dashboard's words, explained: read from data/glossary.json, so the wording is edited as data, not code.

Each term carries a one-line `short` form for hover help and a longer
`meaning` for the Glossary page, with the published documents that use it
quoted verbatim. A term no bundled document uses says so in `usage_note`
rather than borrowing a source.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

GLOSSARY_FILE = Path(__file__).resolve().parent.parent / "data" / "glossary.json"


@dataclass(frozen=True)
class Usage:
    document: str
    quote: str


@dataclass(frozen=True)
class Term:
    term: str
    short: str
    meaning: str
    stands_for: str | None
    used_in: tuple[Usage, ...]
    usage_note: str | None


def read_glossary(path: Path = GLOSSARY_FILE) -> tuple[Term, ...]:
    entries = json.loads(path.read_text(encoding="utf-8"))["terms"]
    return tuple(
        Term(
            term=entry["term"],
            short=entry["short"],
            meaning=entry["meaning"],
            stands_for=entry.get("stands_for"),
            used_in=tuple(Usage(**usage) for usage in entry["used_in"]),
            usage_note=entry.get("usage_note"),
        )
        for entry in entries
    )


@lru_cache(maxsize=1)
def glossary() -> tuple[Term, ...]:
    """The bundled glossary, read once per process."""
    return read_glossary()


def find_term(name: str) -> Term:
    """The entry for a term, whatever its case ('idva', 'Declared total'); KeyError names the term."""
    wanted = name.strip().casefold()
    for term in glossary():
        if term.term.casefold() == wanted:
            return term
    raise KeyError(f"{name!r} is not in data/glossary.json")
