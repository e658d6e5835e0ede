"""How long alias suggestions take for 1,000 and 10,000 provider names, against the old way in the same run.

    .venv/bin/python bench/bench_alias_suggestions.py [--no-fail] [--repeats 3]

The names are the bundled files' real providers across the 43 PCC areas,
numbered (bench/provider_names.py). Target (issue 12): 10,000 names in under
3 s, what an upload's preview asks for against a national store, and the same
for the worst case, 10,000 numbered copies of the real names where every copy
of a name is like every other (1.8 million pairs; 16 s before the suggestions
were bounded to each group's closest pairs). The old way, difflib on every
pair, is timed on the 1,000-name cases only (on 10,000 it would take
minutes): every pair must be its suggestions, and the pairs shown each
group's best of them. Exits 1 if a target is missed, unless --no-fail.
"""
from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import pandas as pd  # noqa: E402

from analysis import providers  # noqa: E402
from benchmarking import best_of, machine_line  # noqa: E402
from provider_names import national_provider_names, numbered_copies, real_provider_names  # noqa: E402

TARGET_S = 3.0


def old_suggest_aliases(frame: pd.DataFrame, threshold: float = providers.DEFAULT_SIMILARITY) -> pd.DataFrame:
    """suggest_aliases as it was before rapidfuzz (commit 5cb2c65), with no aliases: difflib on every pair."""
    columns = ["alias", "canonical_name", "similarity", "alias_lines", "canonical_lines"]
    line_counts = frame["provider"].astype(str).str.strip().value_counts()
    candidates = sorted(name for name in line_counts.index
                        if not providers.is_unnamed_provider(name) and not providers.is_joint_provider(name))
    normalised = [providers.normalise_provider_name(name) for name in candidates]
    tiers = [providers._tiers(text) for text in normalised]
    found = []
    matcher = difflib.SequenceMatcher(None)
    for second in range(len(candidates)):
        matcher.set_seq2(normalised[second])
        for first in range(second):
            if tiers[first] != tiers[second]:
                continue
            matcher.set_seq1(normalised[first])
            if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
                continue
            similarity = matcher.ratio()
            if similarity >= threshold:
                found.append((first, second, similarity))
    suggestions = []
    for first, second, similarity in sorted(found):
        canonical, alias = sorted((candidates[first], candidates[second]),
                                  key=lambda name: (-len(name), -line_counts[name], name))
        suggestions.append((alias, canonical, round(similarity, 3), int(line_counts[alias]), int(line_counts[canonical])))
    return pd.DataFrame(suggestions, columns=columns).sort_values(
        ["similarity", "alias"], ascending=[False, True], ignore_index=True)


COLUMNS = ["alias", "canonical_name", "similarity", "alias_lines", "canonical_lines"]


def bounded_as_every_pair(bounded: pd.DataFrame, every: pd.DataFrame, per_group: int) -> bool:
    """Each group's pairs shown are its `per_group` best of every pair (ties between equal pairs fall either way)."""
    shown = set(bounded[COLUMNS].itertuples(index=False, name=None))
    if not shown <= set(every[COLUMNS].itertuples(index=False, name=None)):
        return False
    best = every.groupby("group")["similarity"].apply(lambda values: sorted(values, reverse=True)[:per_group])
    kept = bounded.groupby("group")["similarity"].apply(lambda values: sorted(values, reverse=True))
    return best.tolist() == kept.tolist()


def timed_case(label: str, names: list[str], repeats: int, old: bool) -> tuple[bool, bool]:
    """Times the bounded suggestions; checks them against every pair (and, if `old`, every pair against difflib's)."""
    frame = pd.DataFrame({"provider": names})
    seconds, bounded = best_of(repeats, lambda: providers.suggest_aliases(frame))
    met = seconds < TARGET_S
    words = [f"{label}: {seconds:.2f} s; {len(bounded):,} suggestions in {bounded['group'].nunique():,} groups "
             f"(at most {providers.PAIRS_PER_GROUP} a group)"]
    same = True
    if old:
        every_s, every = best_of(1, lambda: providers.suggest_aliases(frame, pairs_per_group=None))
        old_s, old_result = best_of(1, lambda: old_suggest_aliases(frame))
        same = every[COLUMNS].equals(old_result) and bounded_as_every_pair(bounded, every, providers.PAIRS_PER_GROUP)
        words.append(f"every pair: {len(every):,} suggestions in {every_s:.2f} s, old way (difflib) {old_s:.2f} s; "
                     f"the shown pairs {'are' if same else 'are NOT'} each group's best of the old way's")
    if len(names) >= 10_000:
        words.append(f"target < {TARGET_S:.0f} s: {'met' if met else 'MISSED'}")
    print("; ".join(words))
    return met or len(names) < 10_000, same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-fail", action="store_true")
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    print(machine_line())
    real_names = real_provider_names()
    print(f"{len(real_names)} real provider names from the bundled datasets, e.g. {', '.join(real_names[:4])}")
    outcomes = [
        timed_case("1,000 names", national_provider_names(1_000, real_names), options.repeats, old=True),
        timed_case("10,000 names", national_provider_names(10_000, real_names), options.repeats, old=False),
        timed_case("1,000 numbered copies ('Catch 22 1', 'Catch 22 2', ...; every copy alike)",
                   numbered_copies(1_000, real_names), options.repeats, old=True),
        timed_case("10,000 numbered copies, the worst case (1.8 million pairs alike)",
                   numbered_copies(10_000, real_names), options.repeats, old=False),
    ]
    fine = all(met and same for met, same in outcomes)
    return 0 if fine or options.no_fail else 1


if __name__ == "__main__":
    raise SystemExit(main())
