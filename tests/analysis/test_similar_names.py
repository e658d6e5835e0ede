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
from analysis.similar_names import alike_groups, similar_pairs

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


@pytest.fixture(scope="module")
def numbered_copies(bundled) -> list[str]:
    """The worst case: each real provider written 12 times, told apart only by a number ('Catch 22 7')."""
    real = sorted({name.strip() for name in bundled["provider"].astype(str)} - {""})
    real = [name for name in real if not providers.is_unnamed_provider(name) and not providers.is_joint_provider(name)]
    return [f"{name} {number}" for name in real for number in range(1, 13)]


def test_a_group_of_copies_gives_its_ten_closest_pairs_and_how_many_names_it_holds(numbered_copies):
    texts = [providers.normalise_provider_name(name) for name in numbered_copies]
    blocks = [providers._tiers(text) for text in texts]
    every = every_pair_with_difflib(texts, blocks, providers.DEFAULT_SIMILARITY)

    found = alike_groups(texts, blocks, providers.DEFAULT_SIMILARITY, per_group=10)

    assert len(found.pairs) < len(every)
    by_group: dict[int, list[float]] = {}
    for first, second, similarity in every:
        assert found.group_of[first] == found.group_of[second]
        by_group.setdefault(int(found.group_of[first]), []).append(similarity)
    kept: dict[int, list[float]] = {}
    for first, second, similarity in found.pairs:
        assert (first, second, similarity) in set(every)
        kept.setdefault(int(found.group_of[first]), []).append(similarity)
    assert kept.keys() == by_group.keys()
    for group, similarities in by_group.items():
        # The ten best of comparing every pair of the group, however ties between equal pairs fall.
        assert sorted(kept[group], reverse=True) == sorted(similarities, reverse=True)[:10]
    catch_22 = numbered_copies.index("Catch 22 1")
    assert found.group_size[catch_22] == 12


def test_the_suggestions_for_copies_say_how_many_spellings_each_group_holds(numbered_copies):
    suggestions = providers.suggest_aliases(pd.DataFrame({"provider": numbered_copies}))
    catch_22 = suggestions[suggestions["alias"].str.startswith("Catch 22 ")]

    assert len(catch_22) == providers.PAIRS_PER_GROUP
    assert catch_22["group"].nunique() == 1 and set(catch_22["names_alike"]) == {12}
    assert suggestions.groupby("group").size().max() == providers.PAIRS_PER_GROUP
    assert list(suggestions["group"].drop_duplicates()) == list(range(1, suggestions["group"].max() + 1))


def test_ten_thousand_names_told_apart_by_a_number_are_suggested_in_a_bounded_list(bundled):
    real = sorted({name.strip() for name in bundled["provider"].astype(str)} - {""})
    real = [name for name in real if not providers.is_unnamed_provider(name) and not providers.is_joint_provider(name)]
    names = [f"{real[index % len(real)]} {index // len(real) + 1}" for index in range(10_000)]

    suggestions = providers.suggest_aliases(pd.DataFrame({"provider": names}))

    # 1.8 million pairs read alike; each group shows ten, and says how many names it holds.
    assert len(suggestions) <= providers.PAIRS_PER_GROUP * len(real)
    assert suggestions.drop_duplicates("group")["names_alike"].sum() <= 10_000
    assert suggestions.loc[suggestions["alias"].str.startswith("Catch 22 "), "names_alike"].max() >= 10_000 // len(real)
