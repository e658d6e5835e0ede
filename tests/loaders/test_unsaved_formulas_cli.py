"""The command line refuses a workbook whose formulas have no saved values, and its advice works when followed."""
from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Appendix A written by openpyxl with its twelve subtotals and totals as =SUM(...), never calculated.
UNCALCULATED = REPO / "tests" / "data" / "hostile" / "formula_without_value.xlsx"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "loaders", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


def test_refused_with_advice_whose_command_recalculates_the_file(tmp_path):
    if shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc)")
    shutil.copy(UNCALCULATED, tmp_path / UNCALCULATED.name)
    refused = cli(UNCALCULATED.name, "--area", "Leicestershire", cwd=tmp_path)
    assert refused.returncode == 2
    (advice,) = refused.stderr.strip().splitlines()  # a refusal is one line, its advice in it
    assert advice.startswith("error [formula_without_value]: ") and "cell E16" in advice
    assert "Excel" not in advice, advice
    command = advice.split("to recalculate it: ")[1].split(" and load ")[0]
    recalculated = advice.split(" and load ")[1].split(" ")[0]
    done = subprocess.run(shlex.split(command), cwd=tmp_path, capture_output=True, text=True, timeout=180,
                          env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    loaded = cli(recalculated, "--area", "Leicestershire", cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    assert "All 15 declared totals reconcile." in loaded.stdout


def test_the_documented_flag_loads_it_with_the_missing_cells_named(tmp_path):
    loaded = cli(str(UNCALCULATED), "--area", "Leicestershire", "--accept-unsaved-formulas", cwd=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    (warning,) = [line for line in loaded.stderr.splitlines() if "no saved value" in line]
    assert warning.startswith("warning: 12 cells (E16, F16, G16, E31,") and "read as missing" in warning
    # The subtotals are gone with their formulas: only the three Grand Totals are left to check.
    assert "All 3 declared totals reconcile." in loaded.stdout
