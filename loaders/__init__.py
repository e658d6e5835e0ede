"""Read PCC commissioning framework spreadsheets into the tidy spend frame.

In stages: readers opens a file into cell grids, detect works out its Layout
(every conclusion, with its reason, as one value that can be saved and given
back), read applies a Layout, and load_file/load_bytes do all three and
reconcile the file's own totals. (detect is loaders.detect.detect: a name the
package shared with its submodule would be the module once that is imported.)

The names below are imported on first use (PEP 562): the dashboard only needs
the column lists from loaders.schema, and importing the whole loader with it
(calamine, openpyxl, pandera) cost a new server process 0.25 s before its first page.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# Imported now, light as it is: loaders.reconcile is also a submodule's name, and
# importing that submodule later would bind the module, not the function, here.
from loaders.reconcile import format_report, reconcile  # noqa: E402

_HOMES = {
    "Layout": "loaders.layout",
    "Options": "loaders.options",
    "explain": "loaders.layout",
    "load_layout": "loaders.load",
    "LoaderError": "loaders.errors",
    "LoadResult": "loaders.load",
    "load_bytes": "loaders.load",
    "load_file": "loaders.load",
    "COMMISSIONING_TYPES": "loaders.schema",
    "TIDY_COLUMNS": "loaders.schema",
    "validate_tidy": "loaders.schema",
}

__all__ = sorted([*_HOMES, "format_report", "reconcile"])

if TYPE_CHECKING:
    from loaders.errors import LoaderError
    from loaders.layout import Layout, explain
    from loaders.load import LoadResult, load_bytes, load_file, load_layout
    from loaders.options import Options
    from loaders.schema import COMMISSIONING_TYPES, TIDY_COLUMNS, validate_tidy


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module 'loaders' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOMES))
