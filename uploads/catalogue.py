"""The stored datasets as the Manage data page lists them, and the words of its confirmations.

Kept out of the page so the sentence a person reads before deleting
something is tested: it must name the dataset, its version and what goes.
"""
from __future__ import annotations

import pandas as pd

from analysis.money import format_gbp

LISTING_COLUMNS = {
    "id": "Id",
    "name": "Dataset",
    "area": "Area",
    "kind": "Kind",
    "financial_years": "Years",
    "row_count": "Lines",
    "total_gbp": "Total (£)",
    "uploaded_by": "Uploaded by",
    "uploaded_at": "Uploaded (UTC)",
    "version": "Version",
    "is_current": "Current",
    "original_filename": "File",
}


def datasets_table(listing: pd.DataFrame) -> pd.DataFrame:
    """store.list_datasets' frame with the columns staff need, newest upload first."""
    table = listing.sort_values(["uploaded_at", "id"], ascending=False)[list(LISTING_COLUMNS)]
    table = table.assign(uploaded_at=table["uploaded_at"].dt.strftime("%d %b %Y %H:%M"))
    return table.rename(columns=LISTING_COLUMNS).reset_index(drop=True)


def present(value: object) -> bool:
    """Whether a stored text holds words: None, NaN (a missing value in the listing) and blanks do not."""
    return isinstance(value, str) and bool(value.strip())


def source_text(citation: object) -> str:
    """The Source line's words: the citation, or 'not recorded', never 'nan'."""
    return " ".join(citation.split()) if present(citation) else "not recorded"


def dataset_label(dataset: pd.Series | object) -> str:
    """'Leicestershire PCC Commissioning Framework 2018/19–2020/21 (Leicestershire, id 1, version 1)'."""
    get = dataset.__getitem__ if isinstance(dataset, pd.Series) else lambda name: getattr(dataset, name)
    replaced = "" if bool(get("is_current")) else ", replaced"
    return f"{get('name')} ({get('area')}, id {get('id')}, version {get('version')}{replaced})"


def delete_question(dataset: pd.Series) -> str:
    """What the person confirms: the dataset by name, what goes with it, and what comes back."""
    what = (f"Delete '{dataset['name']}' (dataset {dataset['id']}, version {dataset['version']}): "
            f"{dataset['row_count']} spend lines totalling {format_gbp(dataset['total_gbp'])} for "
            f"{dataset['area']} {dataset['financial_years']}, uploaded by {dataset['uploaded_by']}?")
    undo = " An admin can undo it under 'Deleted datasets' on this page."
    if bool(dataset["is_current"]) and pd.notna(dataset["supersedes_id"]):
        return what + f" The version it replaced (dataset {int(dataset['supersedes_id'])}) becomes current again." + undo
    return what + undo


def scenarios_warning(names: list[str]) -> str | None:
    """What a delete would take from the scenario planner, said before it is confirmed."""
    if not names:
        return None
    listed = ", ".join(f"'{name}'" for name in names)
    one = len(names) == 1
    return (f"{len(names)} saved scenario{'' if one else 's'} {'is' if one else 'are'} built on this dataset "
            f"({listed}): deleting it leaves {'it' if one else 'them'} without a baseline until an admin undoes "
            "the delete.")
