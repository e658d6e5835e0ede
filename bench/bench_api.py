"""How fast the open-data API answers on a national store of ~100,000 amounts.

    .venv/bin/python bench/bench_api.py [--no-fail]

The store is bench_dashboard's (the national workbook stored as one dataset
per force, in a temporary SQLite file). The API is driven in this process
through Starlette's TestClient, as a server would run it, and measures:

- spend for one force as CSV, all its lines in one page (the first request,
  which reads the store's lines, and then warm);
- summary for all areas (every page's headline figures over every line, and
  the checks' counts), the first time for the store's version (the store's
  declared totals read and checked, nothing remembered yet; only the lines,
  already read, are reused) and asked again (then remembered);
- the data package, built for the store's version (then served from memory).

Targets (issue 18): spend for one force as CSV <= 200 ms, summary for all
areas <= 150 ms, the data package <= 3 s. Warm figures are the best of five.
Exits 1 if one is missed, unless --no-fail.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
for folder in (REPO, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from bench_dashboard import build_store  # noqa: E402
from benchmarking import Verdicts, best_of, machine_line  # noqa: E402

SPEND_CSV_S = 0.200
SUMMARY_S = 0.150
DATAPACKAGE_S = 3.0
REPEATS = 5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-fail", action="store_true", help="report only; exit 0 even if a target is missed")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-api-") as folder:
        url = f"sqlite:///{folder}/victims_spend.sqlite"
        built = build_store(url)
        os.environ["DATABASE_URL"] = url
        return measure(built, args.no_fail)


def measure(built: dict, no_fail: bool) -> int:
    from starlette.testclient import TestClient

    from api import datapackage
    from api.routes import api_app
    from api.reads import snapshot

    client = TestClient(api_app(requests_per_minute=1_000_000))
    force = sorted(snapshot().marked["area"].unique())[0]
    spend_query = {"area": force, "page_size": 10_000}

    def get(path: str, params: dict | None = None):
        response = client.get(path, params=params)
        assert response.status_code == 200, response.text[:500]
        return response

    print(f"bench_api: {built['amounts']:,} amounts stored as {built['datasets']} datasets; "
          f"the API through Starlette's TestClient")
    print(f"  {machine_line()}")
    # A new process's first request reads the lines (store.snapshot) for every route after it.
    from api import reads

    reads._snapshots.clear()
    started = time.perf_counter()
    first = get("/spend.csv", spend_query)
    first_s = time.perf_counter() - started
    spend_s, reply = best_of(REPEATS, lambda: get("/spend.csv", spend_query))
    lines = reply.content.count(b"\r\n") - 1
    def fresh(path: str, params: dict):
        # A new store version as the API first meets it, its lines already read (the first spend
        # request times that): nothing computed from it yet, so the summary builds the checks too.
        shot = snapshot()
        reads._snapshots[(shot.url, shot.version)] = reads.Snapshot(shot.engine, shot.url, shot.version)
        reads._snapshots[(shot.url, shot.version)].__dict__.update(marked=shot.marked, datasets=shot.datasets)
        return get(path, params)

    def forgotten(path: str, params: dict):
        # The same store version with its checks built but no figure remembered (what this
        # benchmark called the first request before 2026-12-05): the pages' analysis alone.
        snapshot()._remembered.clear()
        return get(path, params)

    summary_s, _ = best_of(REPEATS, lambda: fresh("/summary", {"area": "all"}))
    summary_figures_s, _ = best_of(REPEATS, lambda: forgotten("/summary", {"area": "all"}))
    summary_again_s, _ = best_of(REPEATS, lambda: get("/summary", {"area": "all"}))
    summary_force_s, _ = best_of(REPEATS, lambda: fresh("/summary", {"area": force}))

    def fresh_package():
        datapackage._built.clear()
        return get("/datapackage.zip")

    package_s, package = best_of(3, fresh_package)
    cached_s, _ = best_of(REPEATS, lambda: get("/datapackage.zip"))

    def show(name: str, seconds: float, note: str = "") -> None:
        print(f"  {name:<52} {seconds * 1000:7.0f} ms{'  ' + note if note else ''}")

    show(f"spend for {force} as CSV, first request", first_s,
         f"reads the store's lines; {len(first.content) / 1e6:.1f} MB")
    show(f"spend for {force} as CSV", spend_s, f"{lines:,} lines")
    show("summary for all areas, first for this store version", summary_s,
         "every page's analysis over every line, and the checks")
    show("summary for all areas, checks built already", summary_figures_s, "every page's analysis alone")
    show("summary for all areas, asked again", summary_again_s, "remembered for the store version")
    show(f"summary for {force}", summary_force_s)
    show("data package, built for this store version", package_s, f"{len(package.content) / 1e6:.1f} MB zip")
    show("data package, built already", cached_s)

    verdicts = Verdicts()
    verdicts.check(f"spend for one force as CSV <= {SPEND_CSV_S * 1000:.0f} ms", spend_s <= SPEND_CSV_S,
                   f"{spend_s * 1000:.0f} ms")
    verdicts.check(f"summary for all areas <= {SUMMARY_S * 1000:.0f} ms (first for this store version)",
                   summary_s <= SUMMARY_S, f"{summary_s * 1000:.0f} ms")
    verdicts.aim(f"summary for all areas <= {SUMMARY_S * 1000:.0f} ms (asked again)", summary_again_s <= SUMMARY_S,
                 f"{summary_again_s * 1000:.0f} ms")
    verdicts.check(f"data package <= {DATAPACKAGE_S:.0f} s", package_s <= DATAPACKAGE_S, f"{package_s:.2f} s")
    print(verdicts.report())
    if verdicts.failed:
        print(f"bench_api: {len(verdicts.failed)} target(s) missed: {', '.join(verdicts.failed)}")
        return 0 if no_fail else 1
    print("bench_api: all targets met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
