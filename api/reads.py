"""The store as the API reads it: the frames a signed-out visitor sees, kept until the store changes.

The dashboard caches these frames in Streamlit (ui/data_access.py); the API
runs outside any script run, so it keeps its own copy, keyed the same way on
the database URL and store.store_version, which changes on every upload,
replacement or deletion. A request after that asks the store only for the
version stamp.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from functools import cached_property

import pandas as pd
from sqlalchemy import Engine

import store
from analysis.checks import Checks, store_checks
from analysis.selection import COUNT_NOTE, mark_counted
from store.engine import database_url, operator_faults

_lock = threading.Lock()
_engines: dict[str, Engine] = {}
_snapshots: dict[tuple[str, str], "Snapshot"] = {}


@dataclass
class Snapshot:
    """One store version as a visitor sees it; built once, read by every request (never change it in place)."""

    engine: Engine
    url: str
    version: str
    # Figures computed from this version, by what was asked: the pages' cached_aggregate does the same.
    _remembered: OrderedDict = field(default_factory=OrderedDict, repr=False)

    def remembered(self, key: Any, compute: Callable[[], Any], keep: int = 64) -> Any:
        """compute(), once per key for this store version (the `keep` most recent keys)."""
        with _lock:
            if key in self._remembered:
                self._remembered.move_to_end(key)
                return self._remembered[key]
        value = compute()
        with _lock:
            self._remembered[key] = value
            while len(self._remembered) > keep:
                self._remembered.popitem(last=False)
        return value

    @cached_property
    def datasets(self) -> pd.DataFrame:
        # Who uploaded a file is staff business: the pages never show it to visitors.
        return store.list_datasets(self.engine, current_only=True).drop(columns=["uploaded_by"])

    @cached_property
    def marked(self) -> pd.DataFrame:
        spend = store.current_spend_lines(self.engine)
        marked = mark_counted(spend, store.list_datasets(self.engine, current_only=True))
        return marked.assign(**{COUNT_NOTE: marked[COUNT_NOTE].astype("category")})

    @cached_property
    def declared(self) -> pd.DataFrame:
        return store.load_declared_totals(self.engine, current_only=True)

    @cached_property
    def aliases(self) -> tuple[tuple[str, str], ...]:
        aliases = store.list_aliases(self.engine)
        return tuple(sorted(zip(aliases["alias"], aliases["canonical_name"])))

    @cached_property
    def checks(self) -> Checks:
        return store_checks(self.declared, self.marked)


def engine(url: str) -> Engine:
    with _lock:
        if url not in _engines:
            _engines[url] = store.make_engine(url)
        return _engines[url]


def snapshot(url: str | None = None) -> Snapshot:
    """The store as it is now (DATABASE_URL, else the SQLite file); a StoreError says what the operator must do."""
    url = database_url(url)
    engine_ = engine(url)
    with operator_faults(engine_):
        version = store.store_version(engine_)
        key = (url, version)
        with _lock:
            found = _snapshots.get(key)
            if found is None:
                # The version a request may still be reading, and the new one.
                for old in [k for k in _snapshots if k[0] == url][:-1]:
                    del _snapshots[old]
                found = _snapshots[key] = Snapshot(engine_, url, version)
        # Read under the lock once, so two first requests do not both read the lines.
        with _lock:
            found.marked, found.datasets  # noqa: B018 - filled once
        return found
