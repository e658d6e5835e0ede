"""A dataset's details edited after upload: its name, area and notes, and the source of its current version.

The name, area and notes belong to the dataset, so they change on every
version of it (making an earlier version current again must not bring an
old name back); the source citation names the document the current version's
file came from, so it changes on that version only. The area is also written
on the lines and declared totals, which every page reads it from. One
transaction, audited with what was before and after.
"""
from __future__ import annotations

from sqlalchemy import Engine, select, update
from sqlalchemy.exc import SQLAlchemyError

from store.audit import record_action
from store.datasets import _reason
from store.engine import write_transaction
from store.errors import DatasetNotFoundError, StoreError
from store.models import UNDELETED, Dataset, DeclaredTotal, SpendLine

_NAME_LENGTH = Dataset.__table__.c.name.type.length
_AREA_LENGTH = Dataset.__table__.c.area.type.length


def _tidied(text: str | None) -> str | None:
    words = " ".join(str(text or "").split())
    return words or None


def update_dataset_details(engine: Engine, dataset_id: int, user: str, *, name: str, area: str,
                           citation: str | None, notes: str | None) -> list[str]:
    """Change the details of dataset `dataset_id` (current, not deleted); returns what changed, in words."""
    name, area, citation = _tidied(name), _tidied(area), _tidied(citation)
    notes = (notes or "").strip() or None  # notes keep their line breaks
    if name is None or area is None:
        raise StoreError("A dataset needs a name and an area")
    if len(name) > _NAME_LENGTH or len(area) > _AREA_LENGTH:
        raise StoreError(f"The name may be {_NAME_LENGTH} characters and the area {_AREA_LENGTH}")
    try:
        with write_transaction(engine) as connection:
            before = connection.execute(
                select(Dataset.name, Dataset.area, Dataset.citation, Dataset.notes, Dataset.lineage_id,
                       Dataset.is_current).where(Dataset.id == dataset_id, UNDELETED)
            ).one_or_none()
            if before is None:
                raise DatasetNotFoundError(f"There is no dataset with id {dataset_id}")
            if not before.is_current:
                raise StoreError(f"Dataset {dataset_id} is a replaced version; edit the current version's details")
            changes = [f"{label} '{old or 'not recorded'}' → '{new or 'not recorded'}'"
                       for label, old, new in (("name", before.name, name), ("area", before.area, area),
                                               ("source", before.citation, citation), ("notes", before.notes, notes))
                       if (old or None) != new]
            if not changes:
                return []
            versions = select(Dataset.id).where(Dataset.lineage_id == before.lineage_id).scalar_subquery()
            connection.execute(update(Dataset).where(Dataset.lineage_id == before.lineage_id)
                               .values(name=name, area=area, notes=notes))
            connection.execute(update(Dataset).where(Dataset.id == dataset_id).values(citation=citation))
            if area != before.area:
                for model in (SpendLine, DeclaredTotal):
                    connection.execute(update(model).where(model.dataset_id.in_(versions)).values(area=area))
            record_action(connection, user=user, action="edit_details", dataset_id=dataset_id,
                          detail="Changed " + "; ".join(changes))
    except SQLAlchemyError as error:
        raise StoreError(f"Could not change the details of dataset {dataset_id}: {_reason(error)}") from error
    return changes
