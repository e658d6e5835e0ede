"""Real figures to store in tests, and helpers to count what got stored.

The spend lines are real: Leicestershire PCC's Appendix A (Commissioning
budget 2018-2021, decision EXE0003/20) and one emergent-issues line from the
same decision record, which carries pence.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import func, select

from store import save_dataset
from store.models import AuditEntry, Dataset, DeclaredTotal, SpendLine

SEED_FILE = Path("/work/shared/seeds/002_29fa97a21d365589.txt")

SOURCE_FILE = "leicestershire_commissioning_framework_2018-21.docx"
SHEET = "Appendix A"
YEARS = ["2018/19", "2019/20", "2020/21"]

# service, provider, provision, commissioning type, funding partners, geography,
# source row, budgets by year (None where the cell is blank).
VICTIMS_LINES = [
    ("Victim First", "Catch 22",
     "Generic victim support service inclusive of Restorative Justice",
     "Procured – sole funded", "", "LLR", 6, (573_925, 543_752, 558_322)),
    ("CHISVA", "FreeVA", "Support/Advocacy for child victims of sexual violence",
     "Procured – sole funded", "", "LLR", 8, (50_000, 50_000, 50_000)),
    ("Sexual and domestic Violence information and support service",
     "United Against Violence and Abuse (UAVA)", "Sexual and domestic violence Victim support",
     "Procured – jointly funded", "upper tier councils", "LLR", 10, (396_002, 396_002, 396_927)),
    ("Paediatric SARC", "Nottingham University Hospital Trust",
     "Forensic examination and emotional/practical support/advocacy",
     "Procured – jointly funded", "NHS England and East Mid's PCCs", "East Midlands", 13,
     (None, 20_000, 20_000)),
]


def engine_url(engine) -> str:
    """The URL another process can open the same store with."""
    return engine.url.render_as_string(hide_password=False)


def tidy_lines(victim_first_2020_21: float = 558_322) -> pd.DataFrame:
    """Four Victims lines of Appendix A (its real rows) and the pence-bearing MARAC IDVA line."""
    rows = []
    for service, provider, provision, commissioning, partners, geography, source_row, budgets in VICTIMS_LINES:
        if service == "Victim First":
            budgets = (*budgets[:2], victim_first_2020_21)
        for year, amount in zip(YEARS, budgets):
            if amount is not None:
                rows.append(_line("Victims", service, provider, provision, commissioning,
                                  partners, geography, year, amount, source_row))
    # Decision EXE0003/20, Table 1 (row 4 of that table): approved from the
    # emergent issues budget for 2020-21 only. Its row number sorts it first.
    marac_idva = _line("Cross cutting", "MARAC IDVA", "Women's Aid Leicestershire Ltd (WALL)",
                       "Contribution to MARAC IDVA", "Other", "", "LLR", "2020/21", 2_488.25, 4)
    rows.append({**marac_idva, "source_sheet": "Table 1"})
    return pd.DataFrame(rows)


def _line(strategic_area, service, provider, provision, commissioning, partners, geography,
          year, amount, source_row) -> dict:
    return {
        "area": "Leicestershire",
        "strategic_area": strategic_area,
        "service": service,
        "provider": provider,
        "provision": provision,
        "commissioning_type": commissioning,
        "funding_partners": partners,
        "geography": geography,
        "financial_year": year,
        "amount_gbp": float(amount),
        "source_file": SOURCE_FILE,
        "source_sheet": SHEET,
        "source_row": source_row,
    }


def declared_totals() -> pd.DataFrame:
    """Appendix A's Victims subtotal and grand total, as printed."""
    rows = []
    for year, subtotal, grand_total in zip(
        YEARS, (1_386_885, 1_379_712, 1_395_707), (4_283_405, 4_316_550, 4_395_961)
    ):
        rows.append({"area": "Leicestershire", "label": "Victims Subtotal", "kind": "subtotal",
                     "strategic_area": "Victims", "financial_year": year, "declared_gbp": subtotal,
                     "covers_from_row": 6, "covers_to_row": 13, "source_file": SOURCE_FILE,
                     "source_sheet": SHEET, "source_row": 16})
        rows.append({"area": "Leicestershire", "label": "Grand Total", "kind": "grand_total",
                     "strategic_area": None, "financial_year": year, "declared_gbp": grand_total,
                     "covers_from_row": 6, "covers_to_row": 66, "source_file": SOURCE_FILE,
                     "source_sheet": SHEET, "source_row": 67})
    return pd.DataFrame(rows)


def seed_bytes() -> bytes:
    return SEED_FILE.read_bytes() if SEED_FILE.exists() else b"EXE0003/20 Appendix A"


def store_framework(engine, *, original_bytes: bytes | None = None, user: str = "alice",
                    name: str = "Leicestershire commissioning framework 2018-21", **overrides) -> int:
    details = {
        "name": name,
        "area": "Leicestershire",
        "kind": "framework",
        "original_filename": SOURCE_FILE,
        "original_bytes": seed_bytes() if original_bytes is None else original_bytes,
        "uploaded_by": user,
        "citation": "Leicestershire OPCC decision EXE0003/20, revised Appendix A",
        "sheet": SHEET,
        "header_row": 4,
    }
    details.update(overrides)
    tidy = details.pop("tidy", None)
    totals = details.pop("declared_totals", None)
    return save_dataset(
        engine,
        tidy_lines() if tidy is None else tidy,
        declared_totals() if totals is None else totals,
        **details,
    )


def row_counts(engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            model.__tablename__: connection.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Dataset, SpendLine, DeclaredTotal, AuditEntry)
        }
