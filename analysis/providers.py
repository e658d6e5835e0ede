"""Who gets the money: providers grouped through the alias table, ranked, and profiled.

PCC files spell one body several ways ("Leicestershire Partnership Trust" and
"Leicestershire Partnership NHS Trust"). The spend lines keep the spelling of
their file so every figure traces back to its cell; a `provider_group` column
carries the name the dashboard shows. Aliases come only from people: this
module suggests likely pairs but never merges anything by itself.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from analysis.similar_names import alike_groups
from analysis.grouping import aggregate, group_sum, is_categorical_text, per_distinct_row, per_value, plain_text

PROVIDER_GROUP = "provider_group"

# Lines whose provider cell names no single organisation. They stay in totals
# but are not ranked as a provider, so "Various" can never be "the biggest provider".
UNNAMED_PROVIDER = "Not a single named provider"
_UNNAMED_PATTERNS = (
    re.compile(r"^$"),
    re.compile(r"^various\b", re.IGNORECASE),
    re.compile(r"^to be\b", re.IGNORECASE),  # to be selected, procured, confirmed, decided…
    re.compile(r"^(tbc|tba|n/?a|unknown)$", re.IGNORECASE),
)

# Local-government tiers: "Leicester City Council" and "Leicester County Council"
# read almost alike but are different councils, so a pair naming different tiers
# is never suggested however similar the letters are.
_TIER_WORDS = frozenset({"city", "county", "district", "borough", "town", "parish", "metropolitan"})

# A cell naming several bodies ("Leicester City Council/ Leicestershire County
# Council", "Districts, Boroughs and Leicester City councils") is a joint line:
# it is kept as written and never offered as an alias of one of its members.
_JOINT_MARKERS = re.compile(r"[/,;+]|\s&\s")

DEFAULT_SIMILARITY = 0.85
# The closest pairs shown of one group of lookalike spellings: 10,000 names that
# differ by a number would otherwise make 1.9 million suggestions.
PAIRS_PER_GROUP = 10


def is_unnamed_provider(name: str | None) -> bool:
    text = (name or "").strip()
    return any(pattern.search(text) for pattern in _UNNAMED_PATTERNS)


def is_joint_provider(name: str) -> bool:
    return bool(_JOINT_MARKERS.search(name))


Aliases = pd.DataFrame | Mapping[str, str] | Iterable[tuple[str, str]] | None


def alias_mapping(aliases: Aliases) -> dict[str, str]:
    """alias -> canonical name, from the store's alias table, a plain mapping or (alias, canonical name) pairs.

    Pairs are what ui.data_access.provider_aliases gives: hashable, so a
    cached aggregate can take them.
    """
    if aliases is None:
        return {}
    if isinstance(aliases, pd.DataFrame):
        if aliases.empty:
            return {}
        pairs = zip(aliases["alias"], aliases["canonical_name"])
    elif isinstance(aliases, Mapping):
        pairs = aliases.items()
    else:
        pairs = aliases
    return {str(alias).strip(): str(canonical).strip() for alias, canonical in pairs}


def resolve_alias(name: str, aliases: Mapping[str, str]) -> str:
    """Follow alias -> canonical links to the end; a loop stops where it would repeat."""
    seen = {name}
    current = name
    while current in aliases:
        following = aliases[current]
        if following in seen:
            break
        seen.add(following)
        current = following
    return current


def _written(names: pd.Series) -> pd.Series:
    """Provider cells as matched against the aliases: text, trimmed, blank where there is none."""
    return names.astype(str).fillna("").str.strip()


def apply_aliases(frame: pd.DataFrame, aliases: Aliases) -> pd.DataFrame:
    """The frame plus `provider_group`: the canonical name where an alias says so, else the name as written.

    Matching is on the whole cell (trimmed), so a joint line keeps its own
    name unless someone aliases that exact joint text. For categorical lines
    `provider_group` is categorical too (its categories sorted), so the
    figures drawn from it group codes, not 100,000 strings.
    """
    mapping = alias_mapping(aliases)

    def group(names: pd.Series) -> pd.Series:
        written = _written(names)
        grouped = written.map(lambda name: resolve_alias(name, mapping) if mapping else name)
        return grouped.where(~grouped.map(is_unnamed_provider), UNNAMED_PROVIDER)

    if not is_categorical_text(frame["provider"]):
        return frame.assign(**{PROVIDER_GROUP: group(frame["provider"])})
    # Once per distinct cell: a national store repeats 1,200 spellings over 100,000 lines.
    return frame.assign(**per_distinct_row(
        frame, ["provider"], lambda names: {PROVIDER_GROUP: group(names["provider"]).tolist()}))


def aliases_in_use(frame: pd.DataFrame, aliases: Aliases) -> pd.DataFrame:
    """The aliases that change a name in this frame, with how many lines and pounds they move."""
    mapping = alias_mapping(aliases)
    columns = ["alias", "canonical_name", "lines", "amount_gbp"]
    if not mapping or frame.empty:
        return pd.DataFrame(columns=columns)
    is_alias = per_value(frame["provider"], lambda names: _written(names).isin(list(mapping)))
    used = frame.loc[is_alias.to_numpy(), ["provider", "source_row", "amount_gbp"]]
    if used.empty:
        return pd.DataFrame(columns=columns)
    written = used.assign(alias=_written(used["provider"]))
    summary = (
        written.groupby("alias", sort=True)
        .agg(lines=("source_row", "size"), amount_gbp=("amount_gbp", "sum"))
        .reset_index()
    )
    summary.insert(1, "canonical_name", summary["alias"].map(lambda name: resolve_alias(name, mapping)))
    return summary[columns]


def normalise_provider_name(name: str) -> str:
    """The name with the differences that do not tell bodies apart taken out.

    Case, "&" for "and", the word "NHS", punctuation and spacing vary between
    files for the same trust or council.
    """
    text = name.lower().replace("&", " and ")
    text = re.sub(r"\bnhs\b", " ", text)
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"^the\s+", "", " ".join(text.split()))
    return text


def _tiers(normalised: str) -> frozenset[str]:
    """The local-government tier words of a name already through normalise_provider_name."""
    return frozenset(normalised.split()) & _TIER_WORDS


def _lines_per_written_name(frame: pd.DataFrame) -> pd.Series:
    """How many lines name each provider, as written (trimmed); lines with no provider are not counted."""
    counts = aggregate(frame, ["provider"], lines=("provider", "size"))
    return counts["lines"].groupby(_written(counts["provider"]).to_numpy()).sum()


def suggest_aliases(
    frame: pd.DataFrame,
    aliases: Aliases = None,
    *,
    threshold: float = DEFAULT_SIMILARITY,
    pairs_per_group: int | None = PAIRS_PER_GROUP,
) -> pd.DataFrame:
    """Pairs of provider spellings that look like one body, for a person to confirm.

    The suggested canonical name is the fuller spelling (usually the
    registered name), then the one on more lines. Spellings linked by
    likeness form a group (`group`, numbered from the group with the closest
    pair; `names_alike`, how many spellings it holds); each group gives its
    `pairs_per_group` closest pairs, every pair when it has no more.
    """
    columns = ["alias", "canonical_name", "similarity", "alias_lines", "canonical_lines", "group", "names_alike"]
    mapping = alias_mapping(aliases)
    line_counts = _lines_per_written_name(frame)
    candidates = sorted(
        name for name in line_counts.index
        if not is_unnamed_provider(name) and not is_joint_provider(name) and name not in mapping
    )
    # Each name normalised once, not once per pair.
    normalised = [normalise_provider_name(name) for name in candidates]
    # Blocked by tier words: a city and a county council are never paired.
    found = alike_groups(normalised, [_tiers(text) for text in normalised], threshold,
                         per_group=pairs_per_group, same=[resolve_alias(name, mapping) for name in candidates])
    lines = {name: int(line_counts[name]) for name in candidates}  # a dict: looked up once per pair
    suggestions = []
    for first, second, similarity in sorted(found.pairs):  # as itertools.combinations gives the pairs
        canonical, alias = sorted(
            (candidates[first], candidates[second]), key=lambda name: (-len(name), -lines[name], name)
        )
        suggestions.append((alias, canonical, round(similarity, 3), lines[alias], lines[canonical],
                            int(found.group_of[first]), int(found.group_size[first])))
    result = pd.DataFrame(suggestions, columns=columns)
    result = result.sort_values(["similarity", "alias"], ascending=[False, True], ignore_index=True)
    # Groups numbered 1, 2, ... in the order their closest pair comes.
    result["group"] = pd.factorize(result["group"])[0] + 1
    return result


def years_funded(years: Iterable[str]) -> str:
    """'2018/19–2020/21' for an unbroken run of financial years, else each year listed."""
    ordered = sorted(set(years))
    starts = [int(year[:4]) for year in ordered]
    if len(ordered) > 1 and starts == list(range(starts[0], starts[0] + len(starts))):
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(ordered)


def count_funded_providers(frame: pd.DataFrame, aliases: Aliases = None) -> int:
    """How many named providers (spellings grouped by the aliases) have a line with money on it.

    The Overview and the Providers page both show this count, so both must
    get it here: a provider whose only line this year is £0 (a service that
    ended) is not one the PCC funds that year.
    """
    funded = frame.loc[frame["amount_gbp"].ne(0), "provider"]
    mapping = alias_mapping(aliases)
    names = set(_written(pd.Series(funded.unique())))
    return len({resolve_alias(name, mapping) for name in names if not is_unnamed_provider(name)})


def rank_providers(frame: pd.DataFrame) -> pd.DataFrame:
    """Named providers by total spend, largest first, with each one's share of all spend shown.

    Expects `provider_group` (from apply_aliases). Lines with no single named
    provider are left out of the ranking but stay in the share's denominator.
    """
    columns = ["rank", PROVIDER_GROUP, "amount_gbp", "share", "services", "lines", "years"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    total = frame["amount_gbp"].sum()
    named = frame.loc[frame[PROVIDER_GROUP] != UNNAMED_PROVIDER, [PROVIDER_GROUP, "service", "financial_year", "amount_gbp"]]
    if named.empty:
        return pd.DataFrame(columns=columns)
    by_group = aggregate(named, [PROVIDER_GROUP], amount_gbp=("amount_gbp", "sum"),
                         services=("service", "nunique"), lines=("amount_gbp", "size"))
    # Each provider's years listed from its distinct (provider, year) pairs, not from every line.
    pairs = aggregate(named, [PROVIDER_GROUP, "financial_year"], lines=("amount_gbp", "size"))
    years: dict[str, list[str]] = {}
    for name, year in zip(pairs[PROVIDER_GROUP].tolist(), pairs["financial_year"].tolist()):
        years.setdefault(name, []).append(year)  # a plain loop: groupby.agg(list) slices a Series per provider
    ranked = by_group.assign(
        years=pd.Series([years_funded(years.get(name, [])) for name in by_group[PROVIDER_GROUP]], dtype="str"),
    ).sort_values(["amount_gbp", PROVIDER_GROUP], ascending=[False, True], ignore_index=True)
    ranked["share"] = ranked["amount_gbp"] / total if total else float("nan")
    ranked["rank"] = range(1, len(ranked) + 1)
    return ranked[columns]


def provider_spend_by_area(frame: pd.DataFrame, providers: Iterable[str] | None = None) -> pd.DataFrame:
    """Spend per provider and strategic area, for bars coloured by strategic area."""
    subset = frame[frame[PROVIDER_GROUP] != UNNAMED_PROVIDER]
    if providers is not None:
        subset = subset[subset[PROVIDER_GROUP].isin(list(providers))]
    return group_sum(subset, [PROVIDER_GROUP, "strategic_area"])


@dataclass(frozen=True)
class Concentration:
    """How much of the money goes to the few biggest providers."""

    top_n: int
    providers: tuple[str, ...]
    top_amount_gbp: float
    total_amount_gbp: float
    unnamed_amount_gbp: float

    @property
    def share(self) -> float:
        return self.top_amount_gbp / self.total_amount_gbp if self.total_amount_gbp else float("nan")


def top_concentration(frame: pd.DataFrame, top_n: int = 5) -> Concentration:
    """The share of all spend that goes to the `top_n` largest named providers."""
    ranked = rank_providers(frame)
    top = ranked.head(top_n)
    total = float(frame["amount_gbp"].sum()) if not frame.empty else 0.0
    unnamed = float(frame.loc[frame[PROVIDER_GROUP] == UNNAMED_PROVIDER, "amount_gbp"].sum()) if total else 0.0
    return Concentration(
        top_n=top_n,
        providers=tuple(top[PROVIDER_GROUP]),
        top_amount_gbp=float(top["amount_gbp"].sum()),
        total_amount_gbp=total,
        unnamed_amount_gbp=unnamed,
    )


def provider_profile(frame: pd.DataFrame, provider: str) -> pd.DataFrame:
    """Every line of one provider (after aliases): service, year, amount and where it was read."""
    columns = [
        "strategic_area", "service", "provider", "financial_year", "amount_gbp",
        "commissioning_type", "geography", "source_file", "source_sheet", "source_row",
    ]
    lines = frame[frame[PROVIDER_GROUP] == provider]
    return plain_text(lines[columns]).sort_values(["strategic_area", "service", "financial_year"], ignore_index=True)


def provider_services_by_year(frame: pd.DataFrame, provider: str) -> pd.DataFrame:
    """One row per service of the provider, one column per financial year (blank where not funded)."""
    profile = provider_profile(frame, provider)
    if profile.empty:
        return pd.DataFrame(columns=["strategic_area", "service"])
    table = profile.pivot_table(
        index=["strategic_area", "service"], columns="financial_year",
        values="amount_gbp", aggfunc="sum",
    )
    table.columns.name = None
    return table.reset_index()


def unnamed_spend(frame: pd.DataFrame) -> float:
    """Spend on lines with no single named provider: in every total, never ranked. Expects `provider_group`."""
    return float(frame.loc[frame[PROVIDER_GROUP] == UNNAMED_PROVIDER, "amount_gbp"].sum())


def provider_total(frame: pd.DataFrame, provider: str) -> float:
    """One provider's spend (after aliases) over the lines given. Expects `provider_group`."""
    return float(frame.loc[frame[PROVIDER_GROUP] == provider, "amount_gbp"].sum())
