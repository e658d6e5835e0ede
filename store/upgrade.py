"""`make upgrade`: bring the store named by DATABASE_URL (default the SQLite file) to the newest schema.

Every start does this too (store.engine.make_engine); run it by hand to upgrade
a PostgreSQL store before starting new code on it, after `make backup`. It says
which revision the store was at and which it is at now, so an operator sees
what happened; a store already up to date is left as it is.
"""
from __future__ import annotations

import sys

from sqlalchemy.engine import make_url

from store.engine import database_url, open_engine
from store.errors import StoreError
from store.migrate import HEAD_REVISION, current_revisions, upgrade_to_head


def describe(revisions: set[str]) -> str:
    return ", ".join(sorted(revisions)) if revisions else "none (a new store, or one made before migrations)"


def main() -> int:
    where = make_url(database_url()).render_as_string(hide_password=True)
    engine = open_engine()
    try:
        before = current_revisions(engine)
        upgrade_to_head(engine)
        after = current_revisions(engine)
    except StoreError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    if before == after:
        print(f"{where} is already at revision {describe(after)}, the newest.")
    else:
        print(f"Upgraded {where} from revision {describe(before)} to {describe(after)}.")
    return 0 if after == {HEAD_REVISION} else 2


if __name__ == "__main__":
    raise SystemExit(main())
