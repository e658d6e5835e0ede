"""An OPCC officer signs in, uploads next year's framework, fixes the mapping, checks the totals and stores it."""
from __future__ import annotations

import hashlib

import pytest
from streamlit.testing.v1 import AppTest

import store
from analysis.filters import years_label
from analysis.money import format_gbp
from loaders import load_bytes
from tests.pages.conftest import PAGE_TIMEOUT_S, REPO_ROOT
from tests.uploads.helpers import (APPENDIX, appendix_moved_on_a_year_rows, appendix_rows, row_of, store_fingerprint,
                                   xlsx_bytes)
from tests.uploads.test_duplicates import appendix_as_csv
from ui.access import hash_password
from ui.plain_text import escape_markdown
from uploads.advice import on_the_form

UPLOAD = "pages/upload.py"
OVERVIEW = "pages/overview.py"
STAFF = {"is_logged_in": True, "email": "j.okafor@leics.pcc.police.uk", "email_verified": True, "name": "J Okafor"}
# An OIDC account is staff only when [staff_access] lets it in.
STAFF_SECRETS = {"staff_access": {"allowed_email_domains": ["leics.pcc.police.uk"]}}
ADMIN_SECRETS = {**STAFF_SECRETS, "staff_roles": {STAFF["email"]: "admin"}}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FRAMEWORK = "Leicestershire PCC Commissioning Framework 2018/19–2020/21"
COOKIE_SECRET = "q3Xv0R8yJtqz1bW5nE2mH7cK9pL4sD6fG0aU8iO2eY5rT1wQ3zX7vB9nM4kJ6hF2"


def open_page(page: str, user: dict | None = None, secrets: dict | None = None) -> AppTest:
    """The page as the dashboard serves it: through dashboard.py's navigation (STAFF_SECRETS unless given)."""
    at = AppTest.from_file(str(REPO_ROOT / "dashboard.py"), default_timeout=PAGE_TIMEOUT_S)
    if user is not None:
        at.user = user
    at.secrets = STAFF_SECRETS if secrets is None else secrets
    at.run()
    return at.switch_page(page).run()


def next_framework() -> bytes:
    """Appendix A moved on three years, with two headers worded as another office might word them.

    'Funded activity' is not a heading the loader knows (it guesses it is the
    service), and 'Notes' is not read at all until someone maps it.
    """
    rows = appendix_rows()
    for row in rows:
        if row and row[0] == "Service Name":
            row[0], row[2] = "Funded activity", "Notes"
            row[4:7] = ["2021/22 budget (£)", "2022/23 budget (£)", "2023/24 budget (£)"]
    return xlsx_bytes(rows)


def texts(elements) -> list[str]:
    return [element.value for element in elements]


def test_signed_out_the_page_is_a_sign_in_prompt_and_nothing_else(bundled_store):
    at = open_page(UPLOAD, user={"is_logged_in": False}, secrets={"staff_accounts": {}})
    assert not at.exception
    assert len(at.file_uploader) == 0
    assert len(at.dataframe) == 0 and len(at.download_button) == 0
    assert texts(at.title) == ["Upload data"]
    assert texts(at.info) == [
        "Upload data is for OPCC staff. Sign in to continue; browsing the dashboard needs no account."]
    assert texts(at.warning)[0].startswith("No staff accounts are set up on this server")


def test_local_staff_account_signs_in_with_its_password(bundled_store):
    secrets = {"staff_accounts": {"j.okafor": hash_password("Victim First 2020/21")}}
    at = open_page(UPLOAD, user={"is_logged_in": False}, secrets=secrets)
    at.text_input(key="sign_in_username").set_value("j.okafor")
    at.text_input(key="sign_in_password").set_value("not the password")
    at.button[0].click().run()
    assert texts(at.error) == ["That user name and password do not match a staff account"]
    assert len(at.file_uploader) == 0

    at.text_input(key="sign_in_password").set_value("Victim First 2020/21")
    at.button[0].click().run()
    assert not at.exception
    assert len(at.file_uploader) == 1
    assert at.session_state["staff_user"] == "j.okafor"


def test_entra_id_configured_offers_its_button_instead_of_passwords(bundled_store):
    secrets = {"auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": COOKIE_SECRET,
        "microsoft": {"client_id": "id", "client_secret": "secret",
                      "server_metadata_url": "https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration"},
    }}
    at = open_page(UPLOAD, user={"is_logged_in": False}, secrets=secrets)
    assert [button.label for button in at.button] == ["Sign in with Microsoft (Entra ID)"]
    assert len(at.text_input) == 0 and len(at.file_uploader) == 0


def test_whole_flow_upload_map_preview_reconcile_store_then_overview_shows_it(bundled_store):
    data = next_framework()
    at = open_page(UPLOAD, user=STAFF)
    assert not at.exception
    at.file_uploader[0].set_value(("leicestershire_framework_2021-24.xlsx", data, XLSX)).run()
    at.selectbox(key="upload_area").set_value("Leicestershire").run()
    assert not at.exception, at.exception

    # The guessed service column is marked for checking; Notes is not read until mapped.
    labels = [box.label for box in at.selectbox]
    assert "A: Funded activity ⚠" in labels and "C: Notes" in labels
    notes = next(box for box in at.selectbox if box.label == "C: Notes")
    assert notes.value == "ignore"
    notes.set_value("provision").run()
    next(box for box in at.selectbox if box.label == "A: Funded activity ⚠").set_value("service").run()
    assert not at.exception

    # Preview and totals check: the years are the new ones and all 15 totals reconcile.
    preview_rows = at.dataframe[0].value  # the preview; the totals check is the second table
    assert set(preview_rows["Year"]) == {"2021/22", "2022/23", "2023/24"}
    victim_first = preview_rows[preview_rows["Service"] == "Victim First"]
    assert len(victim_first) == 3
    assert "All 15 totals in the file match the rows they cover." in texts(at.success)
    assert any("'Domestic Homicide Reviews' is listed twice" in text for text in texts(at.warning))

    loaded = load_bytes(data, "x.xlsx", area="Leicestershire", column_fields={0: "service", 2: "provision"})
    expected = loaded.tidy
    # The three Grand Totals the file prints, added up: what the button promises to store.
    grand_totals = loaded.declared_totals.loc[loaded.declared_totals["kind"] == "grand_total", "declared_gbp"].sum()
    store_button = next(button for button in at.button if button.key == "upload_confirm")
    # It says the sum runs over the file's three years, so no one reads it as one year's budget.
    assert store_button.label == (f"Store {len(expected)} amounts ({format_gbp(grand_totals)} over "
                                  f"{years_label(expected['financial_year'])}, summed)")
    store_button.click().run()
    assert not at.exception
    (message,) = [text for text in texts(at.success) if text.startswith("Stored")]
    assert "recorded as uploaded by j.okafor@leics.pcc.police.uk" in message

    engine = store.make_engine(bundled_store)
    listing = store.list_datasets(engine)
    stored = listing.iloc[-1]
    assert (stored["uploaded_by"], stored["original_filename"], stored["row_count"]) == (
        STAFF["email"], "leicestershire_framework_2021-24.xlsx", len(expected))
    lines = store.load_spend(engine, dataset_ids=[int(stored["id"])])
    assert set(lines.loc[lines["service"] == "Victim First", "provision"]) == {
        "Generic victim support service inclusive of Restorative Justice"}
    assert len(at.file_uploader) == 1 and at.file_uploader[0].value is None  # ready for the next file

    # A panel member opening the dashboard now sees the new year on the Overview.
    panel = open_page(OVERVIEW, user={"is_logged_in": False})
    assert not panel.exception
    committed = [m.value for m in panel.metric if m.label == "Committed in 2023/24"]
    in_2023 = expected.loc[expected["financial_year"] == "2023/24", "amount_gbp"].sum()
    assert committed == [format_gbp(in_2023)]


def test_replacing_a_stored_framework_keeps_its_history(bundled_store):
    rows = appendix_rows()
    rows[row_of(rows, "Victim First")][6] = 560_000
    rows[row_of(rows, "Victims Subtotal")][6] = 1_397_385
    rows[row_of(rows, "Grand Total")][6] = 4_397_639
    at = open_page(UPLOAD, user=STAFF)
    at.file_uploader[0].set_value(("framework_revised.xlsx", xlsx_bytes(rows), XLSX)).run()
    at.selectbox(key="upload_area").set_value("Leicestershire").run()
    radio = at.radio[0]
    assert radio.label == "Leicestershire already has data for these years. This file should:"
    assert not any(button.key == "upload_confirm" for button in at.button)  # a choice is required first
    radio.set_value("1").run()
    next(button for button in at.button if button.key == "upload_confirm").click().run()
    assert not at.exception

    engine = store.make_engine(bundled_store)
    history = store.dataset_history(engine, 1)
    assert history["version"].tolist() == [1, 2]
    assert history["is_current"].tolist() == [False, True]
    assert history["uploaded_by"].tolist()[-1] == STAFF["email"]


def test_the_same_file_again_is_refused_at_once_and_nothing_changes(bundled_store):
    engine = store.make_engine(bundled_store)
    before = store_fingerprint(engine)
    at = open_page(UPLOAD, user=STAFF)
    at.file_uploader[0].set_value(("copy_of_framework.xlsx", APPENDIX.read_bytes(), XLSX)).run()
    at.selectbox(key="upload_area").set_value("Leicestershire").run()
    assert not at.exception
    (error,) = texts(at.error)
    assert error == (f"This file is already stored, as version 1 of '{FRAMEWORK}' (dataset 1, from "
                     "leicestershire\\_commissioning\\_framework\\_2018-21.xlsx); storing it again would count "
                     "its figures twice. Nothing was stored.")
    # Said before the file is read: no preview, nothing to press.
    assert len(at.dataframe) == 0 and not any(button.key == "upload_confirm" for button in at.button)
    assert store_fingerprint(engine) == before


def test_an_identical_csv_of_a_stored_xlsx_is_flagged_at_the_top_of_the_preview(bundled_store):
    at = open_page(UPLOAD, user=STAFF)
    at.file_uploader[0].set_value(("appendix_a.csv", appendix_as_csv(), "text/csv")).run()
    at.selectbox(key="upload_area").set_value("Leicestershire").run()
    assert not at.exception
    first_warning = texts(at.warning)[0]
    assert first_warning.startswith(f"This file holds exactly the same lines as version 1 of '{FRAMEWORK}' (dataset 1")
    assert "storing it again would count its figures twice" in first_warning
    # Above the preview: the first thing drawn after the form.
    drawn = [node for node in at.main if getattr(node, "type", None) in ("alert", "subheader") or
             type(node).__name__ in ("Warning", "Subheader", "Header")]
    labels = [getattr(node, "value", "") for node in drawn]
    assert labels.index(first_warning) < labels.index("1. Layout and column mapping")


def _upload_next_years_framework(at, keep_2018_19: bool | None):
    data = xlsx_bytes(appendix_moved_on_a_year_rows())
    at.file_uploader[0].set_value(("leicestershire_framework_2019-22.xlsx", data, XLSX)).run()
    at.selectbox(key="upload_area").set_value("Leicestershire").run()
    at.radio[0].set_value("1").run()
    assert not at.exception
    changed = next(frame.value for frame in at.dataframe if "Line is" in frame.value.columns)
    assert changed[["Year", "Line is", "Service", "Before (£)", "After (£)", "Difference (£)"]].values.tolist() == [
        ["2020/21", "changed", "CHISVA", 50_000.0, 52_000.0, 2_000.0]]
    assert any(text.startswith("2021/22 is new (42 lines, £4,414,639). 2018/19 is not in the new version")
               for text in texts(at.markdown))
    year_choice = next(radio for radio in at.radio if radio.label.startswith("The new file has no 2018/19."))
    assert year_choice.value == "keep"  # the default
    if keep_2018_19 is False:
        year_choice.set_value("remove").run()
    next(button for button in at.button if button.key == "upload_confirm").click().run()
    assert not at.exception


def test_replacing_with_next_years_file_keeps_2018_19(bundled_store):
    at = open_page(UPLOAD, user=STAFF)
    _upload_next_years_framework(at, keep_2018_19=None)

    engine = store.make_engine(bundled_store)
    (message,) = [text for text in texts(at.success) if text.startswith("Stored")]
    assert "keeping its 2018/19 figures" in message
    history = store.dataset_history(engine, 1)
    assert history["is_current"].tolist() == [False, True]
    framework = store.load_spend(engine, dataset_ids=[int(history["id"].iloc[-1])])
    assert sorted(set(framework["financial_year"])) == ["2018/19", "2019/20", "2020/21", "2021/22"]
    kept = framework[framework["financial_year"] == "2018/19"]
    assert kept["amount_gbp"].sum() == 4_283_405  # Appendix A's printed 2018/19 Grand Total
    assert set(kept["source_file"]) == {"leicestershire_commissioning_framework_2018-21.xlsx"}


def test_replacing_with_next_years_file_drops_2018_19_when_staff_choose_to(bundled_store):
    at = open_page(UPLOAD, user=STAFF)
    _upload_next_years_framework(at, keep_2018_19=False)

    engine = store.make_engine(bundled_store)
    framework = store.load_spend(engine, dataset_ids=[int(store.dataset_history(engine, 1)["id"].iloc[-1])])
    assert sorted(set(framework["financial_year"])) == ["2019/20", "2020/21", "2021/22"]


@pytest.mark.parametrize("file_name, data, message", [
    ("budget.xlsx", b"Service,2020/21\nVictim First,558322\n",
     "budget.xlsx: this is not a real .xlsx workbook (it holds text); was the file renamed? Nothing was stored."),
    ("empty.csv", b"", "empty.csv: the file is empty. Nothing was stored."),
])
def test_a_bad_file_gets_one_sentence_and_no_traceback(bundled_store, file_name, data, message):
    engine = store.make_engine(bundled_store)
    before = store_fingerprint(engine)
    at = open_page(UPLOAD, user=STAFF)
    at.file_uploader[0].set_value((file_name, data, "application/octet-stream")).run()
    at.selectbox(key="upload_area").set_value("Leicestershire").run()
    assert not at.exception
    assert texts(at.error) == [message]
    assert store_fingerprint(engine) == before


def test_every_bad_corpus_file_shows_its_sentence_on_the_page(bundled_store):
    """What the browser lets through (the listed extensions) reaches the page; none shows a traceback."""
    import json
    from pathlib import Path

    bad = REPO_ROOT / "tests" / "data" / "bad"
    expected = json.loads((bad / "expected.json").read_text(encoding="utf-8"))
    engine = store.make_engine(bundled_store)
    before = store_fingerprint(engine)
    stored_files = set(store.list_datasets(engine)["sha256"])
    at = open_page(UPLOAD, user=STAFF)
    checked = 0
    for name, case in sorted(expected.items()):
        if Path(name).suffix.lstrip(".") not in ("xlsx", "xlsm", "xls", "ods", "csv"):
            continue
        at.file_uploader[0].set_value((name, (bad / name).read_bytes(), "application/octet-stream"))
        at.selectbox(key="upload_area").set_value(case["area"])
        at.text_input(key="upload_year").set_value(case["year"] or "")
        at.run()
        assert not at.exception, name
        if hashlib.sha256((bad / name).read_bytes()).hexdigest() in stored_files:
            # A bundled file copied into the corpus (read without its year): stored already, said before reading.
            assert [text[:36] for text in texts(at.error)] == ["This file is already stored, as vers"], name
            continue
        message = on_the_form(case["message"])  # the loader's flags, named as the page's controls
        assert "--" not in message, name
        message = escape_markdown(message)  # the file's own text in it is shown as words, not markdown
        assert texts(at.error) == [f"{message} Nothing was stored." if message.endswith("?")
                                   else f"{message}. Nothing was stored."], name
        checked += 1
    assert checked >= 30
    assert store_fingerprint(engine) == before


def test_a_file_in_thousands_with_its_total_in_pounds_is_refused_until_the_unit_is_chosen(bundled_store):
    """Essex's partner contributions typed in £000 under a Total in pounds: the page says which box settles it."""
    shapes = REPO_ROOT / "tests" / "data" / "shapes"
    at = open_page(UPLOAD, user=STAFF)
    at.file_uploader[0].set_value(("refuse_units_suspected.xlsx", (shapes / "refuse_units_suspected.xlsx").read_bytes(),
                                   XLSX)).run()
    at.selectbox(key="upload_area").set_value("Essex").run()
    assert not at.exception
    (refusal,) = texts(at.error)
    assert "units suspected" in refusal and "under 'Amounts are in' above (£000 or £)" in refusal
    assert "--units" not in refusal
    units = next(box for box in at.selectbox if box.label == "Amounts are in")
    units.set_value("£000").run()
    assert not at.exception and texts(at.error) == []
    stored = next(element.value for element in at.markdown if "amounts** for Essex" in element.value)
    assert format_gbp(2_125_000) in stored
    explained = "\n".join(element.value for element in at.text)
    assert "amounts in £000 (given by the user)" in explained


def test_a_service_named_as_an_image_shows_as_its_words_in_the_warnings(bundled_store):
    """A hostile service name, listed twice in an uploaded framework, reaches the warning as text, not an image."""
    rows = appendix_rows()
    for service in ("CHISVA", "Number 5"):
        rows[row_of(rows, service)][0] = "![t](https://example.invalid/t.png)"
    at = open_page(UPLOAD, user=STAFF)
    at.file_uploader[0].set_value(("framework_hostile.xlsx", xlsx_bytes(rows), XLSX)).run()
    at.selectbox(key="upload_area").set_value("Leicestershire").run()
    assert not at.exception
    shown = [text for text in texts(at.warning) if "example" in text]
    assert shown and all("\\!\\[t\\](https:\\/\\/example.invalid" in text for text in shown)


def test_the_file_is_read_once_for_the_layout_the_mapping_and_the_preview(bundled_store, monkeypatch):
    import uploads.layout

    reads = []
    real_open = uploads.layout.open_workbook

    def counting_open(data, file_name, limits=None):
        reads.append(file_name)
        return real_open(data, file_name, limits)

    monkeypatch.setattr(uploads.layout, "open_workbook", counting_open)
    data = next_framework()
    at = open_page(UPLOAD, user=STAFF)
    at.file_uploader[0].set_value(("read_once_2021-24.xlsx", data, XLSX)).run()
    at.selectbox(key="upload_area").set_value("Leicestershire").run()
    next(box for box in at.selectbox if box.label == "C: Notes").set_value("provision").run()
    next(box for box in at.selectbox if box.label == "A: Funded activity ⚠").set_value("service").run()

    assert not at.exception
    assert at.dataframe, "the preview was drawn"
    assert reads == ["read_once_2021-24.xlsx"]


# --- work survives: the upload in progress is a draft in the store -----------------------------------

def _start_next_framework_with_corrections() -> AppTest:
    at = open_page(UPLOAD, user=STAFF)
    at.file_uploader[0].set_value(("leicestershire_framework_2021-24.xlsx", next_framework(), XLSX)).run()
    at.selectbox(key="upload_area").set_value("Leicestershire").run()
    next(box for box in at.selectbox if box.label == "C: Notes").set_value("provision").run()
    next(box for box in at.selectbox if box.label == "A: Funded activity ⚠").set_value("service").run()
    assert not at.exception
    return at


@pytest.fixture(params=["sqlite", "postgresql"])
def either_store(request, monkeypatch):
    """DATABASE_URL of a store of the bundled datasets: this test's SQLite copy, or a PostgreSQL database."""
    if request.param == "sqlite":
        return request.getfixturevalue("bundled_store")
    from tests.postgres_server import postgres_url
    from tests.store.postgres_databases import empty_database, ensure_database
    from uploads.bundled import load_bundled

    url = postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL: set TEST_DATABASE_URL or run scripts/start_test_postgres.sh")
    url = ensure_database(url, "victims_test_upload_drafts")
    empty_database(url)
    engine = store.make_engine(url)
    load_bundled(engine)
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def test_a_reload_mid_upload_returns_to_the_draft_with_its_corrections(either_store):
    bundled_store = either_store
    _start_next_framework_with_corrections()

    # A reload is a new session: nothing in the browser, the uploader empty.
    reloaded = open_page(UPLOAD, user=STAFF)
    assert not reloaded.exception
    (resumed,) = [text for text in texts(reloaded.info) if text.startswith("Continuing your upload")]
    assert "leicestershire\\_framework\\_2021-24.xlsx" in resumed and "24 hours after your last change" in resumed
    assert reloaded.selectbox(key="upload_area").value == "Leicestershire"
    by_label = {box.label: box.value for box in reloaded.selectbox}
    assert by_label["C: Notes"] == "provision" and by_label["A: Funded activity ⚠"] == "service"
    # The preview is of the corrected reading: the years are the new file's and Victim First is a service.
    preview_rows = reloaded.dataframe[0].value
    assert set(preview_rows["Year"]) == {"2021/22", "2022/23", "2023/24"}
    assert len(preview_rows[preview_rows["Service"] == "Victim First"]) == 3

    # Storing it from the draft stores the corrected lines, and the draft is gone.
    next(button for button in reloaded.button if button.key == "upload_confirm").click().run()
    assert not reloaded.exception
    engine = store.make_engine(bundled_store)
    stored = store.list_datasets(engine).iloc[-1]
    assert stored["original_filename"] == "leicestershire_framework_2021-24.xlsx"
    lines = store.load_spend(engine, dataset_ids=[int(stored["id"])])
    assert set(lines.loc[lines["service"] == "Victim First", "provision"]) == {
        "Generic victim support service inclusive of Restorative Justice"}
    again = open_page(UPLOAD, user=STAFF)
    assert not [text for text in texts(again.info) if text.startswith("Continuing your upload")]
    assert len(again.dataframe) == 0


def test_another_page_and_back_returns_to_the_draft(bundled_store):
    at = _start_next_framework_with_corrections()
    at.switch_page(OVERVIEW).run()
    at.switch_page(UPLOAD).run()
    assert not at.exception
    assert any(text.startswith("Continuing your upload") for text in texts(at.info))
    assert {box.label: box.value for box in at.selectbox}["C: Notes"] == "provision"


def test_discarding_the_draft_starts_afresh_and_is_not_offered_again(bundled_store):
    _start_next_framework_with_corrections()
    reloaded = open_page(UPLOAD, user=STAFF)
    reloaded.button(key="upload_discard").click().run()
    assert not reloaded.exception
    assert len(reloaded.dataframe) == 0
    assert any(text.startswith("Choose a file to begin.") and "24 hours" in text for text in texts(reloaded.info))
    assert len(open_page(UPLOAD, user=STAFF).dataframe) == 0


def test_one_persons_draft_is_not_anothers(bundled_store):
    _start_next_framework_with_corrections()
    colleague = {**STAFF, "email": "a.patel@leics.pcc.police.uk", "name": "A Patel"}
    at = open_page(UPLOAD, user=colleague)
    assert not at.exception and len(at.dataframe) == 0
    assert not any(text.startswith("Continuing your upload") for text in texts(at.info))


def _cookie_scripts(at: AppTest) -> list[str]:
    return [element.proto.body for element in at.get("html")]


def test_a_local_sign_in_writes_a_signed_cookie_that_signs_the_next_session_in(bundled_store):
    from datetime import datetime, timezone

    from ui.staff_cookie import COOKIE_NAME, signed_in_user

    accounts = {"j.okafor": hash_password("Victim First 2020/21")}
    secrets = {"staff_accounts": accounts, "auth": {"cookie_secret": COOKIE_SECRET}}
    at = open_page(UPLOAD, user={"is_logged_in": False}, secrets=secrets)
    assert not any("this tab only" in text for text in texts(at.caption))
    at.text_input(key="sign_in_username").set_value("j.okafor")
    at.text_input(key="sign_in_password").set_value("Victim First 2020/21")
    at.button[0].click().run()
    assert not at.exception and len(at.file_uploader) == 1
    (script,) = _cookie_scripts(at)
    value = script.split(f"{COOKIE_NAME}=")[1].split(";")[0]
    # What the browser keeps names the account, and only under this server's secret.
    assert signed_in_user(value, secret=COOKIE_SECRET, accounts=accounts, now=datetime.now(timezone.utc)) == "j.okafor"
    assert any("You stay signed in on this browser for 12 hours unless you sign out." in text
               for text in texts(at.caption))

    at.button(key="upload_sign_out").click().run()
    assert not at.exception and len(at.file_uploader) == 0
    assert any(f"{COOKIE_NAME}=; Path=/; Max-Age=0" in script for script in _cookie_scripts(at))


def test_without_a_cookie_secret_the_sign_in_form_says_it_lasts_for_the_tab(bundled_store):
    at = open_page(UPLOAD, user={"is_logged_in": False},
                   secrets={"staff_accounts": {"j.okafor": hash_password("Victim First 2020/21")}})
    assert any(text.startswith("You will stay signed in in this tab only") for text in texts(at.caption))


def test_an_unused_column_like_a_strategic_area_is_marked_and_store_asks_first(bundled_store):
    from tests.uploads.helpers import area_of_work_rows

    at = open_page(UPLOAD, user=STAFF)
    at.file_uploader[0].set_value(("framework_area_of_work.xlsx", xlsx_bytes(area_of_work_rows()), XLSX)).run()
    at.selectbox(key="upload_area").set_value("Leicestershire").run()
    at.radio[0].set_value("keep").run()
    assert any(button.key == "upload_confirm" for button in at.button)  # placed: nothing to ask
    next(box for box in at.selectbox if box.label == "A: Area of work").set_value("ignore").run()
    assert not at.exception
    marked = [text for text in texts(at.warning) if text.startswith("Column A 'Area of work' is not used")]
    assert marked and "'Victims', 'Vulnerable', 'Prevention'" in marked[0]
    assert "every line will be Unassigned" in marked[0]
    assert not any(button.key == "upload_confirm" for button in at.button)
    ask = next(box for box in at.checkbox if box.label.startswith("Store with column A 'Area of work' left out"))
    ask.check().run()
    assert any(button.key == "upload_confirm" for button in at.button)


def test_the_area_is_taken_from_the_files_title_and_the_boxes_read_in_order(bundled_store):
    at = open_page(UPLOAD, user=STAFF)
    # Appendix A's first row: 'Police and Crime Commissioner for Leicestershire'.
    at.file_uploader[0].set_value(("leicestershire_framework_2021-24.xlsx", next_framework(), XLSX)).run()
    assert not at.exception
    assert at.selectbox(key="upload_area").value == "Leicestershire"
    assert "Taken from the file's title; change it if the file is for another area." in texts(at.caption)
    assert at.dataframe, "the preview is drawn without the area being chosen by hand"
    # One row of boxes after another, each left to right: the page (and a phone's stacked columns) read A, B, C…
    letters = [box.label.split(":")[0] for box in at.selectbox if ":" in box.label and len(box.label.split(":")[0]) == 1]
    assert letters == sorted(letters) and letters[:3] == ["A", "B", "C"]
    # A choice staff make is kept: the next run does not put the title's area back.
    at.selectbox(key="upload_area").set_value("Derbyshire").run()
    assert at.selectbox(key="upload_area").value == "Derbyshire"


def test_a_workbook_with_uncalculated_formulas_is_refused_then_loaded_short_when_staff_choose(bundled_store):
    # Appendix A written by a program, its twelve subtotals and totals =SUM(...) with no saved value.
    data = (REPO_ROOT / "tests" / "data" / "hostile" / "formula_without_value.xlsx").read_bytes()
    at = open_page(UPLOAD, user=STAFF)
    at.file_uploader[0].set_value(("framework_from_a_script.xlsx", data, XLSX)).run()
    assert not at.exception
    (refusal,) = texts(at.error)
    assert "cell E16" in refusal and "formula with no saved value" in refusal
    assert not any(button.key == "upload_confirm" for button in at.button)
    box = next(box for box in at.checkbox if box.label.startswith("Continue anyway"))
    box.check().run()
    assert not at.exception and texts(at.error) == []
    # Said at the top of the review and again among the warnings.
    said = [text for text in texts(at.warning) if text.startswith("12 cells (E16, F16, G16")]
    assert len(said) == 2 and "read as missing" in said[0]
    at.radio[0].set_value("keep").run()  # Leicestershire has these years already
    assert any(button.key == "upload_confirm" for button in at.button)
    assert at.checkbox(key=box.key).value  # still ticked, and said, on every run after
