"""Store and replace uploaded datasets, each change in one transaction (deleting is store/deletions.py).

A dataset is written whole or not at all: the dataset row, its spend lines,
its declared totals and the audit entry commit together, so a failure half
way (a full disk, a bad row, a lost connection) leaves the store as it was.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime

import pandas as pd
from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from loaders.schema import validate_tidy
from store.audit import record_action
from store.copies import copy_rows, years_held
from store.engine import write_transaction
from store.errors import DatasetNotFoundError, DuplicateFileError, StoreError
from store.models import (
    DATASET_KINDS,
    DECLARED_TOTAL_COLUMNS,
    DECLARED_TOTAL_KINDS,
    DECLARED_TOTAL_RANGE_COLUMNS,
    UNDELETED,
    Dataset,
    DeclaredTotal,
    SpendLine,
    utc_now,
)


def save_dataset(
    engine: Engine,
    tidy: pd.DataFrame,
    declared_totals: pd.DataFrame | None,
    *,
    name: str,
    area: str,
    kind: str,
    original_filename: str,
    original_bytes: bytes,
    uploaded_by: str,
    citation: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    replaces: int | None = None,
    layout: dict | str | None = None,
    keep_years: Iterable[str] = (),
) -> int:
    """Store one uploaded file and what was read from it; returns the new dataset id.

    With `replaces`, the new dataset becomes the next version of that one,
    which stays in the store (no longer current) so its history can be shown.
    `keep_years` (only with `replaces`) are years the new file lacks whose
    lines and totals the new version takes over from the one it replaces, so
    next year's framework adds a year without dropping the one it no longer
    covers; each kept line keeps its own source file, sheet and row.
    `layout` is the loader's Layout, how it read the file (a dict, or JSON
    text of an object), kept with this version; store.latest_layout gives it
    back as a dict.
    """
    if kind not in DATASET_KINDS:
        raise StoreError(f"Unknown dataset kind '{kind}'; expected one of {', '.join(DATASET_KINDS)}")
    keep_years = sorted(set(keep_years))
    if keep_years and replaces is None:
        raise StoreError("Years can be kept only from the version a new file replaces")
    layout_json = _layout_json(layout)
    lines = _validated_lines(tidy)
    totals = _prepared_declared_totals(declared_totals)
    sha256 = hashlib.sha256(original_bytes).hexdigest()
    total_gbp = round(float(lines["amount_gbp"].sum()), 2)
    dataset_values = {
        "name": name,
        "area": area,
        "kind": kind,
        "financial_years": _financial_years(lines, totals),
        "uploaded_at": utc_now(),
        "uploaded_by": uploaded_by,
        "original_filename": original_filename,
        "sha256": sha256,
        "original_bytes": original_bytes,
        "row_count": len(lines),
        "total_gbp": total_gbp,
        "citation": citation,
        "sheet": sheet,
        "header_row": header_row,
        "layout_json": layout_json,
    }
    try:
        with write_transaction(engine) as connection:
            _refuse_duplicate(connection, sha256)
            kept_note = ""
            if replaces is None:
                dataset_id = _insert_first_version(connection, dataset_values)
                action, detail = "store", f"Stored '{name}'"
            else:
                predecessor = _current_dataset(connection, replaces)
                kept = _kept_years(connection, predecessor, keep_years, lines, totals)
                if kept:
                    kept_lines = sum(count for count, _ in kept.values())
                    kept_gbp = round(sum(amount for _, amount in kept.values()), 2)
                    dataset_values.update(
                        financial_years=", ".join(sorted(set(dataset_values["financial_years"].split(", "))
                                                         | set(kept))),
                        row_count=len(lines) + kept_lines, total_gbp=round(total_gbp + kept_gbp, 2))
                    kept_note = (f"; kept {', '.join(kept)} from version {predecessor.version} "
                                 f"({kept_lines} spend lines totalling £{kept_gbp:,.2f}, with their own sources)")
                dataset_id = _insert_next_version(connection, dataset_values, predecessor)
                action = "replace"
                detail = f"Replaced '{predecessor.name}' (id {predecessor.id}) with '{name}'"
            _insert_spend_lines(connection, dataset_id, lines)
            _insert_declared_totals(connection, dataset_id, totals)
            if kept_note:
                copy_rows(connection, predecessor.id, dataset_id, keep_years)
            record_action(
                connection,
                user=uploaded_by,
                action=action,
                dataset_id=dataset_id,
                detail=(
                    f"{detail} ({kind}, {area}, {dataset_values['financial_years']}): "
                    f"{len(lines)} spend lines totalling £{total_gbp:,.2f} from {original_filename}{kept_note}"
                ),
            )
    except IntegrityError as error:
        # Another user may have stored the same file between our check and our insert.
        with engine.connect() as connection:
            _refuse_duplicate(connection, sha256)
        raise StoreError(f"Could not store '{name}': {_reason(error)}") from error
    except SQLAlchemyError as error:
        raise StoreError(f"Could not store '{name}': {_reason(error)}") from error
    return dataset_id


def replace_dataset(
    engine: Engine,
    old_dataset_id: int,
    tidy: pd.DataFrame,
    declared_totals: pd.DataFrame | None,
    *,
    name: str,
    area: str,
    kind: str,
    original_filename: str,
    original_bytes: bytes,
    uploaded_by: str,
    citation: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    layout: dict | str | None = None,
    keep_years: Iterable[str] = (),
) -> int:
    """Store a corrected file as the next version of `old_dataset_id`; see save_dataset."""
    return save_dataset(
        engine, tidy, declared_totals, name=name, area=area, kind=kind,
        original_filename=original_filename, original_bytes=original_bytes,
        uploaded_by=uploaded_by, citation=citation, sheet=sheet, header_row=header_row,
        replaces=old_dataset_id, layout=layout, keep_years=keep_years,
    )


def _validated_lines(tidy: pd.DataFrame) -> pd.DataFrame:
    import pandera.errors  # here, as in validate_tidy: pages that only read never pay for pandera

    try:
        return validate_tidy(tidy)
    except (pandera.errors.SchemaError, pandera.errors.SchemaErrors) as error:
        raise StoreError(f"The spend lines do not fit the tidy schema: {error}") from error


def _prepared_declared_totals(declared_totals: pd.DataFrame | None) -> pd.DataFrame:
    if declared_totals is None:
        return pd.DataFrame(columns=DECLARED_TOTAL_COLUMNS)
    missing = [column for column in DECLARED_TOTAL_COLUMNS if column not in declared_totals]
    if missing:
        raise StoreError(f"The declared totals lack the columns: {', '.join(missing)}")
    ranges = [column for column in DECLARED_TOTAL_RANGE_COLUMNS if column in declared_totals]
    totals = declared_totals[DECLARED_TOTAL_COLUMNS + ranges]
    unknown_kinds = sorted(set(totals["kind"].dropna()) - set(DECLARED_TOTAL_KINDS))
    if unknown_kinds:
        raise StoreError(
            f"Unknown declared total kinds: {', '.join(map(str, unknown_kinds))}; "
            f"expected one of {', '.join(DECLARED_TOTAL_KINDS)}"
        )
    return totals


def _layout_json(layout: dict | str | None) -> str | None:
    """The Layout as JSON text: a dict is written out, JSON text must hold an object."""
    if layout is None:
        return None
    if isinstance(layout, str):
        try:
            parsed = json.loads(layout)
        except ValueError as error:
            raise StoreError(f"The layout is not valid JSON: {error}") from error
        if not isinstance(parsed, dict):
            raise StoreError("The layout must be a JSON object")
        layout = parsed
    if not isinstance(layout, dict):
        raise StoreError(f"The layout must be a dict or JSON text, not {type(layout).__name__}")
    try:
        # Strict JSON: NaN or infinity would be written as bare words no JSON reader accepts.
        return json.dumps(layout, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise StoreError(f"The layout cannot be stored as JSON: {error}") from error


def _financial_years(lines: pd.DataFrame, totals: pd.DataFrame) -> str:
    years = set(lines["financial_year"].unique()) | set(totals["financial_year"].dropna().unique())
    return ", ".join(sorted(years))


def _refuse_duplicate(connection: Connection, sha256: str, *, outside_lineage: int | None = None) -> None:
    """Refuse a file some dataset not deleted already holds, naming it.

    A deleted dataset does not count: its file may be uploaded again (see
    store/deletions.py). Nor does a version of `outside_lineage`, the dataset
    being restored, whose versions may share a file. A holder that is an
    earlier version, no longer current, is named with its version and marked
    restorable: the person wants that version back (store.restore_version).
    """
    query = select(Dataset.id, Dataset.name, Dataset.version, Dataset.is_current, Dataset.lineage_id,
                   Dataset.uploaded_by, Dataset.uploaded_at).where(Dataset.sha256 == sha256, UNDELETED)
    if outside_lineage is not None:
        query = query.where(Dataset.lineage_id != outside_lineage)
    # Versions of one dataset may share a file (a restored version copies it): the current one speaks first.
    holder = connection.execute(query.order_by(Dataset.is_current.desc(), Dataset.version.desc())).first()
    if holder is None:
        return
    if holder.is_current:
        raise DuplicateFileError(
            f"This file is already stored as dataset '{holder.name}' (id {holder.id}), "
            f"uploaded by {holder.uploaded_by} on {_when(holder.uploaded_at)}",
            existing_dataset_id=holder.id, existing_version=holder.version,
        )
    raise DuplicateFileError(
        f"This file is version {holder.version} of '{holder.name}' (id {holder.id}), uploaded by "
        f"{holder.uploaded_by} on {_when(holder.uploaded_at)} and since replaced; make that version "
        "current again instead of storing it twice",
        existing_dataset_id=holder.id, existing_version=holder.version, restorable=True,
    )


def _kept_years(connection: Connection, predecessor, keep_years: list[str], lines: pd.DataFrame,
                totals: pd.DataFrame) -> dict[str, tuple[int, float]]:
    """The kept years' (lines, £) in the version replaced; refuses a year the file has or the version lacks."""
    if not keep_years:
        return {}
    in_file = sorted(set(keep_years) & (set(lines["financial_year"]) | set(totals["financial_year"].dropna())))
    if in_file:
        raise StoreError(f"The new file has figures for {', '.join(in_file)}, so the stored ones cannot be kept too")
    held = years_held(connection, predecessor.id, keep_years)
    missing = [year for year in keep_years if year not in held]
    if missing:
        raise StoreError(f"'{predecessor.name}' (id {predecessor.id}) has no figures for {', '.join(missing)} to keep")
    return held


def _reason(error: SQLAlchemyError) -> str:
    # The driver's own message, without SQLAlchemy's echo of the SQL and its
    # parameters (which for a big upload is a wall of spend lines).
    return str(getattr(error, "orig", None) or error)


def _when(moment: datetime) -> str:
    return f"{moment:%d %b %Y at %H:%M} UTC"


def _current_dataset(connection: Connection, dataset_id: int):
    # FOR UPDATE makes a concurrent replace of the same dataset on PostgreSQL
    # wait for this one; SQLite's BEGIN IMMEDIATE has already serialised us.
    old = connection.execute(
        select(Dataset.id, Dataset.name, Dataset.version, Dataset.is_current, Dataset.lineage_id, Dataset.notes)
        .where(Dataset.id == dataset_id, UNDELETED)
        .with_for_update()
    ).one_or_none()
    if old is None:
        raise DatasetNotFoundError(f"There is no dataset with id {dataset_id} to replace")
    if not old.is_current:
        current = connection.execute(
            select(Dataset.id, Dataset.name)
            .where(Dataset.lineage_id == old.lineage_id, Dataset.is_current)
        ).first()
        newer = f": replace '{current.name}' (id {current.id}) instead" if current else ""
        raise StoreError(f"Dataset '{old.name}' (id {old.id}) has already been replaced{newer}")
    return old


def _insert_first_version(connection: Connection, values: dict) -> int:
    result = connection.execute(insert(Dataset).values(**values, version=1, is_current=True))
    dataset_id = result.inserted_primary_key[0]
    # The first version names its own lineage, and its id exists only now.
    connection.execute(update(Dataset).where(Dataset.id == dataset_id).values(lineage_id=dataset_id))
    return dataset_id


def _insert_next_version(connection: Connection, values: dict, predecessor) -> int:
    latest_version = connection.execute(
        select(func.max(Dataset.version)).where(Dataset.lineage_id == predecessor.lineage_id)
    ).scalar_one()
    connection.execute(
        update(Dataset).where(Dataset.id == predecessor.id).values(is_current=False)
    )
    result = connection.execute(
        insert(Dataset).values(
            # Staff's notes belong to the dataset, not to one file of it (store/details.py).
            **({"notes": predecessor.notes} | values),
            version=latest_version + 1,
            is_current=True,
            supersedes_id=predecessor.id,
            lineage_id=predecessor.lineage_id,
        )
    )
    return result.inserted_primary_key[0]


def _insert_spend_lines(connection: Connection, dataset_id: int, lines: pd.DataFrame) -> None:
    if lines.empty:
        return
    # Rounded to pence here so SQLite (which keeps whatever float it is given)
    # and PostgreSQL's NUMERIC(14,2) hold the same figure.
    rows = lines.assign(amount_gbp=lines["amount_gbp"].round(2), dataset_id=dataset_id)
    _bulk_insert(connection, SpendLine, rows)


def _insert_declared_totals(connection: Connection, dataset_id: int, totals: pd.DataFrame) -> None:
    if totals.empty:
        return
    whole_numbers = {column: "Int64" for column in totals if column == "source_row"
                     or column in DECLARED_TOTAL_RANGE_COLUMNS}
    rows = totals.astype(whole_numbers).assign(
        declared_gbp=pd.to_numeric(totals["declared_gbp"]).round(2), dataset_id=dataset_id
    )
    # Missing values must reach the database as NULL, not as float NaN.
    _bulk_insert(connection, DeclaredTotal, rows.astype(object).where(rows.notna(), None))


def _bulk_insert(connection: Connection, model, frame: pd.DataFrame) -> None:
    """Insert a frame's rows as tuples straight through the driver's executemany.

    SQLAlchemy's insert() builds and processes a parameter dict per row, which
    took three quarters of the time of storing 100,000 lines; the columns here
    are plain text, integers and floats already rounded to pence, which both
    sqlite3 and psycopg take as they are.
    """
    names = list(frame.columns)
    marker = _PARAMETER_MARKERS.get(connection.dialect.paramstyle)
    if marker is None:  # a driver we have not met: let SQLAlchemy adapt the values
        connection.execute(insert(model), [dict(zip(names, row)) for row in _rows(frame)])
        return
    preparer = connection.dialect.identifier_preparer
    statement = (
        f"INSERT INTO {preparer.format_table(model.__table__)} "
        f"({', '.join(preparer.quote(name) for name in names)}) "
        f"VALUES ({', '.join([marker] * len(names))})"
    )
    connection.exec_driver_sql(statement, _rows(frame))


_PARAMETER_MARKERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def _rows(frame: pd.DataFrame) -> list[tuple]:
    # .tolist() yields the plain Python values drivers accept (str, int, float, None).
    return list(zip(*(frame[name].tolist() for name in frame.columns)))
