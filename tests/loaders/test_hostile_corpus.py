"""The hostile corpus through the command line: each file loads or is refused in one line, within its limits.

A refused file must cost at most the parse limits, so every run is a fresh
`python -m loaders FILE` with VICTIMS_PARSE_SECONDS=10 and VICTIMS_PARSE_MEMORY_MB=768
and a 40 s timeout; a hang is killed (with its process group) and reported as one.
As a guard for the shared machine, not a limit under test, each run's address
space is capped at 4 GB with prlimit: a bomb that gets past the loader then dies
(exit 1 or 134, a failure here) instead of swapping the host.
"""
from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from loaders import LoaderError, load_bytes

REPO = Path(__file__).resolve().parents[2]
HOSTILE = REPO / "tests" / "data" / "hostile"
EXPECTED = json.loads((HOSTILE / "expected.json").read_text(encoding="utf-8"))
LIMITS = {"VICTIMS_PARSE_SECONDS": "10", "VICTIMS_PARSE_MEMORY_MB": "768"}
TIMEOUT_SECONDS = 40
SAFETY_CAP_BYTES = 4 * 1024 ** 3


def _builder():
    spec = importlib.util.spec_from_file_location("build_hostile", HOSTILE / "build_hostile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BUILD = _builder()


@dataclass
class Run:
    exit_code: int | None  # None: killed at the timeout
    seconds: float
    stdout: str
    stderr: str
    output: Path


def run_cli(path: Path, output: Path) -> Run:
    command = [sys.executable, "-m", "loaders", str(path), "--output", str(output)]
    if shutil.which("prlimit"):
        command = ["prlimit", f"--as={SAFETY_CAP_BYTES}", "--"] + command
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=REPO, env={**os.environ, **LIMITS}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT_SECONDS)
        exit_code = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the CLI and any worker it started
        stdout, stderr = process.communicate()
        exit_code = None
    return Run(exit_code, time.monotonic() - started, stdout.decode("utf-8", "replace"),
               stderr.decode("utf-8", "replace"), output)


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    """The committed files, and beside them the ones too big to commit, built now."""
    directory = tmp_path_factory.mktemp("hostile")
    for item in EXPECTED:
        source = HOSTILE / item["file"]
        target = directory / item["file"]
        if item["built_at_test_time"]:
            target.write_bytes(BUILD.TEST_TIME[item["file"]]())
        elif source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copyfile(source, target)
    return directory


@pytest.fixture(scope="module")
def runs(request, corpus_dir, tmp_path_factory) -> dict[str, Future]:
    """Every selected file run two at a time (the machine has two cores), started once for the module."""
    selected = [item.callspec.params["item"]["file"] for item in request.session.items
                if getattr(item, "callspec", None) and "item" in item.callspec.params
                and item.module.__name__ == __name__]
    outputs = tmp_path_factory.mktemp("hostile_outputs")
    pool = ThreadPoolExecutor(max_workers=2)
    futures = {name: pool.submit(run_cli, corpus_dir / name, outputs / f"{name}.tidy.csv") for name in selected}
    yield futures
    pool.shutdown(wait=True)


def describe(run: Run) -> str:
    ending = "killed at the timeout" if run.exit_code is None else f"exit {run.exit_code}"
    return f"{ending} after {run.seconds:.1f} s; stderr: {run.stderr.strip()[-600:]!r}"


def tidy_totals(output: Path) -> tuple[int, dict[str, float]]:
    with output.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    totals: dict[str, float] = {}
    for row in rows:
        totals[row["financial_year"]] = totals.get(row["financial_year"], 0) + float(row["amount_gbp"])
    return len(rows), totals


def check_load(name: str, run: Run) -> None:
    lines, totals = tidy_totals(run.output)
    assert lines == BUILD.APPENDIX_AMOUNTS, f"{name}: {lines} amounts, Appendix A has {BUILD.APPENDIX_AMOUNTS}"
    assert {year: round(total) for year, total in totals.items()} == BUILD.APPENDIX_TOTALS
    assert "Grand Total 2020/21: declared £4,395,961, rows sum to £4,395,961: reconciles" in run.stdout
    assert "\x00" not in run.output.read_text(encoding="utf-8"), f"{name}: a NUL byte reached the tidy rows"


def check_refusal(name: str, run: Run, codes: list[str] | None, words: list[str]) -> None:
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, f"{name}: a refusal is one line on stderr, got {len(lines)}: {run.stderr[-800:]!r}"
    line = lines[0]
    assert name in line, f"{name}: the refusal does not name the file: {line!r}"
    assert line.startswith("error ["), f"{name}: not the CLI's refusal form 'error [code]: …': {line!r}"
    code = line[len("error ["):line.index("]")]
    if codes:
        assert code in codes, f"{name}: refused as {code}, expected one of {codes}: {line!r}"
    for word in words:
        assert word in line.lower(), f"{name}: the refusal should say '{word}': {line!r}"


# The limits, and room for two interpreters to start on a busy two-core machine.
LONGEST_SECONDS = int(LIMITS["VICTIMS_PARSE_SECONDS"]) + 10

def _params():
    for item in EXPECTED:
        yield pytest.param(item, id=item["file"])


@pytest.mark.parametrize("item", list(_params()))
def test_hostile_file_loads_or_is_refused_in_one_line(item, runs):
    name = item["file"]
    run = runs[name].result()
    assert run.exit_code is not None, f"{name}: still running after {TIMEOUT_SECONDS} s ({describe(run)})"
    assert run.exit_code in (0, 2), f"{name}: crashed: {describe(run)}"
    assert run.seconds <= LONGEST_SECONDS, f"{name}: took longer than its limits allow: {describe(run)}"
    assert "/etc/passwd" not in run.stdout and "root:x:0:0" not in run.stdout + run.stderr
    if run.exit_code == 0:
        assert item["expect"] in ("load", "load_or_refuse"), f"{name}: loaded, but must be refused: {run.stdout[:300]!r}"
        check_load(name, run)
    else:
        assert item["expect"] != "load", f"{name}: must load, was refused: {describe(run)}"
        check_refusal(name, run, item["codes"], item["words"])
    if name == "path_traversal.xlsx":
        for member in BUILD.TRAVERSAL_NAMES:
            base = member.replace("\\", "/").rsplit("/", 1)[-1]
            assert not (Path("/tmp") / base).exists() and not (REPO / base).exists(), f"{member} was written"


def test_the_corpus_is_big_enough_and_small_on_disk():
    files = [item["file"] for item in EXPECTED]
    assert len(files) >= 40
    committed = [HOSTILE / name for name in files if (HOSTILE / name).is_file()]
    too_big = [path.name for path in committed if path.stat().st_size > 400_000]
    assert not too_big, f"commit these smaller, or build them at test time: {too_big}"


def test_the_macro_workbook_really_holds_a_vba_project():
    with zipfile.ZipFile(HOSTILE / "macro_appendix_a.xlsm") as archive:
        assert "xl/vbaProject.bin" in archive.namelist()
        assert b"macroEnabled" in archive.read("[Content_Types].xml")


# --- fuzzing, in process: only a LoaderError or a load -------------------------------------------

HEADER = ["Service Name", "Current delivery organisation", "Provision", "Commissioning type",
          "2018/19 budget (£)", "2019/20 budget (£)", "2020/21 budget (£)"]
FORMULA_LIKE = st.sampled_from(["=1+1", "=SUM(E2:E3)", "+44 116", "-573925", "@SUM(1)", "=HYPERLINK(\"x\")",
                                "＝1", "\t=1", "=cmd|' /C calc'!A0", "#REF!", "#DIV/0!", "TRUE", "1e308", "(1,234)",
                                "£1.2m", "nil", "-", "2019/20", "Total", "Grand Total"])
CONTROL_TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F) | st.sampled_from("£,.()-=\"' \n"),
                       max_size=12)
CELL_TEXT = st.one_of(st.text(max_size=30), CONTROL_TEXT, FORMULA_LIKE)
CELL_VALUE = st.one_of(CELL_TEXT, st.integers(-10**15, 10**15),
                       st.floats(allow_nan=True, allow_infinity=True), st.none())
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                database=None, derandomize=True)


def _load_or_refuse(data: bytes, file_name: str) -> None:
    try:
        load_bytes(data, file_name)
    except LoaderError:
        pass


@FUZZ
@given(st.text(max_size=2000))
def test_random_csv_text_never_raises_anything_but_a_loader_error(text):
    _load_or_refuse(text.encode("utf-8", "surrogatepass"), "fuzz.csv")


@FUZZ
@given(st.lists(st.lists(CELL_TEXT, min_size=1, max_size=8), min_size=1, max_size=12))
def test_random_csv_rows_under_a_real_header_never_raise_anything_but_a_loader_error(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    _load_or_refuse(buffer.getvalue().encode("utf-8", "surrogatepass"), "fuzz.csv")


def _xml_cell(row: int, column: int, value) -> str:
    reference = f"{BUILD.column_letters(column)}{row}"
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{reference}"><v>{value!r}</v></c>'
    text = str(value)
    if text.startswith("=") and len(text) > 1:
        # A formula cell, sometimes with a saved value: calamine gives the value, never runs it.
        formula = text[1:].replace("&", "&amp;").replace("<", "&lt;")
        return f'<c r="{reference}"><f>{formula}</f><v>1</v></c>'
    # Control characters go in raw: the XML is then malformed, which must be a refusal, not a crash.
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{escaped}</t></is></c>'


@FUZZ
@given(st.lists(st.lists(CELL_VALUE, min_size=1, max_size=8), min_size=1, max_size=12))
def test_random_xlsx_cells_under_a_real_header_never_raise_anything_but_a_loader_error(rows):
    sheet_rows = [HEADER] + rows
    body = "".join(
        f'<row r="{r}">' + "".join(_xml_cell(r, c, value) for c, value in enumerate(row)) + "</row>"
        for r, row in enumerate(sheet_rows, start=1))
    data = BUILD.xlsx([("Appendix A", BUILD.worksheet(body.encode("utf-8", "surrogatepass")))])
    _load_or_refuse(data, "fuzz.xlsx")
