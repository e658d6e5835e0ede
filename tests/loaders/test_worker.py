"""The parse runs apart and under limits: same grids as in process, and a runaway file costs only its limits."""
from __future__ import annotations

import csv
import io
import threading
import time

import pandas as pd
import pytest

from loaders import LoaderError, load_bytes
from loaders.readers import read_workbook
from loaders.worker import Limits, open_workbook
from tests.uploads.helpers import APPENDIX, appendix_rows

LEICESTERSHIRE = dict(area="Leicestershire")


def appendix_repeated_csv(copies: int) -> bytes:
    """Leicestershire's Appendix A as published, its rows written out `copies` times: a big file of real figures."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    rows = appendix_rows()
    for _ in range(copies):
        writer.writerows(rows)
    return buffer.getvalue().encode()


def test_the_worker_reads_the_same_grids_as_the_reader_in_process():
    data = APPENDIX.read_bytes()
    apart, here = open_workbook(data, APPENDIX.name), read_workbook(data, APPENDIX.name)

    assert apart.sheet_names == here.sheet_names
    for sheet in here.sheet_names:
        assert apart.rows(sheet) == here.rows(sheet)
        assert apart.hidden_rows(sheet) == here.hidden_rows(sheet)
        assert apart.hidden_columns(sheet) == here.hidden_columns(sheet)
        assert apart.unsaved_formulas(sheet) == here.unsaved_formulas(sheet)


def test_a_load_under_limits_is_the_load_in_process():
    data = APPENDIX.read_bytes()
    limited = load_bytes(data, APPENDIX.name, limits=Limits(), **LEICESTERSHIRE)
    in_process = load_bytes(data, APPENDIX.name, **LEICESTERSHIRE)

    pd.testing.assert_frame_equal(limited.tidy, in_process.tidy)
    assert limited.layout == in_process.layout
    # The lines add up to the Appendix's own Grand Total row in each year, and every figure has its row.
    declared = limited.declared_totals
    grand = declared[declared["kind"] == "grand_total"].set_index("financial_year")["declared_gbp"]
    assert limited.tidy.groupby("financial_year")["amount_gbp"].sum().round(2).to_dict() == grand.to_dict()
    assert len(grand) == 3
    assert limited.tidy["source_row"].notna().all()


def test_a_file_needing_more_memory_than_the_limit_is_refused_in_one_line():
    data = appendix_repeated_csv(copies=2_000)  # 242,000 rows of real lines: several hundred MB as Python lists

    with pytest.raises(LoaderError) as refused:
        open_workbook(data, "appendix_2000_times.csv", Limits(memory_mb=64, cells=10_000_000))

    assert refused.value.code == "too_much_memory"
    assert str(refused.value).startswith("appendix_2000_times.csv: reading the file needed more than the limit of 64 MB")
    assert "\n" not in str(refused.value)


def test_a_file_taking_longer_than_the_limit_is_stopped():
    data = appendix_repeated_csv(copies=2_000)
    started = time.monotonic()

    with pytest.raises(LoaderError) as refused:
        open_workbook(data, "appendix_2000_times.csv", Limits(seconds=0.2, cells=10_000_000, memory_mb=4096))

    assert refused.value.code == "took_too_long"
    assert "longer than the limit of 0.2 seconds" in str(refused.value)
    assert time.monotonic() - started < 5


def test_the_cell_budget_is_the_limit_given():
    data = appendix_repeated_csv(copies=10)

    with pytest.raises(LoaderError) as refused:
        open_workbook(data, "appendix_10_times.csv", Limits(cells=5_000))

    assert refused.value.code == "too_many_cells"
    assert "over the limit of 5,000" in str(refused.value)


def test_the_server_keeps_working_while_a_runaway_file_is_parsed():
    runaway = appendix_repeated_csv(copies=2_000)
    outcome = {}

    def parse_runaway():
        try:
            open_workbook(runaway, "runaway.csv", Limits(seconds=4, cells=10_000_000, memory_mb=4096))
        except LoaderError as error:
            outcome["code"] = error.code

    other = threading.Thread(target=parse_runaway)
    other.start()
    time.sleep(0.2)  # the runaway parse is under way
    started = time.monotonic()
    meanwhile = load_bytes(APPENDIX.read_bytes(), APPENDIX.name, **LEICESTERSHIRE)
    took = time.monotonic() - started
    runaway_still_running = other.is_alive()
    other.join()

    assert runaway_still_running, "the runaway parse ended before the other load could be measured beside it"
    assert took < 2.0
    assert len(meanwhile.tidy) > 100
    assert outcome.get("code") in (None, "took_too_long")


def test_files_beyond_the_workers_wait_and_then_are_told_the_server_is_busy():
    runaway = appendix_repeated_csv(copies=2_000)
    one_worker = Limits(workers=1, seconds=3, cells=10_000_000, memory_mb=4096)
    holder = threading.Thread(target=lambda: _swallow(lambda: open_workbook(runaway, "runaway.csv", one_worker)))
    holder.start()
    time.sleep(0.2)
    try:
        with pytest.raises(LoaderError) as refused:
            open_workbook(APPENDIX.read_bytes(), APPENDIX.name, Limits(workers=1, seconds=0.3))
    finally:
        holder.join()

    assert refused.value.code == "busy"
    assert "try again in a minute" in str(refused.value)


def _swallow(action) -> None:
    try:
        action()
    except LoaderError:
        pass


def test_limits_come_from_the_environment_before_the_settings():
    limits = Limits.from_settings({"memory_mb": 512, "seconds": 20},
                                  environment={"VICTIMS_PARSE_SECONDS": "12.5", "VICTIMS_PARSE_MAX_CELLS": "2000000"})

    assert limits == Limits(memory_mb=512, seconds=12.5, cells=2_000_000)
    assert Limits.from_settings(environment={}) == Limits()


@pytest.mark.parametrize("value", ["lots", "0", "-5"])
def test_a_bad_limit_is_refused_naming_the_setting(value):
    with pytest.raises(LoaderError) as refused:
        Limits.from_settings(environment={"VICTIMS_PARSE_MEMORY_MB": value})

    assert refused.value.code == "bad_option"
    assert str(refused.value).startswith("VICTIMS_PARSE_MEMORY_MB / [parse_limits] memory_mb must")
