"""A national-scale commissioning framework in the messy published layout, for the benchmarks.

43 PCC areas x 400 services x 6 financial years (about 100,000 amounts) in one
sheet, laid out the way Leicestershire's Appendix A is: title rows above the
header, a section row per strategic area, the header repeated after a blank
row every ~50 lines (page breaks in the PDF the sheet was made for), a subtotal
per section and a Grand Total per force, a few blank cells and some amounts
typed as "£1,234" text. Every line is one of Leicestershire's real lines, renamed
for the force and its amounts scaled, so the shapes and names are those a
loader meets in practice.

    .venv/bin/python bench/make_national_workbook.py [--areas 43] [--services 400]
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import openpyxl  # noqa: E402

from loaders import load_file  # noqa: E402

SEED_FILE = REPO / "data" / "leicestershire_commissioning_framework_2018-21.xlsx"
OUT_DIR = Path(__file__).resolve().parent / "out"
DEFAULT_PATH = OUT_DIR / "national_commissioning_framework_2015-21.xlsx"
RANDOM_SEED = 2021

# The 43 territorial police force areas of England and Wales.
PCC_AREAS = [
    "Avon and Somerset", "Bedfordshire", "Cambridgeshire", "Cheshire", "City of London",
    "Cleveland", "Cumbria", "Derbyshire", "Devon and Cornwall", "Dorset", "Durham",
    "Dyfed-Powys", "Essex", "Gloucestershire", "Greater Manchester", "Gwent", "Hampshire",
    "Hertfordshire", "Humberside", "Kent", "Lancashire", "Leicestershire", "Lincolnshire",
    "Merseyside", "Metropolitan Police", "Norfolk", "North Wales", "North Yorkshire",
    "Northamptonshire", "Northumbria", "Nottinghamshire", "South Wales", "South Yorkshire",
    "Staffordshire", "Suffolk", "Surrey", "Sussex", "Thames Valley", "Warwickshire",
    "West Mercia", "West Midlands", "West Yorkshire", "Wiltshire",
]
FINANCIAL_YEARS = ["2015/16", "2016/17", "2017/18", "2018/19", "2019/20", "2020/21"]
SECTIONS = ["Victims", "Vulnerable", "Prevention", "Cross Cutting"]
# Leicestershire's own subtotal wording, each spelt differently in the published file.
SUBTOTAL_LABELS = {
    "Victims": "Victims Subtotal",
    "Vulnerable": "Vulnerable subtotal",
    "Prevention": "Prevention Sub-total",
    "Cross Cutting": "Cross cutting sub-total",
}
HEADER = (
    ["PCC", "Service Name", "Current delivery organisation", "Provision", "How service is Commissioned?"]
    + [f"{year} budget (£)" for year in FINANCIAL_YEARS]
    + ["Geographical reach"]
)
FIRST_AMOUNT_COLUMN = 5
REPEAT_HEADER_EVERY = 50
LOCAL_NAMES = re.compile(r"\bLeicestershire\b|\bLeicester\b|\bLLR\b")
LOTS = ["North", "South", "East", "West", "Central", "City", "County", "Rural"]


@dataclass
class SeedLine:
    strategic_area: str
    service: str
    provider: str
    provision: str
    commissioning: str
    geography: str
    typical_gbp: float


def seed_lines() -> dict[str, list[SeedLine]]:
    """Leicestershire's real lines by strategic area, each with its typical yearly amount."""
    tidy = load_file(SEED_FILE, area="Leicestershire").tidy
    by_section: dict[str, list[SeedLine]] = {section: [] for section in SECTIONS}
    for _, line in tidy.groupby("source_row", sort=True):
        first = line.iloc[0]
        commissioning = first["commissioning_type"]
        if first["funding_partners"]:
            commissioning = f"{commissioning} (with {first['funding_partners']})"
        positive = line.loc[line["amount_gbp"] > 0, "amount_gbp"]
        by_section[first["strategic_area"]].append(SeedLine(
            strategic_area=first["strategic_area"],
            service=first["service"],
            provider=first["provider"],
            provision=first["provision"],
            commissioning=commissioning,
            geography=first["geography"],
            typical_gbp=float(positive.mean()) if len(positive) else 10_000.0,
        ))
    return by_section


def _local(text: str, area: str) -> str:
    return LOCAL_NAMES.sub(area, text)


def build_rows(areas: int = len(PCC_AREAS), services: int = 400, seed: int = RANDOM_SEED):
    """(rows, summary): the sheet's rows and what a correct loader must find in them."""
    rng = random.Random(seed)
    seeds = seed_lines()
    rows: list[list] = [
        ["Police and Crime Commissioners – national commissioning framework 2015-2021"],
        ["Commissioning budgets compiled from each OPCC's published framework, revised figures for 2020-21"],
        [],
        HEADER,
    ]
    amounts = 0
    totals: dict[str, dict[str, float]] = {}
    per_section = [services // len(SECTIONS) + (1 if i < services % len(SECTIONS) else 0)
                   for i in range(len(SECTIONS))]
    since_header = 0

    def add(row: list) -> None:
        nonlocal since_header
        if since_header >= REPEAT_HEADER_EVERY:
            rows.append([])
            rows.append(HEADER)
            since_header = 0
        rows.append(row)
        since_header += 1

    for area in PCC_AREAS[:areas]:
        # Forces differ in size far more than in what they buy: the Met spends
        # many times what Rutland's neighbours do on the same kind of service.
        area_scale = rng.lognormvariate(0, 0.6)
        area_totals = [0.0] * len(FINANCIAL_YEARS)
        for section, count in zip(SECTIONS, per_section):
            add([area, section.upper()])
            section_totals = [0.0] * len(FINANCIAL_YEARS)
            pattern = seeds[section]
            for number in range(count):
                seed_line = pattern[number % len(pattern)]
                lot = number // len(pattern)
                service = _local(seed_line.service, area)
                if lot:
                    service = f"{service} – {area} {LOTS[lot % len(LOTS)]} lot {lot}"
                line_scale = area_scale * rng.uniform(0.6, 1.4)
                growth = rng.uniform(-0.03, 0.06)
                # Some lines started part way through (blank years before them),
                # as the PAVE and CSE lines did in Leicestershire.
                starts = rng.randrange(1, 4) if rng.random() < 0.0625 else 0
                cells: list[object] = []
                for year_index in range(len(FINANCIAL_YEARS)):
                    if year_index < starts or (year_index > starts and rng.random() < 0.01):
                        cells.append(None)
                        continue
                    amount = round(seed_line.typical_gbp * line_scale
                                   * (1 + growth) ** (year_index - 3) * rng.uniform(0.95, 1.05))
                    amounts += 1
                    section_totals[year_index] += amount
                    roll = rng.random()
                    if roll < 0.06:
                        cells.append(f"£{amount:,}")  # pasted from a Word table
                    elif roll < 0.065:
                        cells.append(f"{amount:,}")
                    else:
                        cells.append(amount)
                add([
                    area, service, _local(seed_line.provider, area), seed_line.provision,
                    seed_line.commissioning, *cells, _local(seed_line.geography, area),
                ])
            add([area, SUBTOTAL_LABELS[section], None, None, None, *[round(t) for t in section_totals]])
            area_totals = [a + s for a, s in zip(area_totals, section_totals)]
        add([area, "Grand Total", None, None, None, *[round(t) for t in area_totals]])
        totals[area] = dict(zip(FINANCIAL_YEARS, area_totals))
    rows.append([])
    rows.append([None, "Source: OPCC commissioning frameworks; a blank cell means no figure was published."])
    summary = {
        "areas": areas,
        "services_per_area": services,
        "financial_years": FINANCIAL_YEARS,
        "amounts": amounts,
        "sheet_rows": len(rows),
        "declared_totals": areas * (len(SECTIONS) + 1) * len(FINANCIAL_YEARS),
        "grand_totals_gbp": totals,
        "seed": seed,
    }
    return rows, summary


def write_workbook(path: Path = DEFAULT_PATH, **options) -> dict:
    rows, summary = build_rows(**options)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("All PCCs")
    for row in rows:
        sheet.append(row)
    book.save(path)
    summary["file"] = str(path)
    path.with_suffix(".json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=len(PCC_AREAS))
    parser.add_argument("--services", type=int, default=400)
    parser.add_argument("--seed", type=int, default=RANDOM_SEED)
    parser.add_argument("--out", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    summary = write_workbook(args.out, areas=args.areas, services=args.services, seed=args.seed)
    print(f"{summary['file']}: {summary['amounts']:,} amounts, {summary['sheet_rows']:,} sheet rows, "
          f"{summary['declared_totals']:,} declared totals ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
