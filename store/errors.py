"""Errors the store raises, so pages can show one clear sentence to the user."""
from __future__ import annotations


class StoreError(Exception):
    """Something the store refused or could not do; the message is for the user."""


class DuplicateFileError(StoreError):
    """The exact same file (by SHA-256) is already stored.

    Uploading a file twice would double every figure in the dashboard, so the
    store refuses and says which dataset already holds it. When the holder
    is an earlier version, no longer current, `restorable` is True: staff are
    offered store.restore_version for it instead.
    """

    def __init__(self, message: str, existing_dataset_id: int, *, existing_version: int | None = None,
                 restorable: bool = False) -> None:
        super().__init__(message)
        self.existing_dataset_id = existing_dataset_id
        self.existing_version = existing_version
        self.restorable = restorable


class DatasetNotFoundError(StoreError):
    """No dataset has the id asked for (perhaps another user deleted it)."""
