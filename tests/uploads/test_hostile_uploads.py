"""The hostile corpus through the upload page's path: a load or one clear refusal, and the store untouched.

Each file goes through preview_upload as the Upload page sends it (parsed in
the worker under limits); one that loads must show Appendix A's figures. The
store the other visitors read is compared before and after: nothing written.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from loaders import LoaderError
from loaders.worker import Limits
from tests.loaders.test_hostile_corpus import BUILD, EXPECTED, HOSTILE
from tests.uploads.helpers import store_fingerprint
from uploads import UploadError, preview_upload, read_store_context

LIMITS = Limits(seconds=10, memory_mb=768)
# Kinds the upload form accepts; others are refused by their extension before any parse.
UPLOADABLE = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}


def corpus() -> list[dict]:
    return [item for item in EXPECTED if not item["built_at_test_time"] and (HOSTILE / item["file"]).is_file()]


@pytest.mark.parametrize("item", corpus(), ids=lambda item: item["file"])
def test_a_hostile_upload_is_previewed_or_refused_and_the_store_is_unchanged(bundled_engine, item):
    name = item["file"]
    data = (HOSTILE / name).read_bytes()
    before = store_fingerprint(bundled_engine)
    context = read_store_context(bundled_engine)

    try:
        preview = preview_upload(data, name, area="Leicestershire", context=context, limits=LIMITS)
    except (LoaderError, UploadError) as refusal:
        assert item["expect"] != "load", f"{name}: must load, was refused: {refusal}"
        text = str(refusal)
        assert "\n" not in text and text, f"{name}: a refusal is one sentence: {text!r}"
        codes = item["codes"] if Path(name).suffix.lower() in UPLOADABLE else None
        if codes and isinstance(refusal, LoaderError):
            assert refusal.code in codes, f"{name}: refused as {refusal.code}, expected one of {codes}: {text}"
        assert store_fingerprint(bundled_engine) == before
        return

    assert item["expect"] in ("load", "load_or_refuse"), f"{name}: previewed, but must be refused"
    totals = preview.tidy.groupby("financial_year")["amount_gbp"].sum().round().to_dict()
    assert len(preview.tidy) == BUILD.APPENDIX_AMOUNTS and totals == BUILD.APPENDIX_TOTALS
    texts = preview.tidy.select_dtypes(exclude="number").astype(str)
    assert not texts.apply(lambda column: column.str.contains("\x00", regex=False)).any().any()
    assert store_fingerprint(bundled_engine) == before  # a preview writes nothing
