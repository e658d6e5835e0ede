"""axe-core on every page, signed out, in headless Chromium: WCAG 2.0, 2.1 and 2.2 A and AA rules.

axe-core comes from npm (tests/browser/package.json, installed into
tests/browser/node_modules by `make test`) and is injected from that file, so
the page loads nothing from outside. Every violation found is written to
tests/browser/out/axe-<page>.json; the test fails on any serious or critical
one that is not in KNOWN_SERIOUS below, and on a known one that has gone (so
the list is kept exact). No rule is switched off.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.conftest import DashboardPage

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
BLOCKING = {"serious", "critical"}

# (page slug, rule id) -> number of nodes, for serious or critical violations that come from
# markup this project cannot change. Empty means: none is accepted anywhere.
KNOWN_SERIOUS: dict[tuple[str, str], int] = {}


def run_axe(page) -> list[dict]:
    if not AXE.exists():
        # The word chromium puts this skip among the services CI must have (tests/conftest.py).
        pytest.skip(f"the chromium accessibility check needs axe-core: {AXE} is missing "
                    "(make test installs it with npm; apt-get install nodejs npm)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        WCAG_TAGS,
    )
    return result["violations"]


def summary(violations: list[dict]) -> list[dict]:
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [
                {"target": node["target"], "html": node["html"][:300], "why": node.get("failureSummary", "")}
                for node in violation["nodes"]
            ],
        }
        for violation in violations
    ]


def test_no_serious_accessibility_violation(laptop_page, out_dir, dashboard_page: DashboardPage):
    violations = run_axe(laptop_page)
    (out_dir / f"axe-{dashboard_page.slug}.json").write_text(json.dumps(summary(violations), indent=1))

    serious = {
        (dashboard_page.slug, violation["id"]): len(violation["nodes"])
        for violation in violations
        if violation["impact"] in BLOCKING
    }
    known = {key: nodes for key, nodes in KNOWN_SERIOUS.items() if key[0] == dashboard_page.slug}
    details = "\n".join(
        f"{violation['impact']} {violation['id']}: {violation['help']} — "
        + "; ".join(str(node["target"]) for node in violation["nodes"])
        for violation in violations
        if violation["impact"] in BLOCKING
    )
    assert serious == known, details
