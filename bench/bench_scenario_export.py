"""How long the live scenario workbook takes to write for a national scenario (target: 2 s).

The bench's national workbook (43 forces x 400 services, bench/make_national_workbook.py)
is loaded by our loader; the scenario starts from the fullest force's latest
year and applies a step of every kind the planner has (each aimed at that
force's real strategic areas, providers and lines), then a projection, with
two funding streams. scenario_workbook writes the Inputs, Baseline,
Adjustments, Result, Step by step and Projection sheets: best of five.

    .venv/bin/python bench/bench_scenario_export.py
"""
from __future__ import annotations

import math
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarking import best_of, machine_line  # noqa: E402
from loaders import load_file  # noqa: E402
from make_national_workbook import DEFAULT_PATH, write_workbook  # noqa: E402
from scenarios.adjustments import (  # noqa: E402
    AddService, ChangeGroup, ChangeLine, EndService, InflationUplift, LineRef, Projection, Share, SplitSum,
)
from scenarios.apply import apply_adjustments  # noqa: E402
from scenarios.baselines import baseline_lines  # noqa: E402
from scenarios.export import scenario_workbook  # noqa: E402
from scenarios.funding import FundingSource  # noqa: E402

TARGET_S = 2.0


def national_lines(folder: Path):
    path = DEFAULT_PATH if DEFAULT_PATH.exists() else Path(folder) / "national.xlsx"
    if not path.exists():
        write_workbook(path)
    return load_file(path, area=None).tidy


def every_kind(baseline) -> list:
    areas = list(dict.fromkeys(baseline["strategic_area"]))
    first, second, third = (LineRef(row.service, row.provider, row.geography)
                            for row in baseline.head(3).itertuples())
    return [
        ChangeGroup("strategic_area", areas[0], "percent", -5),
        ChangeGroup("provider", str(baseline["provider"].iloc[10]), "gbp", 2_500),
        ChangeGroup("commissioning_type", str(baseline["commissioning_type"].iloc[0]), "percent", 1.5),
        ChangeLine(first, "gbp", -1_000),
        EndService(second),
        AddService(strategic_area=areas[0], service="New service", provider="To be procured", amount_gbp=60_000),
        SplitSum(55_000, (Share(first, 60), Share(third, 40))),
        InflationUplift(2),
        InflationUplift(1, only_unadjusted=False),
        Projection(3, 2),
    ]


def main() -> int:
    print(machine_line())
    with tempfile.TemporaryDirectory() as folder:
        lines = national_lines(Path(folder))
    sizes = lines.groupby(["area", "financial_year"]).size().sort_values(kind="stable")
    area, year = sizes.index[-1]
    baseline = baseline_lines(lines, area=area, financial_year=year)
    plan = every_kind(baseline)
    result = apply_adjustments(baseline, plan)
    flat = math.fsum(baseline["amount_gbp"])
    funding = [FundingSource("Victims' grant", flat * 0.4, "Victims' grant"),
               FundingSource("PCC's own contribution", flat * 0.6, "PCC's own contribution")]
    seconds, data = best_of(5, lambda: scenario_workbook(result, plan, name="National bench", baseline_label=f"{area} {year}",
                                                         funding=funding))
    met = seconds <= TARGET_S
    print(f"{area} {year}: {len(baseline)} lines, {len(plan)} steps, {len(data) / 1e6:.2f} MB: "
          f"best of 5 {seconds:.3f} s (target {TARGET_S} s: {'met' if met else 'missed'})")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
