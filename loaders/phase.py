"""Which stage of the money a column holds: planned (budget), promised (committed) or spent (actual).

A PCC's papers put all three beside the year ("2019/20 Budget", "Actual 2018/19", "Outturn"),
and a panel must never see a budget added to what was spent. So a header naming one phase
gives it, a header naming none leaves the framework's default (budget), and a header naming
two ("Budget v Actual 2019/20", a variance column's usual title) is refused with the cell
named and the choice to make, as the year is.
"""
from __future__ import annotations

import re

from loaders.errors import LoaderError, cell_name

PHASES = ("budget", "committed", "actual")
DEFAULT_PHASE = "budget"

# The words published tables use for each phase; "spend" and "outturn" are what was spent,
# "awarded" and "allocated" what a decision record promised.
_WORDS = {
    "budget": ("budget", "budgeted", "planned"),
    "committed": ("committed", "commitment", "awarded", "allocated"),
    "actual": ("actual", "actuals", "outturn", "spend", "spent", "expenditure"),
}
_PATTERNS = {
    phase: re.compile(r"\b(?:" + "|".join(re.escape(word) for word in words) + r")\b", re.IGNORECASE)
    for phase, words in _WORDS.items()
}


def phases_named(header: str) -> list[str]:
    """Every phase a header's words name, in PHASES order."""
    return [phase for phase in PHASES if _PATTERNS[phase].search(header or "")]


def phase_of_header(header: str, *, file: str | None = None, sheet: str | None = None,
                    row: int | None = None, column: int | None = None,
                    given: str | None = None) -> str:
    """The phase a money column's header states, or the default when it names none.

    `given` is the person's choice (--phase), which settles a header naming two phases.
    """
    if given is not None:
        return parse_phase(given)
    named = phases_named(header)
    if len(named) > 1:
        where = cell_name(row, column) or "its header"
        raise LoaderError(
            f"the header '{header}' in {where} names both {' and '.join(named)}; "
            f"say which it holds with --phase {named[0]} (or --phase {named[-1]})",
            file=file, sheet=sheet, row=row, column=column, code="phase_ambiguous")
    return named[0] if named else DEFAULT_PHASE


def parse_phase(text: str) -> str:
    """A Phase column's cell or a --phase option, read as one of PHASES."""
    named = [phase for phase in PHASES if phase == (text or "").strip().lower()] or phases_named(text)
    if len(named) != 1:
        raise LoaderError(f"--phase: '{text}' is not one of {', '.join(PHASES)}", code="bad_option")
    return named[0]
