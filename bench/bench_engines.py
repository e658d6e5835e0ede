"""Which engine should group a store ten times the national one: today's pandas path, DuckDB or Polars?

    .venv/bin/python bench/bench_engines.py [--times 10] [--repeats 5]

Issue 19 asks for the comparison before any engine is adopted. The lines are
the national workbook's (bench/make_national_workbook.py, 100,259 amounts)
repeated `--times` over as further lines of each service ("… (line 2)"), so
the keys have ten times the distinct services and the sums ten times the
rows, about a million amounts: the shape a store ten times today's would
have. Text is categorical, as the dashboard holds it (ui/data_access.py).

Each engine answers the groupings the pages ask on every rerun: spend per
year and strategic area over every area (Overview, Strategic areas, Trends),
and per area and service for one force's two latest years (the movers). Each
answer is checked equal to analysis.grouping's, to the penny, before it is
timed. DuckDB reads the pandas frame in place (Arrow scan); Polars gets its
own copy once, timed apart, since the dashboard would have to hold one; DuckDB is also
given an Arrow table of the lines, as the store's snapshot file holds them.

Prints each engine's best time of `--repeats`, taken in turns, its ratio to
pandas, and peak memory of the conversions. DuckDB and Polars are not in
requirements.txt (nothing adopts them); `make bench` installs the versions
pinned in bench/requirements-engines.txt. Exits 0: an information benchmark.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from benchmarking import best_of_alternating, machine_line  # noqa: E402

TEXT = ["area", "strategic_area", "service", "financial_year", "commissioning_type", "provider"]


def national_lines() -> pd.DataFrame:
    from loaders import load_file
    from make_national_workbook import DEFAULT_PATH, write_workbook

    if not DEFAULT_PATH.exists():
        write_workbook(DEFAULT_PATH)
    return load_file(DEFAULT_PATH).tidy


def ten_times(lines: pd.DataFrame, times: int) -> pd.DataFrame:
    """The lines `times` over, each copy further lines of the same services, text as categoricals."""
    copies = []
    for copy in range(times):
        part = lines[TEXT + ["amount_gbp"]].copy()
        if copy:
            part["service"] = part["service"].astype("str") + f" (line {copy + 1})"
        copies.append(part)
    big = pd.concat(copies, ignore_index=True)
    return big.assign(**{column: big[column].astype("str").astype("category") for column in TEXT})


def pandas_engine(frame: pd.DataFrame, area: str, years: list[str]):
    from analysis.grouping import group_sum

    def by_year_and_area():
        return group_sum(frame, ["financial_year", "strategic_area"])

    def movers():
        keep = frame["area"].eq(area).to_numpy() & frame["financial_year"].isin(years).to_numpy()
        return group_sum(frame.loc[keep], ["area", "service", "financial_year"])
    return by_year_and_area, movers


def duckdb_engine(frame, area: str, years: list[str]):
    """`frame`: the pandas frame (read in place) or an Arrow table (its own copy, as a snapshot file holds)."""
    import duckdb

    connection = duckdb.connect()
    connection.register("lines", frame)

    def by_year_and_area():
        return connection.execute(
            "SELECT financial_year::VARCHAR AS financial_year, strategic_area::VARCHAR AS strategic_area, "
            "SUM(amount_gbp) AS amount_gbp FROM lines WHERE financial_year IS NOT NULL "
            "AND strategic_area IS NOT NULL GROUP BY ALL ORDER BY 1, 2").df()

    def movers():
        return connection.execute(
            "SELECT area::VARCHAR AS area, service::VARCHAR AS service, financial_year::VARCHAR AS financial_year, "
            "SUM(amount_gbp) AS amount_gbp FROM lines WHERE area = ? AND financial_year IN (?, ?) "
            "AND service IS NOT NULL GROUP BY ALL ORDER BY 1, 2, 3", [area, *years]).df()
    return by_year_and_area, movers


def polars_engine(frame, area: str, years: list[str]):
    import polars as pl

    def by_year_and_area():
        return (frame.drop_nulls(["financial_year", "strategic_area"])
                .group_by(["financial_year", "strategic_area"]).agg(pl.col("amount_gbp").sum())
                .sort(["financial_year", "strategic_area"]).to_pandas())

    def movers():
        return (frame.filter((pl.col("area") == area) & pl.col("financial_year").is_in(years))
                .drop_nulls("service")
                .group_by(["area", "service", "financial_year"]).agg(pl.col("amount_gbp").sum())
                .sort(["area", "service", "financial_year"]).to_pandas())
    return by_year_and_area, movers


def _same(ours: pd.DataFrame, theirs: pd.DataFrame) -> bool:
    """The same groups in the same order and the same sums to the penny."""
    keys = [column for column in ours.columns if column != "amount_gbp"]
    if len(ours) != len(theirs):
        return False
    for key in keys:
        if ours[key].astype("str").tolist() != theirs[key].astype("str").tolist():
            return False
    return bool(np.allclose(ours["amount_gbp"].to_numpy(float), theirs["amount_gbp"].to_numpy(float),
                            rtol=0, atol=0.005))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    try:
        import duckdb
        import polars as pl
    except ImportError as missing:
        print(f"bench_engines: {missing.name} is not installed; "
              f"run: .venv/bin/pip install -r bench/requirements-engines.txt")
        return 1

    print(f"bench_engines: {machine_line()}")
    frame = ten_times(national_lines(), args.times)
    years = sorted(frame["financial_year"].cat.categories)[-2:]
    area = str(frame["area"].cat.categories[0])
    print(f"  {len(frame):,} amounts, {frame['service'].nunique():,} services, "
          f"{frame['area'].nunique()} areas; duckdb {duckdb.__version__}, polars {pl.__version__}")
    started = time.perf_counter()
    polars_frame = pl.from_pandas(frame)
    print(f"  Polars' own copy of the lines: {time.perf_counter() - started:.2f} s, "
          f"{polars_frame.estimated_size('mb'):.0f} MB (pandas: {frame.memory_usage(deep=True).sum() / 1e6:.0f} MB)")

    import pyarrow as pa

    arrow_table = pa.Table.from_pandas(frame, preserve_index=False)
    engines = {"pandas (analysis.grouping)": pandas_engine(frame, area, years),
               "duckdb on the pandas frame": duckdb_engine(frame, area, years),
               "duckdb on an Arrow copy": duckdb_engine(arrow_table, area, years),
               "polars": polars_engine(polars_frame, area, years)}
    for index, question in enumerate(["spend per year and strategic area, every area",
                                      f"{area}'s services in {years[0]} and {years[1]}"]):
        runs = {name: pair[index] for name, pair in engines.items()}
        reference = runs["pandas (analysis.grouping)"]()
        for name, run in runs.items():
            if not _same(reference, run()):
                print(f"  {name} gives different figures for {question}; not timed")
                return 1
        best = best_of_alternating(args.repeats, runs)
        baseline = best["pandas (analysis.grouping)"][0]
        print(f"  {question} ({len(reference):,} groups):")
        for name, (seconds, _) in best.items():
            print(f"    {name:28s} {seconds * 1000:8.1f} ms   {seconds / baseline:5.2f}× pandas")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
