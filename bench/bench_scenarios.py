"""How long adding or changing a step takes on the national store: the planner's server-side work per click.

The national workbook (bench/make_national_workbook.py: 43 areas x 400
services x 6 years) is read once; the plan starts from one area's 2020/21
budget (its 400 lines), planned three years from 2020/21 with the baseline
rolled by the GDP deflators, ring-fenced envelopes, and steps of every kind
aimed at filters. Timed per click: the steps applied in every year, the
envelopes checked, and the tables the page draws (comparison, waterfall,
years). With --page the store is built in SQLite and the page itself is run
in AppTest, timing the rerun that adds a step (what a click costs the server).

    .venv/bin/python bench/bench_scenarios.py [--page]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for path in (REPO, REPO / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from benchmarking import best_of  # noqa: E402
from loaders import load_file  # noqa: E402
from make_national_workbook import DEFAULT_PATH, write_workbook  # noqa: E402
from scenarios.adjustments import (  # noqa: E402
    Change, EndService, InflationUplift, LineRef, Move, Projection, SetTo, Target,
)
from scenarios.apply import apply_adjustments  # noqa: E402
from scenarios.baselines import baseline_lines  # noqa: E402
from scenarios.comparison import changed_lines, strategic_area_comparison, waterfall_steps  # noqa: E402
from scenarios.envelopes import check_envelopes  # noqa: E402
from scenarios.funding import FundingSource, funding_gap  # noqa: E402
from scenarios.projection import years_table  # noqa: E402

BUDGET_MS = 300


def plan_for(lines) -> list:
    first, second = lines.iloc[0], lines.iloc[1]
    return [
        Projection(3, first_year="2020/21", roll="deflators"),
        Change(Target.of(strategic_area="Prevention"), "percent", -5),
        InflationUplift(2, only_unadjusted=False, target=Target.of(commissioning_type="Grant funding")),
        Move(50_000, Target.of(service=first["service"]), Target.of(service=second["service"])),
        SetTo(Target.of(strategic_area="Victims", commissioning_type="Procured – sole funded"), 1_000_000),
        EndService(LineRef(lines.iloc[5]["service"], lines.iloc[5]["provider"], lines.iloc[5]["geography"])),
        Change(Target.of(strategic_area="Cross Cutting"), "gbp", -25_000, from_year="2021/22"),
    ]


def one_click(baseline, steps, sources) -> None:
    result = apply_adjustments(baseline, steps)
    check_envelopes(result, sources)
    funding_gap(result, sources)
    strategic_area_comparison(result)
    changed_lines(result)
    waterfall_steps(result)
    years_table(result)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", action="store_true", help="also time the page's rerun in AppTest on a SQLite store")
    args = parser.parse_args(argv)
    if not DEFAULT_PATH.exists():
        write_workbook(DEFAULT_PATH)
    loaded = load_file(DEFAULT_PATH)
    tidy = loaded.tidy
    area = tidy.groupby("area")["amount_gbp"].size().idxmax()
    baseline = baseline_lines(tidy, area=area, financial_year="2020/21")
    total = float(baseline["amount_gbp"].sum())
    victims = float(baseline.loc[baseline["strategic_area"] == "Victims", "amount_gbp"].sum())
    sources = [FundingSource("Victims' grant", victims, ring_fence=Target.of(strategic_area="Victims")),
               FundingSource("PCC's own contribution", total - victims)]
    steps = plan_for(baseline)
    print(f"National workbook: {len(tidy):,} amounts, {tidy['area'].nunique()} areas; baseline {area} 2020/21, "
          f"{len(baseline)} lines, plan of 3 years, {len(steps) - 1} steps, {len(sources)} envelopes")
    for count in (1, len(steps) - 1):
        seconds, _ = best_of(7, lambda: one_click(baseline, steps[:count + 1], sources))
        verdict = "ok" if seconds * 1000 <= BUDGET_MS else "OVER"
        print(f"  apply + envelopes + tables, {count} step(s): {seconds * 1000:7.1f} ms  (budget {BUDGET_MS} ms: {verdict})")
    if args.page:
        time_page(loaded)
    return 0


def time_page(loaded) -> None:
    from streamlit.testing.v1 import AppTest

    from store import make_engine, save_dataset

    folder = Path(tempfile.mkdtemp(prefix="bench_scenarios_"))
    url = f"sqlite:///{folder / 'national.sqlite'}"
    os.environ.update({"DATABASE_URL": url, "SPEND_SNAPSHOT_DIR": "off"})
    engine = make_engine(url)
    for area, lines in loaded.tidy.groupby("area", sort=True):
        declared = loaded.declared_totals.loc[loaded.declared_totals["area"] == area]
        save_dataset(engine, lines.reset_index(drop=True), declared, name=f"{area} commissioning framework 2015-21",
                     area=area, kind="framework", original_filename=f"{area}.csv",
                     original_bytes=lines.to_csv(index=False).encode("utf-8"), uploaded_by="bench",
                     sheet=loaded.sheet, header_row=loaded.header_row)
    engine.dispose()
    at = AppTest.from_file(str(REPO / "pages" / "scenario_planner.py"), default_timeout=300)
    at.secrets = {"staff_accounts": {"bench@opcc.example": "$2b$12$" + "a" * 53}}
    at.session_state["staff_user"] = "bench@opcc.example"
    at.run()
    timings = []
    for percent in (5.0, 6.0, 7.0, 8.0, 9.0):
        at.selectbox(key="new_step_kind").set_value("change").run()
        at.multiselect(key="new_step_target_strategic_area").set_value(["Prevention"]).run()
        at.number_input(key="new_step_size_percent").set_value(percent).run()
        started = time.perf_counter()
        at.button(key="new_step_submit").click().run()
        timings.append(time.perf_counter() - started)
        assert not at.exception, at.exception
    print(f"  page rerun adding a step (AppTest, SQLite national store): best {min(timings) * 1000:.0f} ms, "
          f"median {sorted(timings)[len(timings) // 2] * 1000:.0f} ms over {len(timings)} steps "
          "(includes the add's own rerun and AppTest's overhead)")


if __name__ == "__main__":
    raise SystemExit(main())
