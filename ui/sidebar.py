"""The one sidebar every page shares: filters, mirrored into the URL so a view can be shared.

A page starts like this and draws from `view.rows`:

    from ui.sidebar import render_filters
    from ui.charts import show_empty

    view = render_filters()          # draws the sidebar; returns a View
    if view.rows.empty:
        show_empty(view.empty_message())
        st.stop()
    total = view.rows["amount_gbp"].sum()            # counted once, filters applied
    trend = view.rows_all_years                       # same, every year (for change on last year)

The text columns of `view.rows` (and `view.marked`) are pandas categoricals,
to keep a national store small: analysis.text_columns says what that changes.
`view.filters` is the analysis.filters.Filters behind it (frozen, usable as a
cache key). The filter values live in st.session_state under one plain dict,
not only in the widgets, because a widget's state is dropped when another
page draws the sidebar; and they are written to st.query_params on every run,
so the address bar always reproduces the view.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import pandas as pd
import streamlit as st

from analysis.colours import strategic_area_colours
from analysis.filters import Filters, apply_filters, describe_narrowing, rows_in_scope, years_label
from analysis.selection import COUNTED
from loaders.schema import COMMISSIONING_TYPES
from ui import data_access
from ui.navigation import ensure_dashboard_navigation
from ui.plain_text import escape_markdown

ALL_AREAS = "all"
COUNTED_ONCE = 0  # the dataset choice meaning "every dataset, each pound counted once"

_STATE = "_filters_state"
_URL_WRITTEN = "_filters_url_written"
_URL_PROBLEMS = "_filters_url_problems"

# URL query keys, in the order they are written.
URL_KEYS = ("area", "dataset", "from", "to", "strategic_area", "commissioning", "geography", "provider")

KIND_NAMES = {"framework": "Framework", "allocation": "Allocation", "decision": "Decision",
              "cap": "Cap", "funding_received": "Funding received"}


@dataclass
class View:
    """What the sidebar selected, and the rows it leaves."""

    filters: Filters
    rows: pd.DataFrame
    rows_all_years: pd.DataFrame
    years: list[str]
    available_years: list[str]
    datasets: pd.DataFrame
    marked: pd.DataFrame
    store_key: data_access.StoreKey
    area_label: str
    dataset_label: str | None = None
    dataset_kind: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def focus_year(self) -> str | None:
        """The latest selected year: the one the headline figures are for."""
        return self.years[-1] if self.years else None

    @property
    def years_label(self) -> str:
        return years_label(self.years)

    @property
    def colours(self) -> dict[str, str]:
        """One colour per strategic area in the whole store, so every page agrees."""
        return strategic_area_colours(self.marked["strategic_area"].unique())

    @property
    def is_store_empty(self) -> bool:
        return self.marked.empty

    def empty_message(self) -> str:
        if self.is_store_empty:
            return ("There is no spend data yet. Staff can add a PCC spreadsheet on the Upload page.")
        return ("No spending matches these filters. Widen the years, clear a filter, "
                "or press “Reset filters” in the sidebar.")


def render_filters() -> View:
    """Draw the shared sidebar and return the selected View."""
    ensure_dashboard_navigation()
    key = data_access.store_key()
    marked = data_access.marked_spend(key)
    listing = data_access.datasets(key)
    if marked.empty:
        st.sidebar.info("No spend data has been loaded yet.")
        return View(
            filters=Filters(), rows=marked, rows_all_years=marked, years=[], available_years=[],
            datasets=listing, marked=marked, store_key=key, area_label="no area",
        )

    state = _current_state(marked, listing)
    sidebar = st.sidebar
    sidebar.header("Filters")

    # Area
    areas = _areas_by_preference(marked)
    area_options = sorted(areas) + ([ALL_AREAS] if len(areas) > 1 else [])
    state["area"] = state["area"] if state["area"] in area_options else areas[0]
    _widget(sidebar.selectbox, "area", state["area"], "Police and Crime Commissioner area",
            options=area_options, format_func=lambda a: "All areas" if a == ALL_AREAS else a,
            help="Whose spending to show. Totals for one area count each pound once.")
    chosen_areas = () if state["area"] == ALL_AREAS else (state["area"],)

    # Dataset
    in_area = listing if not chosen_areas else listing.loc[listing["area"].isin(chosen_areas)]
    lineage_to_id = dict(zip(in_area["lineage_id"], in_area["id"]))
    labels = {COUNTED_ONCE: "All, each pound counted once"}
    labels |= {
        int(row.lineage_id): f"{row.name} ({row.kind})" for row in in_area.itertuples(index=False)
    }
    if state["dataset"] not in labels:
        state["dataset"] = COUNTED_ONCE
    _widget(sidebar.selectbox, "dataset", state["dataset"], "Dataset", options=list(labels),
            format_func=lambda lineage: labels[lineage],
            help="Choose one dataset to see only its lines, including allocations "
                 "that are never added to totals.")
    dataset_id = None if state["dataset"] == COUNTED_ONCE else int(lineage_to_id[state["dataset"]])

    # Years
    scope = apply_filters(
        rows_in_scope(marked, Filters(dataset_id=dataset_id)), Filters(areas=chosen_areas)
    )
    available_years = sorted(scope["financial_year"].unique())
    years = _years_widget(sidebar, state, available_years)

    # The narrowing filters, offered only what the area and years hold
    in_years = scope.loc[scope["financial_year"].isin(years)]
    for name, label, column, placeholder, order in (
        ("strategic_areas", "Strategic area", "strategic_area", "All strategic areas", None),
        ("commissioning_types", "Commissioning type", "commissioning_type", "All types", COMMISSIONING_TYPES),
        ("geographies", "Geography", "geography", "All places", None),
    ):
        # unique() first: set() over 100,000 Arrow strings costs ~50 ms a column.
        present = set(in_years[column].dropna().unique())
        options = [o for o in order if o in present] if order else sorted(present)
        state[name] = [value for value in state[name] if value in options]
        _widget(sidebar.multiselect, name, state[name], label, options=options, placeholder=placeholder)
    _widget(sidebar.text_input, "provider", state["provider"], "Provider name contains",
            placeholder="e.g. Catch 22")

    sidebar.button("Reset filters", on_click=_reset, use_container_width=True,
                   help="Back to the whole of the default area, every year, every line.")

    filters = Filters(
        areas=chosen_areas,
        dataset_id=dataset_id,
        years=tuple(years),
        strategic_areas=tuple(state["strategic_areas"]),
        commissioning_types=tuple(state["commissioning_types"]),
        geographies=tuple(state["geographies"]),
        provider_search=state["provider"].strip(),
    )
    st.session_state[_STATE] = state
    url_params = _write_url(state)

    chosen = listing.loc[listing["id"].eq(dataset_id)] if dataset_id is not None else None
    view = View(
        filters=filters,
        rows=data_access.view_rows(key, filters),
        rows_all_years=data_access.view_rows(key, filters.without_years()),
        years=years,
        available_years=available_years,
        datasets=in_area,
        marked=marked,
        store_key=key,
        area_label="all areas" if not chosen_areas else chosen_areas[0],
        dataset_label=None if chosen is None else str(chosen["name"].iloc[0]),
        dataset_kind=None if chosen is None else str(chosen["kind"].iloc[0]),
    )
    _datasets_panel(sidebar, in_area, marked, dataset_id)
    _share_panel(sidebar, url_params)
    for problem in st.session_state.pop(_URL_PROBLEMS, []):
        sidebar.warning(problem)
    return view


# --- state -------------------------------------------------------------------

def _defaults() -> dict:
    return {
        "area": None,
        "dataset": COUNTED_ONCE,
        "years": None,
        "strategic_areas": [],
        "commissioning_types": [],
        "geographies": [],
        "provider": "",
    }


def _current_state(marked: pd.DataFrame, listing: pd.DataFrame) -> dict:
    """The remembered filters, replaced by the URL's when the URL was not written by us."""
    in_url = _read_url()
    if in_url and in_url != st.session_state.get(_URL_WRITTEN):
        # A shared link opened, or an address typed: the URL wins over the session.
        state = _state_from_url(in_url, marked, listing)
        # Widgets must take these values, not the ones they remember.
        for name in state:
            st.session_state.pop(_widget_key(name), None)
        return state
    remembered = st.session_state.get(_STATE)
    return dict(remembered) if remembered else _defaults()


def _widget_key(name: str) -> str:
    return f"filter_{name}"


def _remember(name: str) -> None:
    state = dict(st.session_state.get(_STATE) or _defaults())
    value = st.session_state[_widget_key(name)]
    state[name] = tuple(value) if name == "years" and value is not None else value
    st.session_state[_STATE] = state


def _widget(factory, name: str, value, label: str, **kwargs):
    # The remembered value is the truth; the widget is seeded from it every run
    # (on_change keeps it up to date), so switching page never loses a filter.
    st.session_state[_widget_key(name)] = value
    return factory(label, key=_widget_key(name), on_change=_remember, args=(name,), **kwargs)


def _years_widget(sidebar, state: dict, available: list[str]) -> list[str]:
    if not available:
        state["years"] = None
        return []
    chosen = state.get("years")
    if not chosen or chosen[0] not in available or chosen[1] not in available:
        chosen = (available[0], available[-1])
    start, end = sorted(chosen)
    state["years"] = (start, end)
    if len(available) == 1:
        sidebar.markdown(f"**Financial year:** {available[0]}")
        return list(available)
    # Not seeded through session state like the others: a select_slider
    # decides whether it is a range from its `value`, and without one it reads
    # the range back as a single year. Its own state is dropped instead when
    # it no longer matches (after Reset, a shared link, or another area).
    key = _widget_key("years")
    if key in st.session_state and tuple(st.session_state[key]) != (start, end):
        del st.session_state[key]
    sidebar.select_slider(
        "Financial years", options=available, value=(start, end), key=key,
        on_change=_remember, args=("years",),
        help="The headline figures are for the last year chosen; the change is against the year before it.",
    )
    return [year for year in available if start <= year <= end]


def _reset() -> None:
    st.session_state[_STATE] = _defaults()


def _areas_by_preference(marked: pd.DataFrame) -> list[str]:
    """Every area, the default first: the fullest picture, the most lines of counted spend, then years, then name.

    Lines before years: Thames Valley's two one-table pages span five years, Leicestershire's
    44-line framework three. An area with only caps or funding received (Bedfordshire's
    Eastern Region cap) is listed last, so it can be chosen but is never the opening view.
    """
    counted = marked.loc[marked[COUNTED]] if marked[COUNTED].any() else marked
    lines_per_area = counted.groupby("area", observed=True).size()
    years_per_area = counted.groupby("area", observed=True)["financial_year"].nunique()
    every_area = {str(area) for area in marked["area"].unique()}
    ordered = sorted(every_area, key=lambda area: (-lines_per_area.get(area, 0), -years_per_area.get(area, 0), area))
    return ordered


# --- URL ---------------------------------------------------------------------

def _read_url() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in URL_KEYS if st.query_params.get_all(key)}


def _url_params(state: dict) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {"area": [state["area"]]}
    if state["dataset"] != COUNTED_ONCE:
        params["dataset"] = [str(state["dataset"])]
    if state["years"]:
        params["from"], params["to"] = [state["years"][0]], [state["years"][1]]
    for name, key in (("strategic_areas", "strategic_area"), ("commissioning_types", "commissioning"),
                      ("geographies", "geography")):
        if state[name]:
            params[key] = list(state[name])
    if state["provider"].strip():
        params["provider"] = [state["provider"].strip()]
    return params


def _write_url(state: dict) -> dict[str, list[str]]:
    params = _url_params(state)
    if _read_url() != params:
        for key in URL_KEYS:
            if key in params:
                st.query_params[key] = params[key]
            elif key in st.query_params:
                del st.query_params[key]
    st.session_state[_URL_WRITTEN] = params
    return params


def _state_from_url(in_url: dict[str, list[str]], marked: pd.DataFrame, listing: pd.DataFrame) -> dict:
    state = _defaults()
    problems = []
    areas = set(marked["area"].unique())
    area = in_url.get("area", [None])[0]
    if area is not None:
        if area == ALL_AREAS or area in areas:
            state["area"] = area
        else:
            problems.append(f"The link names an area with no data here: “{area}”.")
    dataset = in_url.get("dataset", [None])[0]
    if dataset is not None:
        if dataset.isdigit() and int(dataset) in set(listing["lineage_id"]):
            state["dataset"] = int(dataset)
        else:
            problems.append("The link names a dataset that is no longer stored; showing all datasets.")
    start, end = in_url.get("from", [None])[0], in_url.get("to", [None])[0]
    if start or end:
        state["years"] = (start or end, end or start)
    state["strategic_areas"] = in_url.get("strategic_area", [])
    state["commissioning_types"] = in_url.get("commissioning", [])
    state["geographies"] = in_url.get("geography", [])
    state["provider"] = in_url.get("provider", [""])[0]
    st.session_state[_URL_PROBLEMS] = problems
    return state


# --- panels ------------------------------------------------------------------

# One PCC's few datasets are listed; every force's would push the sources and
# the share link far down the sidebar, so past this many the list folds away.
LISTED_DATASETS = 6


def _datasets_panel(sidebar, in_area: pd.DataFrame, marked: pd.DataFrame, dataset_id: int | None) -> None:
    sidebar.subheader("Datasets")
    counted_ids = set(marked.loc[marked[COUNTED], "dataset_id"].unique())
    lines = []
    for row in in_area.itertuples(index=False):
        kind = KIND_NAMES.get(row.kind, row.kind)
        counted = "counted in totals" if row.id in counted_ids else "shown, not added to totals"
        marker = " ← shown" if row.id == dataset_id else ""
        lines.append(f"- **{kind}** · {escape_markdown(row.name)} ({row.financial_years}; {counted}){marker}")
    if len(lines) <= LISTED_DATASETS:
        sidebar.markdown("\n".join(lines) if lines else "No datasets for this area.")
    else:
        kinds = in_area["kind"].map(lambda kind: KIND_NAMES.get(kind, kind).lower()).value_counts(sort=False)
        counted = int(in_area["id"].isin(counted_ids).sum())
        sidebar.markdown(
            f"{len(lines)} datasets: "
            + ", ".join(f"{count} {kind}{'' if count == 1 else 's'}" for kind, count in kinds.items())
            + f"; {counted} counted in totals."
        )
        with sidebar.expander("Every dataset"):
            st.markdown("\n".join(lines))
    sidebar.caption(
        "A framework is the PCC's whole commissioning budget. An allocation spends part of one "
        "framework line, so it is never added again. A decision counts only where no framework "
        "covers that year. A cap (the most a PCC agreed to pay) and funding received (money in) "
        "are never spend: the Overview shows them beside it."
    )
    with sidebar.expander("Sources"):
        for row in in_area.itertuples(index=False):
            written = isinstance(row.citation, str) and row.citation.strip()
            citation = escape_markdown(row.citation) if written else "No citation recorded"
            st.markdown(f"**{escape_markdown(row.name)}**  \n{citation}  \n"
                        f"File: {escape_markdown(row.original_filename)}")


def _share_panel(sidebar, params: dict[str, list[str]]) -> None:
    with sidebar.expander("Share this view"):
        base = st.context.url or ""
        if base and not urlsplit(base).path:
            base += "/"
        link = f"{base}?{urlencode(params, doseq=True)}" if params else base
        st.caption("Copy this link: it opens this page with these filters.")
        st.code(link, language=None, wrap_lines=True)


def show_view_heading(view: View) -> None:
    """One line under a page title saying whose money, which years and which dataset."""
    if view.is_store_empty:
        return
    what = (f"{KIND_NAMES.get(view.dataset_kind, view.dataset_kind).lower()} “{view.dataset_label}” only"
            if view.dataset_label else "all datasets, each pound counted once")
    narrowing = describe_narrowing(view.filters)
    st.caption(
        f"**{view.area_label if view.filters.areas else 'All areas'}** · {view.years_label} · {what}"
        + (f" · **filtered**: {narrowing}" if narrowing else "")
    )
    if view.dataset_kind in ("cap", "funding_received"):
        st.info(
            "A cap is the most a PCC agreed to pay, and funding received is money in: neither is "
            "spending, so no spend figure includes them. The Overview lists them beside the spend.",
            icon=":material/info:",
        )
    if view.dataset_kind == "allocation":
        st.info(
            "This allocation spends part of a line in the PCC's framework, so its figures are "
            "already inside the framework's totals. They are shown here on their own and are "
            "never added to totals.", icon=":material/info:",
        )
