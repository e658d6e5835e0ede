"""A sign-in limit set to something unusable stops every page with the one line naming it, as unsafe settings do."""
from __future__ import annotations


def test_a_bad_limit_in_the_environment_stops_the_page_with_one_line(run_page, monkeypatch):
    monkeypatch.setenv("SIGN_IN_FAILURES_PER_NAME", "five")

    at = run_page("dashboard.py", {"area": "Leicestershire"})

    assert [error.value for error in at.error] == [
        "the environment variable SIGN_IN_FAILURES_PER_NAME must be a whole number of at least 1, "
        "such as 5, not 'five'"]
    assert not at.metric  # nothing else drawn


def test_a_good_limit_leaves_the_page_as_it_was(run_page, monkeypatch):
    monkeypatch.setenv("SIGN_IN_FAILURES_PER_NAME", "3")

    at = run_page("dashboard.py", {"area": "Leicestershire"})

    assert not at.error and not at.exception
    assert at.metric
