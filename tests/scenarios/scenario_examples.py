"""Scenario adjustments shared by the planner's tests, named after the published lines they touch."""
from __future__ import annotations

from scenarios.adjustments import (
    AddService,
    Change,
    ChangeGroup,
    ChangeLine,
    EndService,
    InflationUplift,
    LineRef,
    Move,
    Projection,
    SetTo,
    Share,
    SplitSum,
    Target,
)

TARGET_HARDENING = LineRef("Target Hardening", "24-7 Locks", "LLR")
VICTIM_FIRST = LineRef("Victim First", "Catch 22", "LLR")
PAVE_NURSES = LineRef(
    "Proactive Vulnerability Management Engagement (PAVE) team – Mental health nurses",
    "Leicestershire Partnership Trust", "LLR",
)
PAEDIATRIC_SARC = LineRef("Paediatric SARC", "Nottingham University Hospital Trust", "East Midlands")


def commissioners_question() -> list:
    """The issue's scenario: Victims -5%, Target Hardening ends, a £60k ISVA starts, the rest +2%."""
    return [
        ChangeGroup("strategic_area", "Victims", "percent", -5),
        EndService(TARGET_HARDENING),
        AddService(
            strategic_area="Victims", service="Independent Sexual Violence Advisers (ISVA)",
            provider="To be procured", amount_gbp=60_000, commissioning_type="Procured – sole funded",
            geography="LLR", provision="ISVA support for adult victims of sexual violence",
        ),
        InflationUplift(2),
    ]


# One of each kind, with real names and figures from the bundled files.
EVERY_KIND = [
    ChangeGroup("strategic_area", "Victims", "percent", -5),
    ChangeGroup("commissioning_type", "Grant funding", "gbp", -12_500.5),
    ChangeGroup("provider", "Turning Point", "percent", 1.5),
    ChangeGroup("geography", "Rutland", "gbp", 250),
    ChangeLine(VICTIM_FIRST, "gbp", 2_488.25),
    EndService(TARGET_HARDENING),
    commissioners_question()[2],
    InflationUplift(2),
    InflationUplift(3.1, only_unadjusted=False),
    SplitSum(55_000, (Share(LineRef("Derbyshire County IDVA service"), 60), Share(LineRef("Derby City IDVA service"), 40))),
    Projection(3, 2),
    Change(Target.of(strategic_area="Prevention"), "percent", -5, note="Issue 15's first scenario"),
    SetTo(Target.of(service="CHISVA"), 52_000, from_year="2022/23"),
    Move(50_000, Target.of(service="Emergent issues/ideas/PCC grants top up/ contingency"),
         Target.of(service="Victim First"), enabled=False),
    InflationUplift(2, only_unadjusted=False, target=Target.of(commissioning_type="Grant funding")),
]
