"""A store written by older code (tests/data/stores/store_at_0006.sqlite) is upgraded with nothing lost.

The fixture was built by the code of revision 0006 (its build script beside it):
the eight bundled datasets of the time, a second version of Leicestershire's
framework, a deleted-then-restored dataset, an alias and a scenario. After the
upgrade every row of every table it had reads the same, and the store's own
reads give back the same lines, versions, audit log, aliases and scenario.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

import store
from store.engine import open_engine
from store.migrate import HEAD_REVISION, current_revisions

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "stores" / "store_at_0006.sqlite"
TABLES = ("datasets", "spend_lines", "declared_totals", "audit_log", "provider_aliases", "scenarios")


def every_row(engine) -> dict[str, list[tuple]]:
    """Each table's rows in its columns of revision 0006, ordered by every column."""
    rows = {}
    with engine.connect() as connection:
        for table in TABLES:
            columns = [column["name"] for column in inspect(connection).get_columns(table)]
            rows[table] = columns, connection.execute(text(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY {', '.join(columns)}")).all()
    return rows


def reads(engine) -> dict:
    listing = store.list_datasets(engine)
    return {
        "datasets": listing.drop(columns=[c for c in ("notes",) if c in listing]).sort_values("id")
                           .reset_index(drop=True),
        "spend": store.load_spend(engine, current_only=False).sort_values(["dataset_id", "source_row", "financial_year"])
                      .reset_index(drop=True),
        "audit": store.audit_log(engine).sort_values("id").reset_index(drop=True),
        "aliases": store.list_aliases(engine).reset_index(drop=True),
        "scenarios": [store.get_scenario(engine, int(s)) for s in store.list_scenarios(engine)["id"]],
    }


@pytest.fixture
def old_store(tmp_path):
    path = tmp_path / "victims_spend.sqlite"
    shutil.copyfile(FIXTURE, path)
    return f"sqlite:///{path}"


def test_the_fixture_is_a_store_of_revision_0006_with_each_kind_of_record(old_store):
    engine = open_engine(old_store)
    assert current_revisions(engine) == {"0006"}
    rows = every_row(engine)
    engine.dispose()
    counts = {table: len(found) for table, (_, found) in rows.items()}
    assert counts["datasets"] == 9  # eight bundled files and a second version of the framework
    assert counts["provider_aliases"] == 1 and counts["scenarios"] == 1
    actions = sorted(row[rows["audit_log"][0].index("action")] for row in rows["audit_log"][1])
    assert actions == ["alias_add", "delete", "replace", "restore", "scenario_save"] + ["store"] * 8


def test_upgrading_keeps_every_row_of_every_table_as_it_was(old_store):
    engine = open_engine(old_store)
    before = every_row(engine)
    engine.dispose()

    engine = store.make_engine(old_store)
    assert current_revisions(engine) == {HEAD_REVISION}
    with engine.connect() as connection:
        for table, (columns, rows) in before.items():
            after = connection.execute(text(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY {', '.join(columns)}")).all()
            assert after == rows, table
    engine.dispose()


def test_the_stores_own_reads_give_back_every_version_alias_audit_entry_and_scenario(old_store):
    engine = store.make_engine(old_store)
    read = reads(engine)
    engine.dispose()
    datasets = read["datasets"]
    versions = datasets.groupby("lineage_id")["version"].apply(sorted).to_dict()
    assert sorted(versions.values()) == [[1]] * 7 + [[1, 2]]
    # Essex's decision was deleted and restored: it is current again, its £451,000 counted.
    essex = datasets.loc[datasets["area"].eq("Essex")]
    assert essex["is_current"].tolist() == [True] and essex["total_gbp"].tolist() == [451_000]
    frameworks = datasets.loc[datasets["area"].eq("Leicestershire") & datasets["kind"].eq("framework"), "id"]
    lines = read["spend"].loc[read["spend"]["dataset_id"].isin(frameworks)]
    # Both versions of Appendix A hold its Grand Totals: 4,283,405 / 4,316,550 / 4,395,961 each.
    assert lines.groupby("financial_year")["amount_gbp"].sum().to_dict() == {
        "2018/19": 2 * 4_283_405, "2019/20": 2 * 4_316_550, "2020/21": 2 * 4_395_961}
    assert sorted(read["audit"]["action"]) == ["alias_add", "delete", "replace", "restore", "scenario_save"] + ["store"] * 8
    assert read["aliases"][["alias", "canonical_name"]].values.tolist() == [
        ["UAVA", "United Against Violence and Abuse (UAVA)"]]
    (scenario,) = read["scenarios"]
    assert scenario["name"] == "Victims 2020/21 as published"
    assert scenario["notes"] == "Appendix A's 2020/21 budget, unchanged: £4,395,961."
