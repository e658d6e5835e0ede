"""Change between two years, like for like: the one place every "change on last year" is worked out.

A total changes between two years for two reasons: the money moved, or the
year holds different things. With every area chosen, the bundled 2018/19 holds
Leicestershire's framework, Derbyshire's and Essex's decisions, and 2017/18
only Derbyshire's: the totals differ by £4.79m (1814%), none of it a change in
anyone's spending. So two years are compared only on what both hold:

- areas: a PCC area with no lines in one of the years is left out;
- datasets: a framework is a PCC's whole commissioning budget, so it compares
  with the same area's framework of the other year, whichever file it came
  from; a decision (or an allocation) funds one thing and compares only with
  itself. An area whose two years come from different datasets is left out;
- lines: within what is compared, a service new in the later year, or ended
  (no line, or £0), is part of the change, as it is part of the PCC's budget,
  and is also counted on its own (new_* and ended_*), as the Trends page lists it.

Where nothing is in both years there is no change (None), never a made-up one,
and `left_out` says in words what was left out and why.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.grouping import aggregate
from analysis.money import format_gbp

SERVICE_KEY = ["area", "strategic_area", "service"]

# A line's dataset as a comparison sees it: every framework of an area is one
# budget; any other dataset only itself.
_FRAMEWORK = -1
_NO_DATASET = -2  # lines without dataset columns (a loader's tidy frame): one dataset per area

KIND_WORDS = {"framework": ("framework", "frameworks"), "decision": ("decision", "decisions"),
              "allocation": ("allocation", "allocations")}


@dataclass(frozen=True)
class LikeForLike:
    """`year` against `previous_year` on what both hold; every amount in pounds."""

    year: str
    previous_year: str | None
    current_gbp: float | None  # the compared lines' total in `year`; None when nothing is compared
    previous_gbp: float | None  # the same in `previous_year`
    change_gbp: float | None
    change_pct: float | None  # None where nothing is compared or the previous total is nothing
    compared_areas: tuple[str, ...]
    compared_kinds: tuple[str, ...]  # "framework", "decision", "allocation": the kinds of dataset compared
    left_out: str  # plain English, "" when both years are compared whole
    year_total_gbp: float  # everything in `year`, compared or not
    previous_year_total_gbp: float | None
    continuing_change_gbp: float | None  # the change on services funded in both years
    new_services: int
    new_gbp: float  # what services new in `year` received
    ended_services: int
    ended_gbp: float  # what services that ended received in `previous_year`
    areas_differ: bool  # the two years hold different PCC areas (not only different datasets)

    @property
    def comparable(self) -> bool:
        return self.change_gbp is not None

    @property
    def whole(self) -> bool:
        """Both years compared in full: the change is simply the difference of the two totals."""
        return self.comparable and not self.left_out

    @property
    def compared(self) -> str:
        """What was compared, in words: "Derbyshire's decision", "Leicestershire's framework"."""
        if not self.compared_areas:
            return "nothing"
        kinds = [KIND_WORDS.get(kind, (kind, kind + "s")) for kind in self.compared_kinds]
        if len(self.compared_areas) == 1:
            what = " and ".join(singular for singular, _ in kinds) if len(kinds) <= 2 else "datasets"
            return f"{self.compared_areas[0]}'s {what}" if kinds else self.compared_areas[0]
        what = " and ".join(plural for _, plural in kinds) if kinds else "lines"
        return f"{_names(self.compared_areas)}' {what}" if len(self.compared_areas) <= 3 else (
            f"the {what} of {len(self.compared_areas)} PCC areas")

    def warning(self) -> str:
        """The sentence a page shows when the two years do not hold the same things ("" when they do)."""
        if self.previous_year is None or not self.left_out:
            return ""
        differ = "different PCCs" if self.areas_differ else "different datasets"
        if not self.comparable:
            return f"{self.previous_year} and {self.year} hold figures from {differ}. {self.left_out}"
        return (f"{self.previous_year} and {self.year} hold figures from {differ}, so their totals are not "
                f"like for like: the change compares {self.compared} only. {self.left_out}")


def previous_year(years: list[str] | pd.Series, year: str) -> str | None:
    """The latest year in the data before `year`, if any."""
    distinct = years.unique() if isinstance(years, pd.Series) else years
    earlier = sorted(str(y) for y in set(distinct) if y < year)
    return earlier[-1] if earlier else None


def _names(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _counted_areas(areas: list[str]) -> str:
    """'Essex' or '2 areas (Essex and Leicestershire)' or '12 areas (A, B, C, D and 8 more)'."""
    if len(areas) == 1:
        return areas[0]
    shown = _names(areas) if len(areas) <= 4 else ", ".join(areas[:4]) + f" and {len(areas) - 4} more"
    return f"{len(areas)} areas ({shown})"


def _datasets_key(rows: pd.DataFrame) -> np.ndarray:
    """Each line's dataset as a comparison sees it (see _FRAMEWORK)."""
    if "dataset_id" not in rows.columns or "dataset_kind" not in rows.columns:
        return np.full(len(rows), _NO_DATASET, dtype="int64")
    is_framework = rows["dataset_kind"].eq("framework").to_numpy()
    return np.where(is_framework, _FRAMEWORK, rows["dataset_id"].to_numpy(dtype="int64"))


@dataclass(frozen=True)
class _Units:
    """Which (area, dataset) pairs each year holds, and what the comparison keeps."""

    in_previous: frozenset
    in_year: frozenset
    names: dict  # (area, dataset key) -> what to call it
    kinds: dict  # (area, dataset key) -> dataset kind

    @property
    def both(self) -> frozenset:
        return self.in_previous & self.in_year


def _unit_keys(rows: pd.DataFrame) -> tuple[np.ndarray, pd.Index, np.ndarray]:
    """(one integer per line naming its (area, dataset) pair, -1 without an area; areas; dataset keys).

    Integers rather than (area, dataset) tuples: a national view has 100,000
    lines but only a few dozen pairs, so each line is only numbered here.
    """
    area = rows["area"]
    if isinstance(area.dtype, pd.CategoricalDtype):
        area_codes, areas = area.cat.codes.to_numpy().astype("int64"), area.cat.categories
    else:
        area_codes, areas = pd.factorize(area, use_na_sentinel=True)
    dataset_codes, datasets = pd.factorize(_datasets_key(rows))
    keys = area_codes.astype("int64") * max(len(datasets), 1) + dataset_codes
    return np.where(area_codes >= 0, keys, -1), pd.Index(areas), np.asarray(datasets, dtype="int64")


# What _units reads of each line; taking only these keeps it off a national view's other columns.
_UNIT_COLUMNS = ("financial_year", "area", "dataset_id", "dataset_kind", "dataset_name")


def _units(rows: pd.DataFrame, year: str, previous: str) -> tuple[_Units, np.ndarray]:
    """The comparison's units, and the positions in `rows` of the lines it compares (in both years' units)."""
    positions = np.flatnonzero(rows["financial_year"].isin([year, previous]).to_numpy())
    wanted = [column for column in _UNIT_COLUMNS if column in rows.columns]
    two_years = rows.iloc[positions, [rows.columns.get_loc(column) for column in wanted]]
    keys, areas, datasets = _unit_keys(two_years)
    in_year = two_years["financial_year"].eq(year).to_numpy()
    width, area_names, dataset_keys = max(len(datasets), 1), list(areas), datasets.tolist()

    def pair(key: int) -> tuple:
        return area_names[key // width], dataset_keys[key % width]

    placed = keys >= 0  # a line without an area is in no unit, as groupby leaves it out
    previous_keys, year_keys = np.unique(keys[placed & ~in_year]), np.unique(keys[placed & in_year])
    # What to call each unit and its kind: its last line's, as the lines are ordered.
    unit_keys, first_from_end = np.unique(keys[placed][::-1], return_index=True)
    last = np.flatnonzero(placed)[::-1][first_from_end]

    def spelt(column: str) -> list[str]:
        return list(two_years[column].iloc[last].astype("str")) if column in two_years else [""] * len(last)

    units = [pair(key) for key in unit_keys]
    found = _Units(frozenset(map(pair, previous_keys)), frozenset(map(pair, year_keys)),
                   dict(zip(units, spelt("dataset_name"))), dict(zip(units, spelt("dataset_kind"))))
    compared = positions[np.isin(keys, np.intersect1d(previous_keys, year_keys))]
    return found, compared


def comparable_rows(rows: pd.DataFrame, year: str, previous: str | None,
                    columns: list[str] | None = None) -> pd.DataFrame:
    """The lines of `previous` and `year` that a like-for-like change compares (none without a previous year).

    Waterfalls, movers and growth rates are drawn from these, so they add up
    to the change like_for_like_change gives. `columns`: only these, taken
    with the lines rather than after them (a national view has thirty).
    """
    picked = slice(None) if columns is None else [rows.columns.get_loc(column) for column in columns]
    if previous is None:
        return rows.iloc[:0, picked]
    return rows.iloc[_units(rows, year, previous)[1], picked]


def _left_out(units: _Units, year: str, previous: str, no_previous: str) -> str:
    areas_before = {area for area, _ in units.in_previous}
    areas_now = {area for area, _ in units.in_year}
    compared_areas = {area for area, _ in units.both}
    sentences = []
    if not units.in_previous and not units.in_year:
        return ""
    only_now = sorted(areas_now - areas_before)
    only_before = sorted(areas_before - areas_now)
    if only_now:
        verb = "has" if len(only_now) == 1 else "have"
        be = "is" if len(only_now) == 1 else "are"
        sentences.append(f"{_counted_areas(only_now)} {verb} no {previous} data and {be} not in this comparison.")
    if only_before:
        verb = "has" if len(only_before) == 1 else "have"
        be = "is" if len(only_before) == 1 else "are"
        sentences.append(f"{_counted_areas(only_before)} {verb} no {year} data and {be} not in this comparison.")
    switched = sorted((areas_before & areas_now) - compared_areas)
    if switched:
        why = "come from different datasets (a framework against a decision, or two different decisions)"
        sentences.append(
            f"{switched[0]}'s {previous} and {year} figures {why}, so it is not in this comparison."
            if len(switched) == 1 else
            f"{_counted_areas(switched)}: each one's {previous} and {year} figures {why}, "
            "so they are not in this comparison.")
    partial = sorted(unit for unit in (units.in_previous ^ units.in_year)
                     if unit[0] in compared_areas)
    if partial:
        described = [f"{units.names.get(unit) or 'a dataset'} ({unit[0]}, "
                     f"{year if unit in units.in_year else previous} only)" for unit in partial]
        sentences.append(("One dataset has" if len(partial) == 1 else f"{len(partial)} datasets have")
                         + f" figures for only one of the years and {'is' if len(partial) == 1 else 'are'} "
                         f"left out: {'; '.join(described)}.")
    if not units.both:
        sentences.append(no_previous)
    return " ".join(sentences)


def _service_amounts(compared: pd.DataFrame, year: str) -> tuple[np.ndarray, np.ndarray]:
    """Each service's (previous, current) amounts among the compared lines, 0 where it has no line."""
    if compared.empty:
        return np.zeros(0), np.zeros(0)
    amount = compared["amount_gbp"].to_numpy(dtype="float64")
    in_year = compared["financial_year"].eq(year).to_numpy()
    lines = compared[SERVICE_KEY].assign(previous_gbp=np.where(in_year, 0.0, amount),
                                         current_gbp=np.where(in_year, amount, 0.0))
    services = aggregate(lines, SERVICE_KEY, previous_gbp=("previous_gbp", "sum"), current_gbp=("current_gbp", "sum"))
    return (services["previous_gbp"].to_numpy().round(2), services["current_gbp"].to_numpy().round(2))


def like_for_like_change(rows: pd.DataFrame, year: str, previous: str | None) -> LikeForLike:
    """`year` against `previous` (None: no earlier year) on only the areas and datasets both years hold.

    `rows` are the view's lines over at least those two years: counted lines,
    or one dataset's lines, filtered as the sidebar says.
    """
    year_total = round(float(rows.loc[rows["financial_year"].eq(year), "amount_gbp"].sum()), 2)
    if previous is None:
        return LikeForLike(year, None, None, None, None, None, (), (), "", year_total, None, None, 0, 0.0, 0, 0.0, False)
    previous_total = round(float(rows.loc[rows["financial_year"].eq(previous), "amount_gbp"].sum()), 2)
    units, compared_positions = _units(rows, year, previous)
    no_previous = f"Nothing in these figures is in both {previous} and {year}, so there is no like-for-like change."
    left_out = _left_out(units, year, previous, no_previous)
    areas_differ = {a for a, _ in units.in_previous} != {a for a, _ in units.in_year}
    if not units.both:
        return LikeForLike(year, previous, None, None, None, None, (), (), left_out or no_previous, year_total,
                           previous_total, None, 0, 0.0, 0, 0.0, areas_differ)
    compared = rows.iloc[compared_positions,
                         [rows.columns.get_loc(column) for column in [*SERVICE_KEY, "financial_year", "amount_gbp"]]]
    before, now = _service_amounts(compared, year)
    current, earlier = round(float(now.sum()), 2), round(float(before.sum()), 2)
    new, ended = (before == 0) & (now != 0), (before != 0) & (now == 0)
    continuing = ~new & ~ended
    kinds = sorted({units.kinds.get(unit) for unit in units.both} - {"", None})
    return LikeForLike(
        year=year, previous_year=previous, current_gbp=current, previous_gbp=earlier,
        change_gbp=round(current - earlier, 2),
        change_pct=(current - earlier) / earlier * 100 if earlier else None,
        compared_areas=tuple(sorted({area for area, _ in units.both})), compared_kinds=tuple(kinds),
        left_out=left_out, year_total_gbp=year_total, previous_year_total_gbp=previous_total,
        continuing_change_gbp=round(float(now[continuing].sum() - before[continuing].sum()), 2),
        new_services=int(new.sum()), new_gbp=round(float(now[new].sum()), 2),
        ended_services=int(ended.sum()), ended_gbp=round(float(before[ended].sum()), 2),
        areas_differ=areas_differ,
    )


def breakdown_sentence(change: LikeForLike) -> str:
    """Where the change came from: services funded in both years, new ones and ended ones."""
    if not change.comparable:
        return ""

    def signed(amount: float) -> str:
        return ("+" if amount > 0 else "") + format_gbp(amount)

    parts = [f"{signed(change.continuing_change_gbp)} on services funded in both years"]
    if change.new_services:
        parts.append(f"{signed(change.new_gbp)} from {change.new_services} new "
                     f"service{'s' if change.new_services != 1 else ''}")
    if change.ended_services:
        parts.append(f"{signed(-change.ended_gbp)} from {change.ended_services} "
                     f"service{'s' if change.ended_services != 1 else ''} that ended")
    return f"Of the {signed(change.change_gbp)}: " + "; ".join(parts) + "."
