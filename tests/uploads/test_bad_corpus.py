"""The bad-input corpus: every broken file gets its one clear sentence, and the store does not change."""
from __future__ import annotations

import importlib.util
import json

import pytest

from loaders import LoaderError
from store import make_engine
from uploads.bundled import load_bundled
from tests.uploads.helpers import REPO, sqlite_file_digest, store_fingerprint
from uploads import commit_upload, preview_upload, read_store_context

BAD = REPO / "tests" / "data" / "bad"
EXPECTED = json.loads((BAD / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bundled_engine(tmp_path_factory):
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('bad_corpus') / 'victims_spend.sqlite'}")
    load_bundled(engine)
    yield engine
    engine.dispose()


def test_the_corpus_has_at_least_thirty_files_each_present():
    assert len(EXPECTED) >= 30
    for name in EXPECTED:
        assert (BAD / name).is_file(), name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_gets_its_message_and_nothing_is_stored(name, bundled_engine):
    case = EXPECTED[name]
    before, before_bytes = store_fingerprint(bundled_engine), sqlite_file_digest(bundled_engine)
    with pytest.raises(LoaderError) as refused:
        preview = preview_upload((BAD / name).read_bytes(), name, area=case["area"], year=case["year"],
                                 context=read_store_context(bundled_engine))
        commit_upload(bundled_engine, preview, uploaded_by="j.okafor@leics.pcc.police.uk")
    message = str(refused.value)
    assert message == case["message"], case["what"]
    assert "\n" not in message and "Traceback" not in message
    assert store_fingerprint(bundled_engine) == before
    assert sqlite_file_digest(bundled_engine) == before_bytes


def test_the_script_beside_the_files_rebuilds_them(tmp_path):
    spec = importlib.util.spec_from_file_location("make_bad_files", BAD / "make_bad_files.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    names = script.write(tmp_path)
    assert names == sorted(EXPECTED)
    assert json.loads((tmp_path / "expected.json").read_text(encoding="utf-8")) == EXPECTED
    for name in names:
        if name == "password_protected.xlsx":
            continue  # encryption salts are random on purpose
        assert (tmp_path / name).read_bytes() == (BAD / name).read_bytes(), name
