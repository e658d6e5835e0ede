"""The store as pages see it: one engine per database, frames cached until the store changes.

Every cached read is keyed on the database URL and store.store_version, which
changes on every upload, replacement or deletion; a rerun after a filter change
asks the store only for that version stamp and never reloads the spend lines.

A store that cannot be used (a dead database host, a read-only data folder, a
missing table, a locked file) stops the page with the store's one sentence
saying what the operator must do, rather than a traceback.

Pages reach the store through this module only (tests/test_layers.py): its
functions, and StoreError and DATASET_KINDS named here. They normally use
ui.sidebar.render_filters() instead of calling it directly.
For a figure worth caching, wrap a pure function of the view's rows:

    from ui.data_access import cached_aggregate
    kpis = cached_aggregate(year_kpis, view, "2020/21")     # year_kpis(view.rows_all_years, "2020/21")
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

import store
from analysis.filters import Filters, filtered_rows
from analysis.selection import COUNT_NOTE, mark_counted
from store import StoreError  # noqa: F401 - for the pages, which import nothing from store
from store.engine import database_url, operator_faults
from store.models import DATASET_KINDS  # noqa: F401 - for the pages
from ui.plain_text import escape_markdown


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return store.make_engine(url)


@contextmanager
def _store_faults_stop_the_page(url: str | None = None) -> Iterator[None]:
    """Show a StoreError as its sentence (as words, never markdown: it can quote a path or a table) and stop."""
    try:
        if url is None:
            yield
        else:
            with operator_faults(_engine_for(url)):
                yield
    except store.StoreError as error:
        st.error(escape_markdown(error), icon="⚠️")
        st.stop()


def engine() -> Engine:
    """The one engine for this process's database (DATABASE_URL or the SQLite file)."""
    with _store_faults_stop_the_page():
        return _engine_for(database_url())


@dataclass(frozen=True)
class StoreKey:
    """Which database, at which version: the key every cached frame hangs on."""

    url: str
    version: str


def store_key() -> StoreKey:
    url = database_url()
    with _store_faults_stop_the_page(url):
        return StoreKey(url=url, version=store.store_version(engine()))


@st.cache_data(show_spinner="Reading the spend data…", max_entries=8)
def _datasets(key: StoreKey) -> pd.DataFrame:
    return store.list_datasets(_engine_for(key.url), current_only=True)


# A resource, not cache_data: cache_data pickles the frame when storing it and
# unpickles a fresh copy on every hit. For a national store (100,000 lines,
# 44 MB) that was 50 ms and 44 MB more on every rerun. Every session shares
# this one frame, so it must never be changed in place (pandas' copy-on-write
# keeps frames derived from it independent). Two entries: the store's current
# version and the one a session may still be drawing from during an upload.
@st.cache_resource(show_spinner="Reading the spend data…", max_entries=2)
def _marked_spend(key: StoreKey) -> pd.DataFrame:
    engine_ = _engine_for(key.url)
    # Text as categoricals: 5 MB instead of 44 MB for a national store, and
    # every filtered view (view_rows, the sidebar's, each aggregate's) is as
    # much smaller, since a view copies codes, not strings. From the on-disk
    # snapshot when the store has not changed since it was written: a new
    # server's first page then skips a second of SQL (store.snapshot).
    spend = store.current_spend_lines(engine_)
    marked = mark_counted(spend, store.list_datasets(engine_, current_only=True))
    return marked.assign(**{COUNT_NOTE: marked[COUNT_NOTE].astype("category")})


@st.cache_data(show_spinner=False, max_entries=8)
def _provider_aliases(key: StoreKey) -> tuple[tuple[str, str], ...]:
    aliases = store.list_aliases(_engine_for(key.url))
    return tuple(sorted(zip(aliases["alias"], aliases["canonical_name"])))


def provider_aliases(key: StoreKey) -> tuple[tuple[str, str], ...]:
    """The store's (alias, canonical name) pairs, hashable so cached aggregates can take them."""
    with _store_faults_stop_the_page(key.url):
        return _provider_aliases(key)


@st.cache_data(show_spinner=False, max_entries=8)
def _declared_totals(key: StoreKey) -> pd.DataFrame:
    return store.load_declared_totals(_engine_for(key.url), current_only=True)


def declared_totals(key: StoreKey) -> pd.DataFrame:
    """The totals and allocations the current datasets' files print (store.load_declared_totals' columns)."""
    with _store_faults_stop_the_page(key.url):
        return _declared_totals(key)


def datasets(key: StoreKey) -> pd.DataFrame:
    """The current datasets, one row each (store.list_datasets' columns)."""
    with _store_faults_stop_the_page(key.url):
        return _datasets(key)


def marked_spend(key: StoreKey) -> pd.DataFrame:
    """Every current spend line, with counts_toward_total and count_note (analysis.selection).

    Shared by every session: read it, never change it in place. Its text
    columns are categoricals: analysis.text_columns says what that changes.
    """
    with _store_faults_stop_the_page(key.url):
        return _marked_spend(key)


# A resource with few entries, not cache_data: a cache_data hit unpickled a copy
# (50 ms for every line of a national store) and each of its 64 entries held up
# to 44 MB, which took the dashboard past 1 GB. Filtering takes a few ms; these
# entries only spare a run from filtering again for each aggregate it draws
# (the sidebar and the aggregates ask for the same two views). Shared between
# sessions like _marked_spend, so equally read-only.
@st.cache_resource(show_spinner=False, max_entries=4)
def _view_rows(key: StoreKey, filters: Filters) -> pd.DataFrame:
    return filtered_rows(_marked_spend(key), filters)


def view_rows(key: StoreKey, filters: Filters) -> pd.DataFrame:
    """The lines the filters leave: counted lines, or one dataset's lines when one is chosen."""
    with _store_faults_stop_the_page(key.url):
        return _view_rows(key, filters)


# Aggregates are cached under the wrapped function's full name, because one
# cached function serves them all.
_AGGREGATES: dict[str, Callable[..., Any]] = {}


@st.cache_data(show_spinner=False, max_entries=256)
def _aggregate(function_name: str, key: StoreKey, filters: Filters, args: tuple, kwargs: tuple) -> Any:
    return _AGGREGATES[function_name](_view_rows(key, filters), *args, **dict(kwargs))


def cached_aggregate(function: Callable[..., Any], view, *args: Any, all_years: bool = True, **kwargs: Any) -> Any:
    """function(rows, *args, **kwargs), cached on the store version and the filters.

    rows are the view's lines over every year (what trends and year-on-year
    change need) unless all_years=False, when only the selected years are used.
    """
    name = f"{function.__module__}.{function.__qualname__}"
    _AGGREGATES[name] = function
    filters = view.filters.without_years() if all_years else view.filters
    with _store_faults_stop_the_page(view.store_key.url):
        return _aggregate(name, view.store_key, filters, tuple(args), tuple(sorted(kwargs.items())))


# --- what staff read and change on Manage data: the store's own functions, on this server's engine ---

def list_datasets() -> pd.DataFrame:
    return store.list_datasets(engine())


def list_deleted_datasets() -> pd.DataFrame:
    return store.list_deleted_datasets(engine())


def original_file(dataset_id: int) -> tuple[str, bytes]:
    return store.original_file(engine(), dataset_id)


def dataset_history(lineage_id: int) -> pd.DataFrame:
    return store.dataset_history(engine(), lineage_id)


def audit_log(dataset_id: int | None = None) -> pd.DataFrame:
    return store.audit_log(engine(), dataset_id)


def delete_dataset(dataset_id: int, user: str) -> None:
    store.delete_dataset(engine(), dataset_id, user)


def scenarios_built_on(dataset_id: int) -> pd.DataFrame:
    """Saved scenarios whose baseline is this dataset: what deleting it would leave without one."""
    return store.scenarios_on_datasets(engine(), [dataset_id])


def restore_dataset(dataset_id: int, user: str) -> None:
    store.restore_dataset(engine(), dataset_id, user)


def restore_version(dataset_id: int, user: str) -> int:
    return store.restore_version(engine(), dataset_id, user)


def update_dataset_details(dataset_id: int, user: str, **details: str | None) -> list[str]:
    from store.details import update_dataset_details as update

    return update(engine(), dataset_id, user, **details)


def dataset_lines(dataset_id: int) -> pd.DataFrame:
    """One version's spend lines, current or not (to compare versions)."""
    return store.load_spend(engine(), dataset_ids=[dataset_id])


def list_aliases() -> pd.DataFrame:
    return store.list_aliases(engine())


def set_alias(alias: str, canonical: str, user: str) -> None:
    store.set_alias(engine(), alias, canonical, user)


def remove_alias(alias: str, user: str) -> None:
    store.remove_alias(engine(), alias, user)
