"""Saved what-if scenarios for the planner: a baseline plus the changes made to it.

The baseline (dataset id, area, year) and the adjustments are kept as JSON
text, so the planner can change their shape without a schema migration.
"""
from __future__ import annotations

import json
from typing import Any

import pandas as pd
from sqlalchemy import Engine, delete, insert, select, update

from store.audit import record_action
from store.engine import write_transaction
from store.errors import StoreError
from store.models import Scenario, utc_now

SCENARIO_LIST_COLUMNS = ["id", "name", "author", "created_at", "updated_at", "notes"]


def save_scenario(
    engine: Engine,
    *,
    name: str,
    author: str,
    baseline: dict[str, Any],
    adjustments: Any,
    notes: str = "",
    scenario_id: int | None = None,
) -> int:
    """Save a new scenario, or overwrite `scenario_id`; returns the scenario's id."""
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
            result = connection.execute(
                insert(Scenario).values(**values, author=author, created_at=values["updated_at"])
            )
            scenario_id = result.inserted_primary_key[0]
            action = "scenario_save"
        else:
            _require(connection, scenario_id)
            connection.execute(update(Scenario).where(Scenario.id == scenario_id).values(**values))
            action = "scenario_update"
        record_action(
            connection, user=author, action=action,
            detail=f"Scenario '{values['name']}' (id {scenario_id})",
        )
    return scenario_id


def list_scenarios(engine: Engine) -> pd.DataFrame:
    """Saved scenarios, most recently changed first (without their contents)."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(*(getattr(Scenario, column) for column in SCENARIO_LIST_COLUMNS))
            .order_by(Scenario.updated_at.desc(), Scenario.id.desc())
        ).all()
    frame = pd.DataFrame.from_records(rows, columns=SCENARIO_LIST_COLUMNS)
    return frame.assign(
        created_at=pd.to_datetime(frame["created_at"], utc=True),
        updated_at=pd.to_datetime(frame["updated_at"], utc=True),
    )


def get_scenario(engine: Engine, scenario_id: int) -> dict[str, Any]:
    """One scenario with its baseline and adjustments decoded from JSON."""
    with engine.connect() as connection:
        row = _require(connection, scenario_id)
    return {
        "id": row.id,
        "name": row.name,
        "author": row.author,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "baseline": json.loads(row.baseline),
        "adjustments": json.loads(row.adjustments),
        "notes": row.notes,
    }


def rename_scenario(engine: Engine, scenario_id: int, new_name: str, user: str) -> None:
    if not new_name.strip():
        raise StoreError("A scenario needs a name")
    with write_transaction(engine) as connection:
        old_name = _require(connection, scenario_id).name
        connection.execute(
            update(Scenario).where(Scenario.id == scenario_id)
            .values(name=new_name.strip(), updated_at=utc_now())
        )
        record_action(
            connection, user=user, action="scenario_rename",
            detail=f"Scenario '{old_name}' (id {scenario_id}) renamed '{new_name.strip()}'",
        )


def delete_scenario(engine: Engine, scenario_id: int, user: str) -> None:
    with write_transaction(engine) as connection:
        name = _require(connection, scenario_id).name
        connection.execute(delete(Scenario).where(Scenario.id == scenario_id))
        record_action(
            connection, user=user, action="scenario_delete",
            detail=f"Scenario '{name}' (id {scenario_id}) deleted",
        )


def _require(connection, scenario_id: int):
    row = connection.execute(select(Scenario).where(Scenario.id == scenario_id)).one_or_none()
    if row is None:
        raise StoreError(f"There is no scenario with id {scenario_id}")
    return row
