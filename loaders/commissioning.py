"""How a service is commissioned, reduced to the categories panels compare."""
from __future__ import annotations

import re
from functools import lru_cache

from loaders.schema import COMMISSIONING_TYPES

SOLE, JOINT, GRANT, STATUTORY, NOT_APPLICABLE, OTHER = COMMISSIONING_TYPES

BRACKETED = re.compile(r"\((?P<inside>[^)]*)\)")


@lru_cache(maxsize=4096)
def normalise_commissioning(text: str) -> tuple[str, str]:
    """(category, co-funders) for a free-text commissioning description."""
    raw = " ".join(str(text).split())
    lowered = raw.lower()
    partners = ""
    bracket = BRACKETED.search(raw)
    if bracket:
        inside = bracket["inside"].strip()
        partners = re.sub(r"^(?:jointly\s+)?(?:funded\s+)?with\s+", "", inside, flags=re.IGNORECASE).strip()
    if not lowered:
        return OTHER, ""
    if "statutory" in lowered:
        category = STATUTORY
    elif "joint" in lowered or "co-fund" in lowered or "partnership fund" in lowered:
        category = JOINT
    # "Grand Funded" is a real typo in Leicestershire's published framework.
    elif re.search(r"\bgran[td]\b|\bgrant[- ]?fund|\bgran[td] funded", lowered):
        category = GRANT
    elif re.search(r"procure|sole|tender|contract|commissioned", lowered):
        category = SOLE
    elif lowered in {"not applicable", "n/a", "na", "none"} or lowered.startswith("not applicable"):
        category = NOT_APPLICABLE
    else:
        category = OTHER
    # Brackets after other types hold remarks, not co-funders.
    return category, partners if category == JOINT else ""
