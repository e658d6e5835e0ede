"""Turning an edited alias table back into the store calls that make it so.

The page lets staff edit the whole table at once (add a row, change where an
alias points, delete a row); this works out which aliases to set and which
to remove, and refuses a table that cannot be stored, naming the row.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from uploads.errors import UploadError


@dataclass(frozen=True)
class AliasChanges:
    to_set: list[tuple[str, str]]  # (alias, canonical name), new or re-pointed
    to_remove: list[str]

    @property
    def empty(self) -> bool:
        return not self.to_set and not self.to_remove


def _clean(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return " ".join(str(value).split())


def alias_changes(before: pd.DataFrame, after: pd.DataFrame) -> AliasChanges:
    """Compare the stored table (alias, canonical_name) with the edited one."""
    stored = {_clean(a): _clean(c) for a, c in zip(before["alias"], before["canonical_name"])}
    wanted: dict[str, str] = {}
    for position, (alias, canonical) in enumerate(zip(after["alias"], after["canonical_name"]), start=1):
        alias, canonical = _clean(alias), _clean(canonical)
        if not alias and not canonical:
            continue  # a blank row the editor added and nobody filled in
        if not alias or not canonical:
            raise UploadError(f"Row {position} of the alias table needs both the alias and the name it stands for")
        if alias == canonical:
            raise UploadError(f"Row {position} of the alias table maps '{alias}' to itself")
        if alias in wanted:
            raise UploadError(f"'{alias}' appears twice in the alias table (row {position}); keep one row for it")
        wanted[alias] = canonical
    to_set = [(alias, canonical) for alias, canonical in wanted.items() if stored.get(alias) != canonical]
    to_remove = [alias for alias in stored if alias not in wanted]
    return AliasChanges(to_set=to_set, to_remove=to_remove)
