"""How fast the Overview draws and redraws on a national store of ~100,000 amounts, and its memory.

    .venv/bin/python bench/bench_dashboard.py [--no-fail] [--profile]

The national workbook (bench/make_national_workbook.py) is loaded and stored as
43 datasets, one per force as each PCC would upload its own, in a temporary
SQLite file. A fresh Python process then drives dashboard.py with Streamlit's
AppTest, with DATABASE_URL pointing at that store, and measures:

- first render, new process: the first visitor after the server starts (page
  modules imported, the spend lines read and cached), once with the store
  unchanged since the last server wrote its snapshot (store/snapshot.py), the
  usual case, and once in a process of its own straight after the store was
  filled, when there is no snapshot yet and the lines come through SQL;
- first render after a write: a new session once the store has changed (an
  alias is set) and every cache was cleared, as after an upload (modules
  already imported; no snapshot for the new version, so through SQL);
- rerun after a filter change: each strategic area chosen in turn, then two year
  ranges, for one force (the default view) and for all areas (every line);
- peak resident memory of that process over those steps;
- then every other public page opened on all areas at once: its first render
  (page code and aggregates; the lines are already cached) and one filter change.

Targets: filter change < 250 ms (median of the changes; the slowest is shown),
first render < 2 s (the Overview's, and every other page's with all areas),
peak memory < 400 MB. Exits 1 if one is missed, unless --no-fail.
--profile prints where the time of the first render and of one filter change goes.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarking import MB, Verdicts, machine_line  # noqa: E402

FILTER_CHANGE_S = 0.250
FIRST_RENDER_S = 2.0
PEAK_MEMORY_MB = 400
DASHBOARD = REPO / "dashboard.py"
RESULT_MARK = "BENCH-RESULT "


# --- the parent: build the store, run the measuring process, judge ------------------------------


def build_store(url: str) -> dict:
    from loaders import load_file
    from make_national_workbook import DEFAULT_PATH, write_workbook
    from store import make_engine, save_dataset

    if not DEFAULT_PATH.exists():
        write_workbook(DEFAULT_PATH)
    loaded = load_file(DEFAULT_PATH)
    engine = make_engine(url)
    started = time.perf_counter()
    try:
        for area, lines in loaded.tidy.groupby("area", sort=True):
            declared = loaded.declared_totals.loc[loaded.declared_totals["area"] == area]
            save_dataset(
                engine, lines.reset_index(drop=True), declared,
                name=f"{area} commissioning framework 2015-21", area=area, kind="framework",
                original_filename=f"{area} commissioning framework 2015-21.csv",
                original_bytes=lines.to_csv(index=False).encode("utf-8"),
                uploaded_by="bench", sheet=loaded.sheet, header_row=loaded.header_row,
            )
    finally:
        engine.dispose()
    return {"amounts": len(loaded.tidy), "datasets": loaded.tidy["area"].nunique(),
            "store_seconds": time.perf_counter() - started}


def run_measurements(url: str, profile: bool, first_render_only: bool = False) -> dict:
    command = ([sys.executable, str(Path(__file__).resolve()), "--measure"]
               + (["--profile"] if profile else []) + (["--first-render-only"] if first_render_only else []))
    completed = subprocess.run(command, env={**os.environ, "DATABASE_URL": url}, cwd=REPO,
                               capture_output=True, text=True)
    for line in completed.stdout.splitlines():
        if line.startswith(RESULT_MARK):
            continue
        print(line)
    results = [line for line in completed.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if completed.returncode != 0 or not results:
        sys.stderr.write(completed.stderr[-4000:])
        raise SystemExit(f"bench_dashboard: the measuring process failed (exit {completed.returncode})")
    return json.loads(results[-1][len(RESULT_MARK):])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-fail", action="store_true", help="report only; exit 0 even if a target is missed")
    parser.add_argument("--profile", action="store_true", help="print where the first render and a rerun spend time")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--first-render-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        return measure(args.profile, args.first_render_only)

    with tempfile.TemporaryDirectory(prefix="bench-dashboard-") as folder:
        url = f"sqlite:///{folder}/victims_spend.sqlite"
        built = build_store(url)
        print(f"bench_dashboard: {built['amounts']:,} amounts stored as {built['datasets']} datasets "
              f"({built['store_seconds']:.1f} s), Overview via AppTest.from_file('dashboard.py')")
        print(f"  {machine_line()}")
        # First a process that finds no snapshot (the store was just filled);
        # it leaves one behind for the second, which takes every measure.
        without_snapshot = run_measurements(url, False, first_render_only=True)
        figures = run_measurements(url, args.profile)

    def show(name: str, seconds: float, note: str = "") -> None:
        print(f"  {name:<44} {seconds * 1000:7.0f} ms{'  ' + note if note else ''}")

    show("first render, new process", figures["first_render_cold_s"], "imports + snapshot read + draw")
    show("first render, new process, no snapshot yet", without_snapshot["first_render_cold_s"],
         "imports + SQL read + snapshot write + draw")
    show("first render after a write, caches cleared", figures["first_render_warm_s"],
         "SQL read + snapshot write + draw")
    show("area changed to all areas (100,000 lines)", figures["switch_to_all_areas_s"])
    for view, changes in figures["filter_changes"].items():
        for change, seconds in changes:
            show(f"filter change ({view}): {change}", seconds)
    print(f"  peak RSS of the dashboard process            {figures['peak_rss_mb']:7.0f} MB "
          f"({figures['rss_after_imports_mb']:.0f} MB after importing Streamlit and pandas)")
    steps = figures["peak_rss_by_step_mb"]
    highest = sorted(steps.items(), key=lambda item: -item[1])[:4]
    print("    highest during: " + "; ".join(f"{what} {mb:.0f} MB" for what, mb in highest))
    one_force = max(mb for what, mb in steps.items() if what in figures["one_force_steps"])
    print(f"    highest while showing one force (before all areas were chosen): {one_force:.0f} MB")

    print("  every other page with all areas (first render; then one strategic area chosen):")
    for visit in figures["page_tour"]:
        print(f"    {visit['page']:<16} {visit['first_s'] * 1000:7.0f} ms  {visit['change_s'] * 1000:7.0f} ms")

    verdicts = Verdicts()
    for view, changes in figures["filter_changes"].items():
        seconds = [s for _, s in changes]
        median, slowest = statistics.median(seconds), max(seconds)
        verdicts.check(f"filter change < {FILTER_CHANGE_S * 1000:.0f} ms ({view})", median < FILTER_CHANGE_S,
                       f"median {median * 1000:.0f} ms of {len(seconds)} changes, slowest {slowest * 1000:.0f} ms")
    verdicts.check(f"first render < {FIRST_RENDER_S:.0f} s (new process)",
                   figures["first_render_cold_s"] < FIRST_RENDER_S, f"{figures['first_render_cold_s']:.2f} s")
    verdicts.check(f"first render < {FIRST_RENDER_S:.0f} s (new process, no snapshot)",
                   without_snapshot["first_render_cold_s"] < FIRST_RENDER_S,
                   f"{without_snapshot['first_render_cold_s']:.2f} s")
    verdicts.check(f"first render < {FIRST_RENDER_S:.0f} s (after a write)",
                   figures["first_render_warm_s"] < FIRST_RENDER_S, f"{figures['first_render_warm_s']:.2f} s")
    slowest = max(figures["page_tour"], key=lambda visit: visit["first_s"])
    verdicts.check(f"every other page's first render < {FIRST_RENDER_S:.0f} s (all areas)",
                   slowest["first_s"] < FIRST_RENDER_S,
                   f"slowest {slowest['page']} {slowest['first_s']:.2f} s")
    verdicts.check(f"peak memory < {PEAK_MEMORY_MB} MB", figures["peak_rss_mb"] < PEAK_MEMORY_MB,
                   f"{figures['peak_rss_mb']:.0f} MB peak RSS")
    exceptions = without_snapshot["exceptions"] + figures["exceptions"]
    verdicts.check("pages drew without an exception", not exceptions, "; ".join(exceptions) or "none")
    print(verdicts.report())
    if verdicts.failed:
        print(f"bench_dashboard: {len(verdicts.failed)} target(s) missed: {', '.join(verdicts.failed)}")
        return 0 if args.no_fail else 1
    print("bench_dashboard: all targets met")
    return 0


# --- the child: a fresh process that drives the app ---------------------------------------------


def measure(profile: bool, first_render_only: bool = False) -> int:
    import logging
    import resource
    import threading

    import psutil

    logging.disable(logging.WARNING)  # AppTest's "missing ScriptRunContext" noise
    process = psutil.Process()
    peak = {"rss": process.memory_info().rss}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak["rss"] = max(peak["rss"], process.memory_info().rss)
            stop.wait(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    import pandas  # noqa: F401  (imported by Streamlit's server before any session)

    rss_after_imports = process.memory_info().rss
    profiler = _ScriptProfiler() if profile else None
    exceptions: list[str] = []

    peak_by_step: dict[str, float] = {}

    def timed_run(at: AppTest, what: str) -> float:
        if profiler:
            profiler.start(what)
        overall_peak, peak["rss"] = peak["rss"], process.memory_info().rss
        started = time.perf_counter()
        at.run()
        seconds = time.perf_counter() - started
        peak["rss"] = max(peak["rss"], process.memory_info().rss)
        peak_by_step[what] = peak["rss"] / MB
        peak["rss"] = max(peak["rss"], overall_peak)
        if profiler:
            profiler.stop()
        exceptions.extend(f"{what}: {e.value}" for e in at.exception)
        return seconds

    def new_session() -> AppTest:
        return AppTest.from_file(str(DASHBOARD), default_timeout=120)

    at = new_session()
    first_cold = timed_run(at, "first render, new process")
    if first_render_only:
        print(RESULT_MARK + json.dumps({"first_render_cold_s": first_cold, "exceptions": exceptions}))
        return 0
    filter_changes = {"default area": _filter_changes(at, timed_run, "default area")}

    one_force_steps = list(peak_by_step)
    _change_the_store()
    st.cache_data.clear()
    st.cache_resource.clear()
    at = new_session()
    first_warm = timed_run(at, "first render, caches cleared")

    at.sidebar.selectbox(key="filter_area").set_value("all")
    switch_to_all = timed_run(at, "switch to all areas")
    filter_changes["all areas"] = _filter_changes(at, timed_run, "all areas")

    stop.set()
    sampler.join()
    peak_rss = max(peak["rss"], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
    if profiler:
        profiler.stop()
        profiler.report()
    # After the peak is read: the tour's own memory is not the Overview's.
    page_tour = _page_tour(exceptions)
    print(RESULT_MARK + json.dumps({
        "first_render_cold_s": first_cold,
        "first_render_warm_s": first_warm,
        "switch_to_all_areas_s": switch_to_all,
        "filter_changes": filter_changes,
        "peak_rss_mb": peak_rss / MB,
        "rss_after_imports_mb": rss_after_imports / MB,
        "peak_rss_by_step_mb": peak_by_step,
        "one_force_steps": one_force_steps + ["first render, caches cleared"],
        "exceptions": exceptions,
        "page_tour": page_tour,
    }))
    return 0


# The other public pages, each opened on every area at once (the heaviest view).
TOUR_PAGES = ["strategic_areas", "providers", "geography", "commissioning", "trends", "compare_areas", "data"]


def _page_tour(exceptions: list[str]) -> list[dict]:
    """Each other page: its first render with all areas, then one strategic area chosen."""
    from streamlit.testing.v1 import AppTest

    tour = []
    for page in TOUR_PAGES:
        at = AppTest.from_file(str(REPO / "pages" / f"{page}.py"), default_timeout=300)
        at.query_params["area"] = "all"
        started = time.perf_counter()
        at.run()
        first = time.perf_counter() - started
        strategic = at.sidebar.multiselect(key="filter_strategic_areas")
        strategic.set_value([strategic.options[0]])
        started = time.perf_counter()
        at.run()
        change = time.perf_counter() - started
        exceptions.extend(f"{page}: {e.value}" for e in at.exception)
        tour.append({"page": page, "first_s": first, "change_s": change, "area": strategic.options[0]})
    return tour


def _change_the_store() -> None:
    """A write, as an upload makes: a new store version, which no snapshot has yet."""
    import store

    engine = store.make_engine(os.environ["DATABASE_URL"])
    try:
        store.set_alias(engine, f"Bench alias {time.time_ns()}", "Bench provider", user="bench")
    finally:
        engine.dispose()


def _filter_changes(at, timed_run, view: str) -> list[tuple[str, float]]:
    """Each strategic area alone, then back to all; then two year ranges: each a first-time filter."""
    changes = []
    strategic = at.sidebar.multiselect(key="filter_strategic_areas")
    for option in strategic.options:
        at.sidebar.multiselect(key="filter_strategic_areas").set_value([option])
        changes.append((f"strategic area {option}", timed_run(at, f"{view}: strategic area {option}")))
    at.sidebar.multiselect(key="filter_strategic_areas").set_value([])
    changes.append(("all strategic areas", timed_run(at, f"{view}: all strategic areas")))
    years = at.sidebar.select_slider(key="filter_years")
    options = list(years.options)
    for start, end in ((options[-2], options[-1]), (options[0], options[-2])):
        at.sidebar.select_slider(key="filter_years").set_range(start, end)
        changes.append((f"years {start} to {end}", timed_run(at, f"{view}: years {start} to {end}")))
    return changes


class _ScriptProfiler:
    """cProfile inside AppTest's script thread, where the page code actually runs."""

    def __init__(self) -> None:
        import cProfile

        from streamlit.testing.v1 import local_script_runner

        self._cprofile = cProfile
        self._runs: list[tuple[str, object]] = []
        self._current = None
        original = local_script_runner.LocalScriptRunner._run_script_thread
        profiler = self

        def profiled(runner):
            current = profiler._current
            if current is None:
                return original(runner)
            current.enable()
            try:
                return original(runner)
            finally:
                current.disable()

        local_script_runner.LocalScriptRunner._run_script_thread = profiled

    def start(self, what: str) -> None:
        self._current = self._cprofile.Profile()
        self._runs.append((what, self._current))

    def stop(self) -> None:
        self._current = None

    def report(self) -> None:
        import pstats

        wanted = {"first render, new process", "first render, caches cleared"}
        changes = [what for what, _ in self._runs if what not in wanted and what != "switch to all areas"]
        wanted |= {changes[0], changes[-1]} if changes else set()
        for what, profile in self._runs:
            if what not in wanted:
                continue
            print(f"\n--- profile: {what} (project code by cumulative time, then everything by own time)")
            stats = pstats.Stats(profile)
            stats.sort_stats("cumulative").print_stats(re.escape(str(REPO)) + r"/(?!\.venv)", 18)
            stats.sort_stats("tottime").print_stats(10)


if __name__ == "__main__":
    sys.exit(main())
