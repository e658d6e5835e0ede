"""Alias suggestions found through rapidfuzz are exactly difflib's on every pair, on real provider names.

The names are the bundled PCC files' own providers, each as the 43 PCC areas
would write it (the Leicestershire trust becomes Kent's), as bench/provider_names.py
builds them for the 10,000-name benchmark.
"""
from __future__ import annotations

import difflib
import itertools
import re

import pandas as pd
import pytest

from analysis import providers
from analysis.similar_names import similar_pairs

LOCAL_NAMES = re.compile(r"\bLeicestershire\b|\bLeicester\b")
AREAS = ["Derbyshire", "Durham", "Essex", "Kent", "Leicestershire", "Cheshire", "Lancashire", "Northumbria"]


@pytest.fixture(scope="module")
def national_names(bundled) -> list[str]:
    real = sorted({name.strip() for name in bundled["provider"].astype(str)} - {""})
    real = [name for name in real if not providers.is_unnamed_provider(name) and not providers.is_joint_provider(name)]
    names = set()
    for area in AREAS:
        for name in real:
            local = LOCAL_NAMES.sub(area, name)
            names.add(local if local != name else f"{name} {area}")
    return sorted(names)


def every_pair_with_difflib(texts, blocks, threshold):
    return [
        (first, second, difflib.SequenceMatcher(None, texts[first], texts[second]).ratio())
        for first, second in itertools.combinations(range(len(texts)), 2)
        if blocks[first] == blocks[second]
        and difflib.SequenceMatcher(None, texts[first], texts[second]).ratio() >= threshold
    ]


@pytest.mark.parametrize("threshold", [providers.DEFAULT_SIMILARITY, 0.6, 0.0])
def test_the_pairs_are_those_of_difflib_on_every_pair(national_names, threshold):
    texts = [providers.normalise_provider_name(name) for name in national_names]
    blocks = [providers._tiers(text) for text in texts]

    found = sorted(similar_pairs(texts, blocks, threshold))

    assert found == every_pair_with_difflib(texts, blocks, threshold)


def test_a_pair_exactly_at_the_threshold_is_suggested(national_names):
    # '24 7 locks cheshire' / '24 7 locks derbyshire': 34 of 40 letters match, 0.85 exactly.
    suggestions = providers.suggest_aliases(pd.DataFrame({"provider": national_names}))
    pairs = dict(zip(zip(suggestions["alias"], suggestions["canonical_name"]), suggestions["similarity"]))

    assert pairs[("24-7 Locks Cheshire", "24-7 Locks Derbyshire")] == 0.85


def test_the_trust_spellings_are_paired_among_many_areas_and_councils_are_not(national_names):
    suggestions = providers.suggest_aliases(pd.DataFrame({"provider": national_names}))
    pairs = {frozenset(pair) for pair in zip(suggestions["alias"], suggestions["canonical_name"])}

    assert frozenset({"Kent Partnership Trust", "Kent Partnership NHS Trust"}) in pairs
    assert {"Kent City Council", "Kent County Council"} <= set(national_names)
    assert frozenset({"Kent City Council", "Kent County Council"}) not in pairs
