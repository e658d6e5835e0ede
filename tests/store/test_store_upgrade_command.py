"""`make upgrade` (python -m store.upgrade) upgrades the store DATABASE_URL names, and says from which revision."""
from __future__ import annotations

import pytest
from sqlalchemy import text

from store.engine import open_engine
from store.migrate import HEAD_REVISION, current_revisions, downgrade, upgrade
from store.upgrade import main


def test_a_store_at_an_older_revision_is_upgraded_and_said_so(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'victims_spend.sqlite'}"
    engine = open_engine(url)
    upgrade(engine, "0007")
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)

    assert main() == 0
    assert f"from revision 0007 to {HEAD_REVISION}" in capsys.readouterr().out
    engine = open_engine(url)
    assert current_revisions(engine) == {HEAD_REVISION}
    # The kinds 0008 allows are accepted by the upgraded store's check constraint.
    with engine.connect() as connection:
        sql = connection.execute(text("SELECT sql FROM sqlite_master WHERE name = 'datasets'")).scalar_one()
    assert "'cap', 'funding_received'" in sql
    engine.dispose()

    assert main() == 0
    assert "already at revision" in capsys.readouterr().out


def test_downgrading_below_0008_is_refused_while_a_cap_is_held(tmp_path):
    from store import make_engine
    from uploads.bundled import load_bundled

    engine = make_engine(f"sqlite:///{tmp_path / 'store.sqlite'}")
    load_bundled(engine)
    with pytest.raises(RuntimeError, match="caps or funding received"):
        downgrade(engine, "0007")
    assert current_revisions(engine) == {HEAD_REVISION}
    engine.dispose()
