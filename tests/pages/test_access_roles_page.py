"""Roles on the pages: staff upload and plan, only an admin deletes, and each write asks again as it is made.

A click arrives in the next run of the page, after the role was read for the
last one: a role taken away in between, or a click forged for a disabled
button, must change nothing.
"""
from __future__ import annotations

import store
from scenarios.baselines import BaselineRef
from scenarios.records import ScenarioPlan
from tests.pages.test_scenarios_page import fresh_page
from tests.pages.test_upload_page import ADMIN_SECRETS, COOKIE_SECRET, STAFF, STAFF_SECRETS, open_page, texts
from tests.scenarios.scenario_examples import commissioners_question
from tests.uploads.helpers import store_fingerprint
from ui.scenarios.storage import save_plan

MANAGE = "pages/manage_data.py"
UPLOAD = "pages/upload.py"
OVERVIEW = "pages/overview.py"
REFUSED_DELETE = ("Deleting a dataset needs the admin role and j.okafor@leics.pcc.police.uk has the staff role. "
                  "Nothing was changed.")


def test_staff_see_the_delete_button_disabled(bundled_store):
    at = open_page(MANAGE, user=STAFF)
    at.selectbox(key="manage_dataset").set_value(1).run()
    delete = at.button(key="manage_delete_1")
    assert delete.disabled
    assert delete.help == "Deleting a dataset or a version needs the admin role."


def test_a_forged_click_on_the_disabled_delete_button_asks_nothing(bundled_store):
    engine = store.make_engine(bundled_store)
    before = store_fingerprint(engine)
    at = open_page(MANAGE, user=STAFF)
    at.selectbox(key="manage_dataset").set_value(1).run()
    # What a hand-made websocket message can send, and AppTest's click() will not:
    # Streamlit discards a value for a widget it drew disabled.
    at.button(key="manage_delete_1")._value = True
    at.run()

    assert not at.exception
    assert "manage_delete_yes_1" not in {button.key for button in at.button}
    assert store_fingerprint(engine) == before


def test_an_admin_made_staff_mid_session_cannot_finish_a_delete(bundled_store):
    engine = store.make_engine(bundled_store)
    before = store_fingerprint(engine)
    at = open_page(MANAGE, user=STAFF, secrets=ADMIN_SECRETS)
    at.selectbox(key="manage_dataset").set_value(1).run()
    at.button(key="manage_delete_1").click().run()

    at.secrets = STAFF_SECRETS  # an administrator edits secrets.toml meanwhile
    at.button(key="manage_delete_yes_1").click().run()

    assert REFUSED_DELETE in texts(at.error)
    assert store_fingerprint(engine) == before
    # The question is gone, and the button that asks it is now drawn disabled.
    at.run()
    assert at.button(key="manage_delete_1").disabled


def test_an_admin_deletes(bundled_store):
    engine = store.make_engine(bundled_store)
    at = open_page(MANAGE, user=STAFF, secrets=ADMIN_SECRETS)
    at.selectbox(key="manage_dataset").set_value(1).run()
    at.button(key="manage_delete_1").click().run()
    at.button(key="manage_delete_yes_1").click().run()

    assert not at.error
    assert 1 not in set(store.list_datasets(engine)["id"])


def test_an_account_outside_the_allow_list_gets_no_staff_page(bundled_store):
    outsider = {**STAFF, "email": "someone@gmail.com"}
    at = open_page(UPLOAD, user=outsider)

    assert len(at.file_uploader) == 0
    assert texts(at.warning) == ["someone@gmail.com is not on this dashboard's staff list; an administrator adds it "
                                 "under \\[staff\\_access\\] in .streamlit/secrets.toml."]
    assert [button.label for button in at.button] == ["Sign out"]


def test_an_address_the_provider_did_not_verify_gets_no_staff_page(bundled_store):
    at = open_page(UPLOAD, user={**STAFF, "email_verified": False})

    assert len(at.file_uploader) == 0
    assert "has not confirmed that j.okafor@leics.pcc.police.uk is yours" in texts(at.warning)[0]


def test_a_read_only_account_may_browse_but_not_upload(bundled_store):
    secrets = {**STAFF_SECRETS, "staff_roles": {STAFF["email"]: "viewer"}}
    at = open_page(UPLOAD, user=STAFF, secrets=secrets)

    assert len(at.file_uploader) == 0
    assert texts(at.warning) == ["j.okafor@leics.pcc.police.uk may browse the dashboard but not change its data."]


def test_an_example_cookie_secret_stops_every_page_with_one_line(bundled_store):
    secrets = {**STAFF_SECRETS, "auth": {"redirect_uri": "http://localhost:8501/oauth2callback",
                                         "cookie_secret": "a long random string"}}
    at = open_page(OVERVIEW, user={"is_logged_in": False}, secrets=secrets)

    assert not at.exception
    assert len(at.error) == 1 and len(at.title) == 0 and len(at.metric) == 0
    assert at.error[0].value.startswith("Sign-in is not safe to start: [auth] cookie_secret is the documentation's "
                                        "example; set cookie_secret under [auth] in .streamlit/secrets.toml")


def test_a_good_cookie_secret_lets_the_pages_run(bundled_store):
    secrets = {**STAFF_SECRETS, "auth": {"redirect_uri": "http://localhost:8501/oauth2callback",
                                         "cookie_secret": COOKIE_SECRET}}
    at = open_page(OVERVIEW, user={"is_logged_in": False}, secrets=secrets)

    assert not at.exception and len(at.error) == 0
    assert len(at.metric) > 0


def test_a_local_account_removed_mid_session_cannot_duplicate_a_scenario(bundled_store):
    engine = store.make_engine(bundled_store)
    datasets = store.list_datasets(engine)
    framework = datasets[(datasets["area"] == "Leicestershire") & (datasets["kind"] == "framework")].iloc[0]
    baseline = BaselineRef(int(framework["id"]), framework["name"], "Leicestershire", "2020/21")
    save_plan(engine, ScenarioPlan("Victims cut", baseline, tuple(commissioners_question())),
              author="commissioning.officer@opcc.example")
    at = fresh_page()
    at.radio(key="scenario_section").set_value("Saved scenarios").run()
    at.secrets = {"staff_accounts": {}}  # the account's line is deleted from secrets.toml
    at.button(key="saved_duplicate").click().run()

    assert not at.exception
    assert "Duplicating a scenario needs the staff role and you are not signed in. Nothing was changed." in texts(
        at.error)
    assert store.list_scenarios(engine)["name"].tolist() == ["Victims cut"]
