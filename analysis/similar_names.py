"""Which pairs of names read alike, found without comparing every pair in Python.

Comparing every pair with difflib took 21 s for 1,000 provider names, and a
national store has ten times as many. rapidfuzz's Indel similarity (twice the
longest common subsequence over both lengths) is never below difflib's
ratio(), whose matching blocks are one common subsequence: a pair rapidfuzz
puts under the threshold is under it for difflib too. So rapidfuzz compares
every pair in C, and difflib decides only the pairs it lets through: the
pairs and similarities are exactly those of comparing every pair with difflib.
cydifflib is difflib's own code compiled, five times faster, with the same results.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence

import cydifflib
import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

# Rows of rapidfuzz's score matrix worked out at a time: 16 MB of float32 whatever the number of names.
_SCORES_AT_ONCE = 4_000_000
# Keeps a pair exactly at the threshold ("24 7 locks cheshire" and "... derbyshire",
# 0.85) however each library rounds: rapidfuzz holds the cutoff as a float32 here.
_SLACK = 1e-6


def similar_pairs(texts: Sequence[str], blocks: Sequence[Hashable], threshold: float) -> Iterator[tuple[int, int, float]]:
    """(first, second, difflib ratio) for each pair with first < second, in the same block, at or above threshold.

    The ratio is difflib.SequenceMatcher(None, texts[first], texts[second]).ratio(),
    in that order: ratio() is not symmetric.
    """
    members_by_block: dict[Hashable, list[int]] = {}
    for index, block in enumerate(blocks):
        members_by_block.setdefault(block, []).append(index)
    matcher = cydifflib.SequenceMatcher(None)
    for members in members_by_block.values():
        analysed = None
        for first, second in _candidates([texts[index] for index in members], threshold - _SLACK):
            first, second = members[first], members[second]
            if second != analysed:  # difflib's analysis of the second text is the costly part of set_seqs
                matcher.set_seq2(texts[second])
                analysed = second
            matcher.set_seq1(texts[first])
            similarity = matcher.ratio()
            if similarity >= threshold:
                yield first, second, similarity


def _candidates(texts: list[str], cutoff: float) -> Iterator[tuple[int, int]]:
    """Each pair (i, j), i < j, whose Indel similarity reaches the cutoff, in runs of the same j."""
    step = max(1, _SCORES_AT_ONCE // max(1, len(texts)))
    for start in range(0, len(texts) - 1, step):
        stop = min(start + step, len(texts))
        if cutoff > 0:
            scores = process.cdist(texts[start:stop], texts[start:], scorer=Indel.normalized_similarity,
                                   score_cutoff=cutoff, dtype=np.float32, workers=-1)
            rows, columns = np.nonzero(scores)
        else:  # every pair passes, and one scoring 0 would read as cut off
            rows, columns = np.indices((stop - start, len(texts) - start)).reshape(2, -1)
        ahead = columns > rows
        rows, columns = rows[ahead], columns[ahead]
        by_column = np.lexsort((rows, columns))
        yield from zip((rows[by_column] + start).tolist(), (columns[by_column] + start).tolist())
