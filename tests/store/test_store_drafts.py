"""An upload in progress is kept in the store per member of staff, until stored, discarded or a day old."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select

from store.drafts import DRAFT_HOURS, discard_draft, forget_expired, get_draft, save_draft, update_draft_choices
from store.models import UploadDraft, utc_now

FRAMEWORK = Path(__file__).resolve().parents[2] / "data" / "leicestershire_commissioning_framework_2018-21.xlsx"
CHOICES = {"area": "Leicestershire", "sheet": "Appendix A", "overrides": {"3": "provider"}, "units": ""}


def test_a_draft_comes_back_with_its_file_and_choices(engine):
    data = FRAMEWORK.read_bytes()
    save_draft(engine, "j.okafor@leics.pcc.police.uk", file_name=FRAMEWORK.name, file_bytes=data, choices=CHOICES)
    draft = get_draft(engine, "j.okafor@leics.pcc.police.uk")
    assert draft.file_bytes == data and draft.file_name == FRAMEWORK.name
    assert draft.choices == CHOICES
    assert draft.expires_at - draft.updated_at == timedelta(hours=DRAFT_HOURS)
    assert get_draft(engine, "someone.else") is None


def test_new_choices_keep_the_file_and_the_start_time(engine):
    data = FRAMEWORK.read_bytes()
    started = utc_now() - timedelta(hours=3)
    save_draft(engine, "j.okafor", file_name=FRAMEWORK.name, file_bytes=data, choices=CHOICES, now=started)
    corrected = {**CHOICES, "overrides": {"3": "provider", "5": "geography"}}
    assert update_draft_choices(engine, "j.okafor", corrected)
    draft = get_draft(engine, "j.okafor")
    assert draft.choices == corrected and draft.file_bytes == data
    assert abs((draft.created_at - started).total_seconds()) < 1 and draft.updated_at > started
    assert not update_draft_choices(engine, "nobody", corrected)


def test_a_draft_untouched_for_a_day_is_forgotten(engine):
    data = FRAMEWORK.read_bytes()
    old = utc_now() - timedelta(hours=DRAFT_HOURS, minutes=1)
    save_draft(engine, "j.okafor", file_name=FRAMEWORK.name, file_bytes=data, choices=CHOICES, now=old)
    save_draft(engine, "a.patel", file_name=FRAMEWORK.name, file_bytes=data, choices=CHOICES)
    assert get_draft(engine, "j.okafor") is None
    assert forget_expired(engine) == 0  # get_draft already removed the expired one
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(UploadDraft)).scalar_one() == 1
    assert get_draft(engine, "a.patel") is not None


def test_discarding_removes_only_that_persons_draft(engine):
    data = FRAMEWORK.read_bytes()
    for owner in ("j.okafor", "a.patel"):
        save_draft(engine, owner, file_name=FRAMEWORK.name, file_bytes=data, choices=CHOICES)
    discard_draft(engine, "j.okafor")
    assert get_draft(engine, "j.okafor") is None and get_draft(engine, "a.patel") is not None


def test_drafts_do_not_change_the_store_version(engine):
    from store import store_version
    before = store_version(engine)
    save_draft(engine, "j.okafor", file_name=FRAMEWORK.name, file_bytes=FRAMEWORK.read_bytes(), choices=CHOICES)
    update_draft_choices(engine, "j.okafor", {**CHOICES, "units": "£000"})
    discard_draft(engine, "j.okafor")
    assert store_version(engine) == before
