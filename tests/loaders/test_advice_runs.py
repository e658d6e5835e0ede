"""Every choice a refusal offers on the command line is a command that works.

Each file of the bad-input corpus is loaded as the CLI would load it; where the
refusal names an option ("--column amount=…", "--units £000", "--year 2020/21"),
the CLI is run again with it, and that refusal does not come back.
"""
from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys

import pytest

from loaders import LoaderError, load_file
from tests.loaders.layouts import REPO

BAD = REPO / "tests" / "data" / "bad"
EXPECTED = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))
# An option with its value: quoted, a list of rows, or one word.
OPTION = re.compile(r"""(--[a-z-]+)[ =]("[^"]*"|'[^']*'|\d+(?:,\d+)+|[^\s,;)]+)""")


def first_choice(problem: str) -> list[str] | None:
    """The first option the message offers, leaving out one it only reports ('--year X was given')."""
    offered = OPTION.findall(re.sub(r"--\w+ \S+ was given", "", problem))
    if not offered:
        return None
    flag, value = offered[0]
    return [flag, shlex.split(value)[0] if value[0] in "\"'" else value.rstrip(".")]


def refusals_with_advice() -> list[tuple[str, dict, LoaderError]]:
    found = []
    for name, case in sorted(EXPECTED.items()):
        if not (BAD / name).is_file():
            continue
        try:
            load_file(BAD / name, area=case["area"], year=case["year"])
        except LoaderError as error:
            if first_choice(error.problem):
                found.append((name, case, error))
    return found


CASES = refusals_with_advice()


def test_the_corpus_has_refusals_that_offer_a_choice():
    assert {error.code for _, _, error in CASES} >= {"several_money_columns", "duplicate_year", "year_span"}


@pytest.mark.parametrize("name, case, error", CASES, ids=[name for name, _, _ in CASES])
def test_taking_the_offered_choice_gets_past_the_refusal(name, case, error):
    args = [str(BAD / name), "--area", case["area"]] + (["--year", case["year"]] if case["year"] else [])
    completed = subprocess.run([sys.executable, "-m", "loaders", *args, *first_choice(error.problem)],
                               capture_output=True, text=True, cwd=REPO)
    assert f"[{error.code}]" not in completed.stderr, completed.stderr
    assert "Traceback" not in completed.stderr
