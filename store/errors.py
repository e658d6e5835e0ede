"""Errors the store raises, so pages can show one clear sentence to the user."""
from __future__ import annotations


class StoreError(Exception):
    """Something the store refused or could not do; the message is for the user."""


class DuplicateFileError(StoreError):
    """The exact same file (by SHA-256) is already stored.

    Uploading a file twice would double every figure in the dashboard, so the
    store refuses and says which dataset already holds it.
    """

    def __init__(self, message: str, existing_dataset_id: int) -> None:
        super().__init__(message)
        self.existing_dataset_id = existing_dataset_id


class DatasetNotFoundError(StoreError):
    """No dataset has the id asked for (perhaps another user deleted it)."""
