"""Provider aliases: one charity spelt five ways across PCC files is still one provider.

The spend lines keep the spelling the file used (so a figure can be traced
back to its cell); the alias table says which name the dashboard shows.
"""
from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, delete, insert, select, update

from store.audit import record_action
from store.engine import write_transaction
from store.errors import StoreError
from store.models import ProviderAlias, utc_now

ALIAS_COLUMNS = ["alias", "canonical_name", "created_by", "created_at"]


def list_aliases(engine: Engine) -> pd.DataFrame:
    """Every alias with the name it maps to, alphabetically by alias."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(*(getattr(ProviderAlias, column) for column in ALIAS_COLUMNS))
            .order_by(ProviderAlias.alias)
        ).all()
    frame = pd.DataFrame.from_records(rows, columns=ALIAS_COLUMNS)
    return frame.assign(created_at=pd.to_datetime(frame["created_at"], utc=True))


def set_alias(engine: Engine, alias: str, canonical: str, user: str) -> None:
    """Make `alias` show as `canonical`, adding the alias or changing where it points."""
    alias, canonical = alias.strip(), canonical.strip()
    if not alias or not canonical:
        raise StoreError("An alias and the name it stands for must both be given")
    if alias == canonical:
        raise StoreError(f"'{alias}' cannot be an alias of itself")
    with write_transaction(engine) as connection:
        previous = connection.execute(
            select(ProviderAlias.canonical_name).where(ProviderAlias.alias == alias)
        ).scalar_one_or_none()
        if previous is None:
            connection.execute(
                insert(ProviderAlias).values(
                    alias=alias, canonical_name=canonical, created_by=user, created_at=utc_now()
                )
            )
            action, detail = "alias_add", f"'{alias}' shown as '{canonical}'"
        else:
            connection.execute(
                update(ProviderAlias).where(ProviderAlias.alias == alias)
                .values(canonical_name=canonical)
            )
            action, detail = "alias_change", f"'{alias}' shown as '{canonical}' (was '{previous}')"
        record_action(connection, user=user, action=action, detail=detail)


def remove_alias(engine: Engine, alias: str, user: str) -> None:
    """Stop mapping `alias`; its lines show under the spelling in their file again."""
    with write_transaction(engine) as connection:
        removed = connection.execute(
            delete(ProviderAlias).where(ProviderAlias.alias == alias.strip())
            .returning(ProviderAlias.canonical_name)
        ).scalar_one_or_none()
        if removed is None:
            raise StoreError(f"There is no alias '{alias}'")
        record_action(
            connection, user=user, action="alias_remove",
            detail=f"'{alias}' no longer shown as '{removed}'",
        )
