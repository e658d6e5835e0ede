"""The on-disk snapshot of the spend lines never shows anything but what the store holds now.

Not even when the file was edited, or swapped for a FIFO, a symlink or a folder.
"""
from __future__ import annotations

import hashlib
import logging
import os
import stat
import threading
from pathlib import Path

import pandas as pd
import pyarrow.compute as pc
import pyarrow.feather as feather
import pytest
from sqlalchemy import delete, select

from store import current_spend_lines, delete_dataset, load_spend, make_engine, set_alias, store_version
from store import snapshot
from store.models import SnapshotChecksum
from store.spend import read_current_spend
from tests.store.store_testdata import store_framework, tidy_lines


@pytest.fixture
def folder(tmp_path, monkeypatch):
    chosen = tmp_path / "snapshots"
    monkeypatch.setenv("SPEND_SNAPSHOT_DIR", str(chosen))
    return chosen


def _fresh(engine) -> pd.DataFrame:
    return load_spend(engine, current_only=True, text_as_category=True)


def _files(folder):
    return sorted(path.name for path in folder.glob(f"*{snapshot.SNAPSHOT_SUFFIX}")) if folder.exists() else []


def _store_refuses_to_be_read(monkeypatch):
    def refuse(engine):
        raise AssertionError("read the store although a current snapshot was there")

    monkeypatch.setattr(snapshot, "read_current_spend", refuse)


def test_the_second_read_comes_from_the_snapshot_and_equals_the_store(engine, folder, monkeypatch):
    store_framework(engine)
    first = current_spend_lines(engine)
    pd.testing.assert_frame_equal(first, _fresh(engine), check_exact=True)
    assert len(_files(folder)) == 1 and store_version(engine) in _files(folder)[0]

    _store_refuses_to_be_read(monkeypatch)
    again = current_spend_lines(engine)
    pd.testing.assert_frame_equal(again, first, check_exact=True)
    # The real figures survive the round trip: Victim First's 2020/21 budget, Appendix A row 6.
    victim_first = again[(again["service"] == "Victim First") & (again["financial_year"] == "2020/21")]
    assert victim_first["amount_gbp"].tolist() == [558_322.0]
    assert victim_first["source_row"].tolist() == [6]


@pytest.mark.parametrize("write", ["replace", "delete", "alias"])
def test_after_any_write_the_lines_are_read_again_and_the_old_file_goes(engine, folder, write):
    first_id = store_framework(engine)
    current_spend_lines(engine)
    old_files = _files(folder)
    if write == "replace":
        store_framework(engine, tidy=tidy_lines(victim_first_2020_21=600_000), replaces=first_id,
                        original_bytes=b"a corrected Appendix A", name="Leicestershire framework, corrected")
    elif write == "delete":
        delete_dataset(engine, first_id, user="alice")
    else:
        set_alias(engine, "Catch22", "Catch 22", user="alice")

    lines = current_spend_lines(engine)
    pd.testing.assert_frame_equal(lines, _fresh(engine), check_exact=True)
    assert len(_files(folder)) == 1 and _files(folder) != old_files
    if write == "replace":
        assert 600_000.0 in lines["amount_gbp"].tolist() and 558_322.0 not in lines["amount_gbp"].tolist()
    if write == "delete":
        assert lines.empty


def test_a_store_made_again_at_the_same_address_never_gets_the_old_stores_lines(tmp_path, monkeypatch):
    monkeypatch.delenv("SPEND_SNAPSHOT_DIR", raising=False)
    path = tmp_path / "victims_spend.sqlite"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    store_framework(engine)
    assert 558_322.0 in current_spend_lines(engine)["amount_gbp"].tolist()
    engine.dispose()
    for leftover in tmp_path.glob("victims_spend.sqlite*"):
        if leftover.is_file():
            leftover.unlink()

    # The same number of writes, so the same count of audit entries, other figures.
    engine = make_engine(url)
    store_framework(engine, tidy=tidy_lines(victim_first_2020_21=600_000))
    lines = current_spend_lines(engine)
    pd.testing.assert_frame_equal(lines, _fresh(engine), check_exact=True)
    assert 600_000.0 in lines["amount_gbp"].tolist() and 558_322.0 not in lines["amount_gbp"].tolist()
    assert (tmp_path / "victims_spend.sqlite.snapshots").is_dir()
    engine.dispose()


def test_a_damaged_snapshot_is_ignored_and_written_again(engine, folder, caplog):
    store_framework(engine)
    current_spend_lines(engine)
    (damaged,) = folder.glob(f"*{snapshot.SNAPSHOT_SUFFIX}")
    damaged.write_bytes(b"not an arrow file")
    with caplog.at_level(logging.WARNING, logger="store.snapshot"):
        lines = current_spend_lines(engine)
    pd.testing.assert_frame_equal(lines, _fresh(engine), check_exact=True)
    assert "could not be read" in caplog.text
    assert damaged.read_bytes() != b"not an arrow file"


def test_a_file_under_the_wrong_name_is_not_believed(engine, folder, monkeypatch):
    store_framework(engine)
    current_spend_lines(engine)
    (written,) = folder.glob(f"*{snapshot.SNAPSHOT_SUFFIX}")
    set_alias(engine, "Catch22", "Catch 22", user="alice")
    # Someone copies the old file to the new version's name.
    (folder / snapshot._file_name(engine, store_version(engine))).write_bytes(written.read_bytes())
    assert snapshot._read(folder / snapshot._file_name(engine, store_version(engine)),
                          store_version(engine)) is None
    pd.testing.assert_frame_equal(current_spend_lines(engine), _fresh(engine), check_exact=True)


def test_a_folder_that_cannot_be_written_still_gives_the_lines(engine, tmp_path, monkeypatch, caplog):
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("")
    monkeypatch.setenv("SPEND_SNAPSHOT_DIR", str(blocker))
    store_framework(engine)
    with caplog.at_level(logging.WARNING, logger="store.snapshot"):
        lines = current_spend_lines(engine)
    pd.testing.assert_frame_equal(lines, _fresh(engine), check_exact=True)
    assert "Could not write the spend snapshot" in caplog.text


@pytest.mark.skipif(os.getuid() != 0, reason="giving a folder to another user needs root")
def test_another_users_folder_is_neither_read_nor_written(engine, folder, monkeypatch):
    store_framework(engine)
    current_spend_lines(engine)
    before = _files(folder)
    os.chown(folder, 12345, -1)
    set_alias(engine, "Catch22", "Catch 22", user="alice")
    pd.testing.assert_frame_equal(current_spend_lines(engine), _fresh(engine), check_exact=True)
    assert _files(folder) == before


def test_snapshots_can_be_turned_off_and_memory_stores_never_have_them(tmp_path, monkeypatch):
    monkeypatch.setenv("SPEND_SNAPSHOT_DIR", "off")
    engine = make_engine(f"sqlite:///{tmp_path / 'victims_spend.sqlite'}")
    assert snapshot.snapshot_folder(engine) is None
    store_framework(engine)
    pd.testing.assert_frame_equal(current_spend_lines(engine), _fresh(engine), check_exact=True)
    assert not list(tmp_path.glob("*.snapshots"))
    engine.dispose()
    monkeypatch.delenv("SPEND_SNAPSHOT_DIR")
    assert snapshot.snapshot_folder(make_engine("sqlite://")) is None


def test_an_empty_store_writes_no_snapshot(engine, folder):
    lines = current_spend_lines(engine)
    assert lines.empty and list(lines.columns) == list(_fresh(engine).columns)
    assert _files(folder) == []


# --- files that are not what the store wrote ------------------------------------------------------

def _victim_first_2020_21(lines: pd.DataFrame) -> list[float]:
    return lines[(lines["service"] == "Victim First") & (lines["financial_year"] == "2020/21")]["amount_gbp"].tolist()


def _the_snapshot(engine, folder) -> Path:
    store_framework(engine)
    current_spend_lines(engine)
    (written,) = folder.glob(f"*{snapshot.SNAPSHOT_SUFFIX}")
    return written


def test_a_snapshot_with_every_amount_multiplied_by_ten_is_not_trusted(engine, folder, caplog):
    written = _the_snapshot(engine, folder)
    table = feather.read_table(written)
    column = table.schema.get_field_index("amount_gbp")
    tampered = table.set_column(column, table.schema.field(column), pc.multiply(table["amount_gbp"], 10))
    feather.write_feather(tampered, str(written), compression="uncompressed")
    # A well-formed snapshot of this very store version: all the old code checked.
    assert _victim_first_2020_21(snapshot._read(written, store_version(engine))) == [5_583_220.0]

    with caplog.at_level(logging.WARNING, logger="store.snapshot"):
        lines = current_spend_lines(engine)

    pd.testing.assert_frame_equal(lines, _fresh(engine), check_exact=True)
    assert _victim_first_2020_21(lines) == [558_322.0]
    assert "sha256 differs" in caplog.text
    # Rebuilt from the store, and believed again.
    assert _victim_first_2020_21(feather.read_table(written).to_pandas()) == [558_322.0]


def test_a_fifo_in_place_of_the_snapshot_does_not_hang_the_read_and_is_replaced(engine, folder):
    written = _the_snapshot(engine, folder)
    written.unlink()
    os.mkfifo(written)
    outcome = {}
    reader = threading.Thread(target=lambda: outcome.update(lines=current_spend_lines(engine)), daemon=True)

    reader.start()
    reader.join(timeout=20)
    if reader.is_alive():  # let the stuck reader go before failing
        os.close(os.open(written, os.O_WRONLY | os.O_NONBLOCK))
    assert not reader.is_alive(), "reading the snapshot hung on a FIFO"

    pd.testing.assert_frame_equal(outcome["lines"], _fresh(engine), check_exact=True)
    assert stat.S_ISREG(os.lstat(written).st_mode)
    assert _victim_first_2020_21(feather.read_table(written).to_pandas()) == [558_322.0]


def test_a_symlink_in_place_of_the_snapshot_is_not_followed_even_to_the_right_bytes(engine, folder, tmp_path,
                                                                                   caplog, monkeypatch):
    written = _the_snapshot(engine, folder)
    elsewhere = tmp_path / "elsewhere.arrow"
    written.rename(elsewhere)
    written.symlink_to(elsewhere)
    reads = []
    monkeypatch.setattr(snapshot, "read_current_spend", lambda e: reads.append(e) or read_current_spend(e))

    with caplog.at_level(logging.WARNING, logger="store.snapshot"):
        lines = current_spend_lines(engine)

    assert reads == [engine]
    pd.testing.assert_frame_equal(lines, _fresh(engine), check_exact=True)
    assert "not a regular file" in caplog.text
    assert stat.S_ISREG(os.lstat(written).st_mode)


def test_a_folder_in_place_of_the_snapshot_still_gives_the_real_lines(engine, folder, caplog):
    written = _the_snapshot(engine, folder)
    written.unlink()
    written.mkdir()

    with caplog.at_level(logging.WARNING, logger="store.snapshot"):
        lines = current_spend_lines(engine)

    pd.testing.assert_frame_equal(lines, _fresh(engine), check_exact=True)
    assert _victim_first_2020_21(lines) == [558_322.0]
    assert "not a regular file" in caplog.text and "Could not write the spend snapshot" in caplog.text


def test_a_snapshot_the_store_has_no_checksum_for_is_not_read(engine, folder, monkeypatch):
    written = _the_snapshot(engine, folder)
    with engine.begin() as connection:
        connection.execute(delete(SnapshotChecksum))  # as for a file written before revision 0005
    reads = []
    monkeypatch.setattr(snapshot, "read_current_spend", lambda e: reads.append(e) or read_current_spend(e))

    lines = current_spend_lines(engine)

    assert reads == [engine]
    pd.testing.assert_frame_equal(lines, _fresh(engine), check_exact=True)
    with engine.connect() as connection:
        recorded = connection.execute(select(SnapshotChecksum.file_name, SnapshotChecksum.sha256)).one()
    assert recorded == (written.name, hashlib.sha256(written.read_bytes()).hexdigest())
