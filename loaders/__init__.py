"""Read PCC commissioning framework spreadsheets into the tidy spend frame."""
from loaders.errors import LoaderError
from loaders.schema import TIDY_COLUMNS, COMMISSIONING_TYPES

__all__ = ["LoaderError", "TIDY_COLUMNS", "COMMISSIONING_TYPES"]
