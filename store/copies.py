"""Copy one version's spend lines and declared totals into another, inside the caller's transaction.

Used when a new version keeps years its file lacks (store.save_dataset's
keep_years) and when an earlier version is made current again
(store.versions.restore_version). The copy is made by the database
(INSERT … SELECT), so every line keeps its source file, sheet, row and column:
a kept or restored figure is still traceable to the cell it was read from.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, func, insert, literal, select

from store.models import DeclaredTotal, SpendLine

_LINE_COLUMNS = [column.name for column in SpendLine.__table__.columns if column.name not in ("id", "dataset_id")]
_TOTAL_COLUMNS = [column.name for column in DeclaredTotal.__table__.columns if column.name not in ("id", "dataset_id")]


def copy_rows(connection: Connection, from_dataset_id: int, to_dataset_id: int,
              years: Iterable[str] | None = None) -> None:
    """Copy the lines and totals of `from_dataset_id` (only `years`, when given) onto `to_dataset_id`."""
    for model, columns in ((SpendLine, _LINE_COLUMNS), (DeclaredTotal, _TOTAL_COLUMNS)):
        chosen = select(*(getattr(model, name) for name in columns),
                        literal(to_dataset_id).label("dataset_id")).where(model.dataset_id == from_dataset_id)
        if years is not None:
            chosen = chosen.where(model.financial_year.in_(list(years)))
        connection.execute(insert(model).from_select([*columns, "dataset_id"], chosen.order_by(model.id)))


def years_held(connection: Connection, dataset_id: int, years: Iterable[str]) -> dict[str, tuple[int, float]]:
    """For each of `years` the dataset has lines or totals in: (its number of lines, their sum in £)."""
    years = list(years)
    lines = dict.fromkeys(years, (0, 0.0))
    for year, count, amount in connection.execute(
        select(SpendLine.financial_year, func.count(), func.coalesce(func.sum(SpendLine.amount_gbp), 0))
        .where(SpendLine.dataset_id == dataset_id, SpendLine.financial_year.in_(years))
        .group_by(SpendLine.financial_year)
    ):
        lines[year] = (int(count), round(float(amount), 2))
    with_totals = set(connection.execute(
        select(DeclaredTotal.financial_year).where(DeclaredTotal.dataset_id == dataset_id,
                                                   DeclaredTotal.financial_year.in_(years))
    ).scalars())
    return {year: held for year, held in lines.items() if held[0] or year in with_totals}
