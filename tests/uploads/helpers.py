"""Files built from Leicestershire's published Appendix A, and a fingerprint of a store's contents."""
from __future__ import annotations

import hashlib
import io
from pathlib import Path

import openpyxl
import pandas as pd

import store
from tests.loaders.layouts import REPO, header_index, numeric_rows, published_rows, without_titles

DATA = REPO / "data"
APPENDIX = DATA / "leicestershire_commissioning_framework_2018-21.xlsx"
YEAR_COLUMN = {"2018/19": 4, "2019/20": 5, "2020/21": 6}


def xlsx_bytes(rows: list[list], sheet: str = "Appendix A") -> bytes:
    book = openpyxl.Workbook()
    book.active.title = sheet
    for row in rows:
        book.active.append([None if value == "" else value for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def appendix_rows() -> list[list]:
    """The published table, amounts as numbers, title rows and all (header on row 4)."""
    return numeric_rows(published_rows())


def row_of(rows: list[list], service: str) -> int:
    """0-based index of the line for `service` (its spreadsheet row is this + 1)."""
    return next(i for i, row in enumerate(rows) if row and row[0] == service)


def bare_appendix_rows() -> list[list]:
    """The table from its header down: the header is row 1, 'Sub-misuse add on for Rutland' row 17."""
    return numeric_rows(without_titles(published_rows()))


def store_fingerprint(engine) -> dict:
    """Everything a user could see change: datasets, their lines and totals, aliases, the audit log."""
    datasets = store.list_datasets(engine)
    spend = store.load_spend(engine, current_only=False)
    declared = store.load_declared_totals(engine, current_only=False)
    return {
        "datasets": datasets.drop(columns=["uploaded_at"]).to_dict("records"),
        "lines": len(spend),
        "amount_gbp": round(float(spend["amount_gbp"].sum()), 2),
        "lines_by_dataset": spend.groupby("dataset_id").size().to_dict(),
        "declared": len(declared),
        "aliases": store.list_aliases(engine)[["alias", "canonical_name"]].to_dict("records"),
        "audit_entries": len(store.audit_log(engine)),
        "version": store.store_version(engine),
    }


def sqlite_file_digest(engine) -> str:
    """SHA-256 over the SQLite file and its write-ahead log: the store byte for byte."""
    digest = hashlib.sha256()
    database = Path(engine.url.database)
    for path in (database, database.with_name(database.name + "-wal")):
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()


def spend_frame(engine, dataset_id: int) -> pd.DataFrame:
    from loaders import TIDY_COLUMNS

    return store.load_spend(engine, dataset_ids=[dataset_id])[TIDY_COLUMNS]


def appendix_moved_on_a_year_rows(victim_first_2021_22: float = 575_000, chisva_2020_21: float = 52_000) -> list[list]:
    """Appendix A as next year's file: 2019/20–2021/22, 2018/19 gone.

    2019/20 is as published; 2020/21 too, but for CHISVA's budget (a
    correction, £50,000 to `chisva_2020_21`); 2021/22 repeats 2020/21 with
    Victim First's budget revised to `victim_first_2021_22`. Every subtotal
    and the Grand Total are moved with their lines, so the file reconciles.
    """
    rows = appendix_rows()
    for row in rows:
        if row and row[0] == "Service Name":
            row[4:7] = ["2019/20 budget (£)", "2020/21 budget (£)", "2021/22 budget (£)"]
        elif len(row) > 6 and any(isinstance(value, (int, float)) for value in row[4:7]):
            row[4:7] = [row[5], row[6], row[6]]
    chisva = chisva_2020_21 - 50_000
    victim_first = victim_first_2021_22 - 558_322
    for service, in_2020_21, in_2021_22 in (("CHISVA", chisva, chisva), ("Victim First", 0, victim_first),
                                            ("Victims Subtotal", chisva, chisva + victim_first),
                                            ("Grand Total", chisva, chisva + victim_first)):
        line = rows[row_of(rows, service)]
        if service == "CHISVA":
            line[5], line[6] = chisva_2020_21, chisva_2020_21
        elif service == "Victim First":
            line[6] = victim_first_2021_22
        else:
            line[5] += in_2020_21
            line[6] += in_2021_22
    return rows


def area_of_work_rows() -> list[list]:
    """Appendix A with its strategic areas moved from section rows into an 'Area of work' column.

    The provider heading reads 'Lead organisation', as another office's framework
    words it; the lines, their providers and their amounts are Appendix A's own.
    Subtotal and total rows go with the sections (a column now carries the area).
    """
    rows = appendix_rows()
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Service Name")
    out = [["", *row] for row in rows[:header]]
    out.append(["Area of work", rows[header][0], "Lead organisation", *rows[header][2:]])
    section = None
    for row in rows[header + 1:]:
        amounts = [value for value in row[4:7] if isinstance(value, (int, float))]
        if row[0] and not any(row[1:]):
            section = str(row[0]).strip().title()
        elif amounts and "total" not in str(row[0]).casefold():
            out.append([section, *row])
    return out
