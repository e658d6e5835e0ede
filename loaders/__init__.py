"""Read PCC commissioning framework spreadsheets into the tidy spend frame."""
from loaders.errors import LoaderError
from loaders.load import LoadResult, load_bytes, load_file
from loaders.reconcile import format_report, reconcile
from loaders.schema import COMMISSIONING_TYPES, TIDY_COLUMNS, validate_tidy

__all__ = [
    "COMMISSIONING_TYPES",
    "LoadResult",
    "LoaderError",
    "TIDY_COLUMNS",
    "format_report",
    "load_bytes",
    "load_file",
    "reconcile",
    "validate_tidy",
]
