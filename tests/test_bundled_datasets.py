"""The bundled datasets: each loads through the loaders and comes back from the store unchanged."""
from __future__ import annotations

import pandas as pd
import pytest

from loaders import TIDY_COLUMNS, load_file, reconcile
from store import (
    current_spend_lines,
    list_datasets,
    load_declared_totals,
    load_spend,
    make_engine,
    original_file,
    store_version,
)
from store.bundled import DATA_DIR, bundled_entries, load_bundled, main

ENTRIES = bundled_entries()


@pytest.fixture(scope="module")
def bundled_store(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('store') / 'bundled.sqlite'}")
    ids = load_bundled(engine)
    return engine, dict(zip((entry["file"] for entry in ENTRIES), ids))


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry["file"] for entry in ENTRIES])
def test_bundled_file_round_trips_through_the_store(entry, bundled_store):
    engine, ids = bundled_store
    loaded = load_file(DATA_DIR / entry["file"], area=entry["area"], year=entry.get("year"))
    stored = load_spend(engine, dataset_ids=[ids[entry["file"]]])[TIDY_COLUMNS]
    pd.testing.assert_frame_equal(
        stored.reset_index(drop=True), loaded.tidy.reset_index(drop=True), check_dtype=False
    )
    name, data = original_file(engine, ids[entry["file"]])
    assert (name, data) == (entry["file"], (DATA_DIR / entry["file"]).read_bytes())


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry["file"] for entry in ENTRIES])
def test_stored_declared_totals_reconcile_as_the_file_does(entry, bundled_store):
    engine, ids = bundled_store
    loaded = load_file(DATA_DIR / entry["file"], area=entry["area"], year=entry.get("year"))
    stored_spend = load_spend(engine, dataset_ids=[ids[entry["file"]]])
    stored_totals = load_declared_totals(engine, dataset_ids=[ids[entry["file"]]])
    again = reconcile(stored_spend, stored_totals)
    def differences(report):
        return dict(zip(zip(report["label"], report["financial_year"]), report["difference_gbp"]))

    assert differences(again) == differences(loaded.reconciliation)


def test_the_catalogue_names_every_bundled_dataset_with_its_citation(bundled_store):
    engine, _ = bundled_store
    listing = list_datasets(engine).set_index("original_filename")
    for entry in ENTRIES:
        row = listing.loc[entry["file"]]
        assert (row["area"], row["kind"], row["citation"]) == (entry["area"], entry["kind"], entry["citation"])
    framework = listing.loc["leicestershire_commissioning_framework_2018-21.xlsx"]
    assert framework["total_gbp"] == 4_283_405 + 4_316_550 + 4_395_961


def test_loading_the_bundled_datasets_leaves_a_snapshot_for_the_first_visitor(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'victims_spend.sqlite'}")
    monkeypatch.delenv("SPEND_SNAPSHOT_DIR", raising=False)
    assert main() == 0
    (written,) = (tmp_path / "victims_spend.sqlite.snapshots").glob("*.arrow")
    engine = make_engine()
    assert store_version(engine) in written.name
    pd.testing.assert_frame_equal(current_spend_lines(engine),
                                  load_spend(engine, current_only=True, text_as_category=True), check_exact=True)
    # Run again, as every `make run` does: nothing is loaded twice, the snapshot stays.
    assert main() == 0 and "not loaded again" in capsys.readouterr().out
    assert [path.name for path in written.parent.glob("*.arrow")] == [written.name]
    engine.dispose()
