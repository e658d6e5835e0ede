"""Saved what-if scenarios for the planner: a baseline plus the changes made to it, every save kept.

The baseline (dataset id, area, year) and the adjustments are kept as JSON
text, so the planner can change their shape without a schema migration.

A scenario is a draft, for staff only, until its author publishes it; the
reads a visitor's page makes (`published_only=True`) see published ones
alone and never the author's account, only the display name given when
publishing. Each save adds a row to scenario_versions (who, when, what
changed), so an overwritten scenario can be reopened as it was.
"""
from __future__ import annotations

import json
import re
from typing import Any

import pandas as pd
from sqlalchemy import Engine, delete, func, insert, select, update

from store.audit import record_action
from store.engine import write_transaction
from store.errors import StoreError
from store.models import Scenario, ScenarioVersion, utc_now

DRAFT, PUBLISHED = "draft", "published"
SCENARIO_LIST_COLUMNS = [
    "id", "name", "author", "author_name", "status", "published_at", "created_at", "updated_at", "notes",
]
PUBLIC_LIST_COLUMNS = [column for column in SCENARIO_LIST_COLUMNS if column != "author"]
VERSION_COLUMNS = ["version", "saved_at", "saved_by", "name", "changes"]
# Said the same way whether the scenario does not exist or is a draft, so a visitor cannot tell which.
NOT_FOUND_OR_NOT_PUBLISHED = "That scenario was not found or is not published"
_ADDRESS = re.compile(r"\S+@\S+")


def save_scenario(
    engine: Engine,
    *,
    name: str,
    author: str,
    baseline: dict[str, Any],
    adjustments: Any,
    notes: str = "",
    scenario_id: int | None = None,
    author_name: str = "",
    changes: str = "",
) -> int:
    """Save a new scenario (a draft), or a new version of `scenario_id`; returns the scenario's id.

    `author` is who saves (recorded on the version); a new scenario's author
    keeps it. `changes` says in words what this save changed.
    """
    if not name.strip():
        raise StoreError("A scenario needs a name")
    values = {
        "name": name.strip(),
        "baseline": json.dumps(baseline),
        "adjustments": json.dumps(adjustments),
        "notes": notes,
        "updated_at": utc_now(),
    }
    with write_transaction(engine) as connection:
        if scenario_id is None:
            result = connection.execute(insert(Scenario).values(
                **values, author=author, created_at=values["updated_at"], status=DRAFT,
                author_name=_display_name(author_name) if author_name else "",
            ))
            scenario_id = result.inserted_primary_key[0]
            action, default_changes = "scenario_save", "Created"
        else:
            _require(connection, scenario_id)
            connection.execute(update(Scenario).where(Scenario.id == scenario_id).values(**values))
            action, default_changes = "scenario_update", "Saved"
        version = _add_version(connection, scenario_id, saved_by=author, changes=changes or default_changes, **values)
        record_action(
            connection, user=author, action=action,
            detail=f"Scenario '{values['name']}' (id {scenario_id}) version {version}",
        )
    return scenario_id


def list_scenarios(engine: Engine, *, published_only: bool = False) -> pd.DataFrame:
    """Saved scenarios, most recently changed first (without their contents).

    `published_only` is the visitor's list: published scenarios, without the author's account.
    """
    columns = PUBLIC_LIST_COLUMNS if published_only else SCENARIO_LIST_COLUMNS
    query = select(*(getattr(Scenario, column) for column in columns))
    if published_only:
        query = query.where(Scenario.status == PUBLISHED)
    with engine.connect() as connection:
        rows = connection.execute(query.order_by(Scenario.updated_at.desc(), Scenario.id.desc())).all()
    frame = pd.DataFrame.from_records(rows, columns=columns)
    return frame.assign(
        created_at=pd.to_datetime(frame["created_at"], utc=True),
        updated_at=pd.to_datetime(frame["updated_at"], utc=True),
        published_at=pd.to_datetime(frame["published_at"], utc=True),
    )


def get_scenario(engine: Engine, scenario_id: int, *, published_only: bool = False) -> dict[str, Any]:
    """One scenario with its baseline and adjustments decoded from JSON.

    With `published_only`, a draft is refused exactly as a missing one is, and
    the record carries no account (author is None).
    """
    with engine.connect() as connection:
        row = connection.execute(select(Scenario).where(Scenario.id == scenario_id)).one_or_none()
    if row is None or (published_only and row.status != PUBLISHED):
        raise StoreError(NOT_FOUND_OR_NOT_PUBLISHED if published_only else f"There is no scenario with id {scenario_id}")
    return {
        "id": row.id,
        "name": row.name,
        "author": None if published_only else row.author,
        "author_name": row.author_name,
        "status": row.status,
        "published_at": row.published_at,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "baseline": json.loads(row.baseline),
        "adjustments": json.loads(row.adjustments),
        "notes": row.notes,
    }


def publish_scenario(
    engine: Engine, scenario_id: int, *, user: str, author_name: str, any_author: bool = False,
) -> None:
    """Publish a scenario for everyone under `author_name`; only its author may, unless `any_author` (an admin)."""
    name = _display_name(author_name)
    with write_transaction(engine) as connection:
        row = _require(connection, scenario_id)
        _check_author(row, user, any_author, "publish")
        connection.execute(update(Scenario).where(Scenario.id == scenario_id).values(
            status=PUBLISHED, published_at=utc_now(), author_name=name,
        ))
        record_action(connection, user=user, action="scenario_publish",
                      detail=f"Scenario '{row.name}' (id {scenario_id}) published as by {name}")


def unpublish_scenario(engine: Engine, scenario_id: int, *, user: str, any_author: bool = False) -> None:
    """Make a published scenario a draft again: visitors no longer see it."""
    with write_transaction(engine) as connection:
        row = _require(connection, scenario_id)
        _check_author(row, user, any_author, "unpublish")
        connection.execute(update(Scenario).where(Scenario.id == scenario_id).values(status=DRAFT, published_at=None))
        record_action(connection, user=user, action="scenario_unpublish",
                      detail=f"Scenario '{row.name}' (id {scenario_id}) made a draft again")


def scenario_versions(engine: Engine, scenario_id: int) -> pd.DataFrame:
    """Every save of a scenario, newest first: version, when, by whom, its name then and what changed."""
    with engine.connect() as connection:
        _require(connection, scenario_id)
        rows = connection.execute(
            select(*(getattr(ScenarioVersion, column) for column in VERSION_COLUMNS))
            .where(ScenarioVersion.scenario_id == scenario_id).order_by(ScenarioVersion.version.desc())
        ).all()
    frame = pd.DataFrame.from_records(rows, columns=VERSION_COLUMNS)
    return frame.assign(saved_at=pd.to_datetime(frame["saved_at"], utc=True))


def get_scenario_version(engine: Engine, scenario_id: int, version: int) -> dict[str, Any]:
    """One saved version, shaped as get_scenario's record (its id the scenario's), to reopen it."""
    with engine.connect() as connection:
        scenario = _require(connection, scenario_id)
        row = connection.execute(select(ScenarioVersion).where(
            ScenarioVersion.scenario_id == scenario_id, ScenarioVersion.version == version,
        )).one_or_none()
    if row is None:
        raise StoreError(f"Scenario {scenario_id} has no version {version}")
    return {
        "id": scenario_id, "name": row.name, "author": scenario.author, "author_name": scenario.author_name,
        "status": scenario.status, "published_at": scenario.published_at, "created_at": scenario.created_at,
        "updated_at": row.saved_at, "baseline": json.loads(row.baseline),
        "adjustments": json.loads(row.adjustments), "notes": row.notes, "version": row.version,
        "saved_by": row.saved_by, "changes": row.changes,
    }


def scenarios_on_datasets(engine: Engine, dataset_ids: list[int]) -> pd.DataFrame:
    """The scenarios whose baseline is one of these datasets: what deleting them would leave without a baseline."""
    wanted = {int(dataset_id) for dataset_id in dataset_ids}
    with engine.connect() as connection:
        rows = connection.execute(select(Scenario.id, Scenario.name, Scenario.status, Scenario.baseline)
                                  .order_by(Scenario.name, Scenario.id)).all()
    found = []
    for row in rows:
        try:
            dataset_id = int(json.loads(row.baseline).get("dataset_id"))
        except (TypeError, ValueError, AttributeError):
            continue
        if dataset_id in wanted:
            found.append({"id": row.id, "name": row.name, "status": row.status, "dataset_id": dataset_id})
    return pd.DataFrame(found, columns=["id", "name", "status", "dataset_id"])


def rename_scenario(engine: Engine, scenario_id: int, new_name: str, user: str) -> None:
    if not new_name.strip():
        raise StoreError("A scenario needs a name")
    with write_transaction(engine) as connection:
        row = _require(connection, scenario_id)
        now = utc_now()
        connection.execute(
            update(Scenario).where(Scenario.id == scenario_id).values(name=new_name.strip(), updated_at=now)
        )
        _add_version(connection, scenario_id, saved_by=user, name=new_name.strip(), baseline=row.baseline,
                     adjustments=row.adjustments, notes=row.notes, updated_at=now,
                     changes=f"Renamed from '{row.name}'")
        record_action(
            connection, user=user, action="scenario_rename",
            detail=f"Scenario '{row.name}' (id {scenario_id}) renamed '{new_name.strip()}'",
        )


def delete_scenario(engine: Engine, scenario_id: int, user: str) -> None:
    with write_transaction(engine) as connection:
        name = _require(connection, scenario_id).name
        connection.execute(delete(ScenarioVersion).where(ScenarioVersion.scenario_id == scenario_id))
        connection.execute(delete(Scenario).where(Scenario.id == scenario_id))
        record_action(
            connection, user=user, action="scenario_delete",
            detail=f"Scenario '{name}' (id {scenario_id}) deleted",
        )


def _add_version(connection, scenario_id: int, *, saved_by: str, changes: str, name: str, baseline: str,
                 adjustments: str, notes: str, updated_at) -> int:
    latest = connection.execute(
        select(func.max(ScenarioVersion.version)).where(ScenarioVersion.scenario_id == scenario_id)
    ).scalar()
    version = (latest or 0) + 1
    connection.execute(insert(ScenarioVersion).values(
        scenario_id=scenario_id, version=version, saved_at=updated_at, saved_by=saved_by, name=name,
        baseline=baseline, adjustments=adjustments, notes=notes or "", changes=changes,
    ))
    return version


def _check_author(row, user: str, any_author: bool, verb: str) -> None:
    if not any_author and row.author.strip().casefold() != user.strip().casefold():
        raise StoreError(f"Only the scenario's author (or an admin) may {verb} it")


def _display_name(author_name: str) -> str:
    """The name shown to everyone: plain words, never an email address."""
    name = " ".join(author_name.split())
    if not name:
        raise StoreError("Give the name to show as the scenario's author")
    if _ADDRESS.search(name):
        raise StoreError("The author's name is shown to everyone, so it cannot be an email address")
    if len(name) > 200:
        raise StoreError("The author's name is at most 200 characters")
    return name


def _require(connection, scenario_id: int):
    row = connection.execute(select(Scenario).where(Scenario.id == scenario_id)).one_or_none()
    if row is None:
        raise StoreError(f"There is no scenario with id {scenario_id}")
    return row
