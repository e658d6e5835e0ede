"""Persistence for uploaded datasets, provider aliases, scenarios and the audit log.

Pages import from here; the modules behind it are split by what they look after.
"""
from store.aliases import list_aliases, remove_alias, set_alias
from store.audit import audit_log, store_version
from store.catalogue import (
    dataset_history,
    is_empty,
    latest_layout,
    list_datasets,
    list_deleted_datasets,
    original_file,
)
from store.datasets import replace_dataset, save_dataset
from store.deletions import delete_dataset, restore_dataset
from store.versions import restore_version
from store.engine import make_engine
from store.errors import DatasetNotFoundError, DuplicateFileError, StoreError
from store.scenarios import (
    NOT_FOUND_OR_NOT_PUBLISHED,
    delete_scenario,
    get_scenario,
    get_scenario_version,
    list_scenarios,
    publish_scenario,
    rename_scenario,
    save_scenario,
    scenario_versions,
    scenarios_on_datasets,
    unpublish_scenario,
)
from store.sign_in_attempts import claim_attempt, clear_attempts, seconds_locked
from store.snapshot import current_spend_lines
from store.spend import load_declared_totals, load_spend

__all__ = [
    "NOT_FOUND_OR_NOT_PUBLISHED",
    "DatasetNotFoundError",
    "DuplicateFileError",
    "StoreError",
    "audit_log",
    "claim_attempt",
    "clear_attempts",
    "current_spend_lines",
    "dataset_history",
    "delete_dataset",
    "delete_scenario",
    "get_scenario",
    "get_scenario_version",
    "is_empty",
    "latest_layout",
    "list_aliases",
    "list_datasets",
    "list_deleted_datasets",
    "list_scenarios",
    "load_declared_totals",
    "load_spend",
    "make_engine",
    "original_file",
    "publish_scenario",
    "remove_alias",
    "rename_scenario",
    "replace_dataset",
    "restore_dataset",
    "restore_version",
    "save_dataset",
    "save_scenario",
    "scenario_versions",
    "scenarios_on_datasets",
    "seconds_locked",
    "set_alias",
    "store_version",
    "unpublish_scenario",
]
