"""Which pairs of names read alike, found without comparing every pair in Python, and bounded per group.

Comparing every pair with difflib took 21 s for 1,000 provider names, and a
national store has ten times as many. rapidfuzz's Indel similarity (twice the
longest common subsequence over both lengths) is never below difflib's
ratio(), whose matching blocks are one common subsequence: a pair rapidfuzz
puts under the threshold is under it for difflib too. So rapidfuzz compares
every pair in C, and difflib decides only the pairs it lets through.
cydifflib is difflib's own code compiled, five times faster, with the same results.

Names linked by the pairs rapidfuzz lets through form a group. Ten thousand names that differ by a
number ("Catch 22 1", "Catch 22 2", ...) make 1.9 million pairs, more than
anyone will read and 16 s of difflib: so each group gives at most its
`per_group` closest pairs, with its number of names. Difflib is asked about a
group's pairs in rapidfuzz's order, best first, and stops once rapidfuzz's
score (the most difflib could say) can no longer beat the pairs kept. A group
with no more than `per_group` pairs alike gives every one, exactly as
comparing every pair with difflib would: real lists of providers are made of
such groups.
"""
from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass

import cydifflib
import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

# Rows of rapidfuzz's score matrix worked out at a time: 16 MB of float32 whatever the number of names.
_SCORES_AT_ONCE = 4_000_000
# Keeps a pair exactly at the threshold ("24 7 locks cheshire" and "... derbyshire",
# 0.85) however each library rounds: rapidfuzz holds the cutoff as a float32 here.
_SLACK = 1e-6


@dataclass(frozen=True)
class AlikeGroups:
    """The pairs alike (first < second, difflib ratio) and, for each text, its group's number and size.

    A text alike to no other is a group of one.
    """

    pairs: list[tuple[int, int, float]]
    group_of: np.ndarray
    group_size: np.ndarray


def similar_pairs(texts: Sequence[str], blocks: Sequence[Hashable], threshold: float) -> Iterator[tuple[int, int, float]]:
    """(first, second, difflib ratio) for every pair with first < second, in the same block, at or above threshold.

    The ratio is difflib.SequenceMatcher(None, texts[first], texts[second]).ratio(),
    in that order: ratio() is not symmetric.
    """
    yield from sorted(alike_groups(texts, blocks, threshold).pairs)


def alike_groups(texts: Sequence[str], blocks: Sequence[Hashable], threshold: float, *,
                 per_group: int | None = None, same: Sequence[Hashable] | None = None) -> AlikeGroups:
    """Each group's closest pairs (all of them when `per_group` is None), in no particular order.

    Pairs whose `same` labels are equal (two spellings already one body) are
    neither kept nor counted.
    """
    group_of = np.arange(len(texts))
    members_by_block: dict[Hashable, list[int]] = {}
    for index, block in enumerate(blocks):
        members_by_block.setdefault(block, []).append(index)
    matcher = cydifflib.SequenceMatcher(None)
    pairs: list[tuple[int, int, float]] = []
    if same is not None:
        codes: dict[Hashable, int] = {}
        same_code = np.asarray([codes.setdefault(label, len(codes)) for label in same])
    for members in members_by_block.values():
        members = np.asarray(members)
        rows, columns, scores = _candidates([texts[index] for index in members], threshold - _SLACK)
        rows, columns = members[rows], members[columns]
        if same is not None:
            differ = same_code[rows] != same_code[columns]
            rows, columns, scores = rows[differ], columns[differ], scores[differ]
        if not len(rows):
            continue
        group_of[members] = _components(group_of[members], rows, columns, members)
        pairs.extend(_closest(texts, rows, columns, scores, group_of, threshold, per_group, matcher))
    group_size = np.bincount(group_of, minlength=len(texts))[group_of]
    return AlikeGroups(pairs, group_of, group_size)


def _closest(texts, rows, columns, scores, group_of, threshold, per_group, matcher) -> list[tuple[int, int, float]]:
    # Best rapidfuzz score first within each group; ties in the order of the pair, so the result is fixed.
    order = np.lexsort((rows, columns, -scores, group_of[rows]))
    rows, columns, scores, groups = rows[order], columns[order], scores[order], group_of[rows[order]]
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    ends = np.r_[starts[1:], len(groups)]
    kept: list[tuple[int, int, float]] = []
    for start, end in zip(starts.tolist(), ends.tolist()):
        best: list[tuple[float, int, int, int]] = []  # a heap of (ratio, -position, first, second)
        for position in range(start, end):
            if per_group is not None and len(best) == per_group and scores[position] <= best[0][0] + _SLACK:
                break  # rapidfuzz's score bounds difflib's: nothing further can beat the pairs kept
            first, second = int(rows[position]), int(columns[position])
            matcher.set_seqs(texts[first], texts[second])
            similarity = matcher.ratio()
            if similarity < threshold:
                continue
            entry = (similarity, -position, first, second)
            if per_group is None or len(best) < per_group:
                heapq.heappush(best, entry)
            elif entry > best[0]:
                heapq.heapreplace(best, entry)
        kept.extend((first, second, similarity) for similarity, _, first, second in best)
    return kept


def _components(labels: np.ndarray, rows: np.ndarray, columns: np.ndarray, members: np.ndarray) -> np.ndarray:
    """The members' group numbers once linked by each (row, column) pair: the smallest index in the group."""
    position = np.full(int(members.max()) + 1, -1)
    position[members] = np.arange(len(members))
    first, second = position[rows], position[columns]
    labels = labels.copy()
    while True:
        linked = np.minimum(labels[first], labels[second])
        merged = labels.copy()
        np.minimum.at(merged, first, linked)
        np.minimum.at(merged, second, linked)
        # Each member takes its label's own label: long chains settle in a few rounds.
        merged = merged[position[merged]]
        if np.array_equal(merged, labels):
            return labels
        labels = merged


def _candidates(texts: list[str], cutoff: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(i, j, Indel similarity) for each pair i < j whose similarity reaches the cutoff."""
    found_rows, found_columns, found_scores = [], [], []
    step = max(1, _SCORES_AT_ONCE // max(1, len(texts)))
    for start in range(0, len(texts) - 1, step):
        stop = min(start + step, len(texts))
        scores = process.cdist(texts[start:stop], texts[start:], scorer=Indel.normalized_similarity,
                               score_cutoff=max(cutoff, 0), dtype=np.float32, workers=-1)
        if cutoff > 0:
            rows, columns = np.nonzero(scores)
        else:  # every pair passes, and one scoring 0 would read as cut off
            rows, columns = np.indices(scores.shape).reshape(2, -1)
        ahead = columns > rows
        rows, columns = rows[ahead], columns[ahead]
        found_scores.append(scores[rows, columns])
        found_rows.append(rows + start)
        found_columns.append(columns + start)
    if not found_rows:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0, dtype=np.float32)
    return np.concatenate(found_rows), np.concatenate(found_columns), np.concatenate(found_scores)
