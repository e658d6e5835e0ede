"""Read stored spend lines and declared totals back as the frames the pages use."""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd
from sqlalchemy import func, Connection, Engine, select

from loaders.schema import TIDY_COLUMNS
from store.audit import version_in
from store.models import (
    DECLARED_TOTAL_COLUMNS,
    DECLARED_TOTAL_RANGE_COLUMNS,
    UNDELETED,
    Dataset,
    DeclaredTotal,
    SpendLine,
)

DATASET_LABEL_COLUMNS = ["dataset_id", "dataset_name", "dataset_kind"]
SPEND_COLUMNS = TIDY_COLUMNS + DATASET_LABEL_COLUMNS
DECLARED_COLUMNS = DECLARED_TOTAL_COLUMNS + DECLARED_TOTAL_RANGE_COLUMNS + DATASET_LABEL_COLUMNS


def load_spend(
    engine: Engine,
    current_only: bool = True,
    dataset_ids: Iterable[int] | None = None,
    *,
    text_as_category: bool = False,
) -> pd.DataFrame:
    """The tidy spend lines plus the dataset each came from, by dataset then source row.

    `dataset_ids`, when given, reads exactly those datasets, current or not
    (to compare versions); otherwise `current_only` leaves out replaced ones.
    Deleted datasets are never read.
    `text_as_category` gives every text column as a pandas categorical, its
    categories sorted, instead of `str`: a national store (100,000 lines) then
    takes 5 MB instead of 41 MB, and so does every filtered copy of it.
    """
    with engine.connect() as connection:
        return _read_spend(connection, current_only, dataset_ids, text_as_category)


def read_current_spend(engine: Engine) -> tuple[str, pd.DataFrame]:
    """The store's version and load_spend(current_only=True, text_as_category=True), read in one transaction.

    The two agree even while someone uploads: store.snapshot files the lines
    under that version, and must never file newer lines under an older one.
    """
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # READ COMMITTED gives each statement its own view of the store.
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            version = version_in(connection)
            return version, _read_spend(connection, True, None, True)


def _spend_column(column: str):
    # Lines stored before revision 0003 have no column letter: "" rather than NULL.
    if column == "source_column":
        return func.coalesce(SpendLine.source_column, "").label("source_column")
    return getattr(SpendLine, column)


def _read_spend(connection: Connection, current_only: bool, dataset_ids: Iterable[int] | None,
                text_as_category: bool) -> pd.DataFrame:
    # A dataset's name and kind are read once and spread over its lines:
    # joined onto every line they took a fifth of a national store's read.
    datasets = connection.execute(
        _with_dataset_filter(select(*_dataset_labels()).order_by(Dataset.id), current_only, dataset_ids)
    ).all()
    ids = [row[0] for row in datasets]
    query = (
        select(*(_spend_column(column) for column in TIDY_COLUMNS), SpendLine.dataset_id)
        .where(SpendLine.dataset_id.in_(ids))
        .order_by(SpendLine.dataset_id, SpendLine.source_row, SpendLine.id)
    )
    numeric = {"amount_gbp": "float64", "source_row": "int64", "dataset_id": "int64"}
    lines = _read(connection, query, TIDY_COLUMNS + ["dataset_id"], numeric, text_as_category=text_as_category)
    # ids are sorted, and every line's dataset is among them.
    of_line = np.searchsorted(np.asarray(ids, dtype="int64"), lines["dataset_id"].to_numpy())
    for position, column in ((1, "dataset_name"), (2, "dataset_kind")):
        per_dataset = np.array([row[position] for row in datasets], dtype=object)
        if text_as_category:
            codes, categories = pd.factorize(per_dataset, sort=True)
            lines[column] = pd.Categorical.from_codes(
                codes[of_line], dtype=pd.CategoricalDtype(pd.Index(categories, dtype="str"))
            ).remove_unused_categories()
        else:
            lines[column] = pd.Series(per_dataset[of_line], dtype="str")
    return lines


def load_declared_totals(
    engine: Engine,
    current_only: bool = True,
    dataset_ids: Iterable[int] | None = None,
) -> pd.DataFrame:
    """The totals the source files print, to check sums against; filters as load_spend."""
    query = _with_dataset_filter(
        select(
            *(getattr(DeclaredTotal, column)
              for column in DECLARED_TOTAL_COLUMNS + DECLARED_TOTAL_RANGE_COLUMNS),
            *_dataset_labels(),
        )
        .join(Dataset, Dataset.id == DeclaredTotal.dataset_id)
        .order_by(DeclaredTotal.dataset_id, DeclaredTotal.source_row, DeclaredTotal.id),
        current_only,
        dataset_ids,
    )
    numeric = {
        "declared_gbp": "float64",
        "covers_from_row": "Int64",
        "covers_to_row": "Int64",
        "source_row": "int64",
        "dataset_id": "int64",
    }
    # A grand total has no strategic_area: it reads back as missing (NaN).
    with engine.connect() as connection:
        return _read(connection, query, DECLARED_COLUMNS, numeric)


def _dataset_labels():
    return (
        Dataset.id.label("dataset_id"),
        Dataset.name.label("dataset_name"),
        Dataset.kind.label("dataset_kind"),
    )


def _with_dataset_filter(query, current_only: bool, dataset_ids: Iterable[int] | None):
    # A deleted dataset is left out even when asked for by id: a scenario saved
    # against it then says its baseline is gone rather than showing it.
    query = query.where(UNDELETED)
    if dataset_ids is not None:
        return query.where(Dataset.id.in_(list(dataset_ids)))
    if current_only:
        return query.where(Dataset.is_current)
    return query


# Rows are turned into columns a slice at a time: holding 100,000 Row objects
# and their tuples at once doubled the dashboard's peak memory.
READ_CHUNK_ROWS = 5_000


def _read(connection: Connection, query, columns: list[str], numeric: dict[str, str], *,
          text_as_category: bool = False) -> pd.DataFrame:
    """The query's rows as a frame; columns not in `numeric` are text (`str`, or categorical)."""
    chunks = _row_chunks(connection, query)
    if text_as_category:
        return _categorical_frame([_coded(chunk, columns, numeric) for chunk in chunks], columns, numeric)
    frames = [_frame(chunk, columns, numeric) for chunk in chunks]
    if not frames:
        return _frame([], columns, numeric)
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def _row_chunks(connection, query):
    """The query's rows as plain tuples, READ_CHUNK_ROWS at a time, straight from the driver's cursor.

    Every column read here is text or a number the frame converts itself, so
    SQLAlchemy's Row objects and per-value result processing (two thirds of
    reading a national store's 100,000 lines) buy nothing. A driver with
    another parameter style goes through SQLAlchemy as before.
    """
    if connection.dialect.paramstyle not in ("qmark", "format", "pyformat"):
        result = connection.execution_options(yield_per=READ_CHUNK_ROWS).execute(query)
        yield from result.partitions()
        return
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    parameters = (
        tuple(compiled.params[name] for name in compiled.positiontup)
        if connection.dialect.paramstyle == "qmark" else compiled.params
    )
    # Through SQLAlchemy's connection, so the engine's own set-up (SQLite's
    # pragmas and transaction handling) still applies.
    cursor = connection.connection.driver_connection.cursor()
    try:
        cursor.execute(str(compiled), parameters)
        while rows := cursor.fetchmany(READ_CHUNK_ROWS):
            yield rows
    finally:
        cursor.close()


def _frame(rows, columns: list[str], numeric: dict[str, str]) -> pd.DataFrame:
    # Column by column with the dtype given is twice as fast as
    # DataFrame.from_records, which infers every column's type from the values.
    values_by_column = list(zip(*rows)) or [()] * len(columns)
    return pd.DataFrame(
        {
            column: pd.Series(values, dtype=numeric.get(column, "str"))
            for column, values in zip(columns, values_by_column)
        }
    )


def _coded(rows, columns: list[str], numeric: dict[str, str]) -> dict:
    """One slice of rows: numbers as a Series, each text column as (codes, distinct values) from pd.factorize."""
    return {
        column: pd.Series(values, dtype=numeric[column]) if column in numeric
        else pd.factorize(np.asarray(values, dtype=object))
        for column, values in zip(columns, zip(*rows))
    }


def _categorical_frame(chunks: list[dict], columns: list[str], numeric: dict[str, str]) -> pd.DataFrame:
    frame = {}
    for column in columns:
        if column in numeric:
            parts = [chunk[column] for chunk in chunks]
            frame[column] = pd.concat(parts, ignore_index=True) if parts else pd.Series(dtype=numeric[column])
            continue
        # Each slice numbered its own distinct values; number them again over
        # every slice, in sorted order, as the categories.
        codes, distinct, offset = [], [], 0
        for chunk_codes, chunk_distinct in (chunk[column] for chunk in chunks):
            codes.append(np.where(chunk_codes >= 0, chunk_codes + offset, -1))  # -1: a missing value
            distinct.append(chunk_distinct)
            offset += len(chunk_distinct)
        renumbered, categories = pd.factorize(np.concatenate([np.array([], dtype=object), *distinct]), sort=True)
        # A final -1 so that a missing value's code, -1, stays -1.
        renumbered = np.append(renumbered, -1)
        frame[column] = pd.Categorical.from_codes(
            renumbered[np.concatenate([np.array([], dtype=np.intp), *codes])],
            dtype=pd.CategoricalDtype(pd.Index(categories, dtype="str")),
        )
    return pd.DataFrame(frame, columns=columns)
