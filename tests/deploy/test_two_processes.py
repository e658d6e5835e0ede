"""Two dashboard processes on one PostgreSQL behind nginx: what one stores, the other shows; one lock-out.

The deployment of docs/deploying.md, started by deploy/run_pair.py on free
loopback ports around a fresh database holding the bundled datasets. Each
visitor is a tab driven over Streamlit's websocket protocol (deploy/session_client.py),
through nginx, with nginx's affinity cookie chosen so that one tab lands on
process A and the other on process B. Everything is stopped at the end of the
module, however it ends.
"""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
import os
import socket
import uuid

import bcrypt
import psutil
import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import store
from deploy.run_pair import find_nginx, running_pair
from deploy.session_client import DashboardSession
from uploads.bundled import bundled_entries, load_bundled
from store.engine import database_url
from store.sign_in_attempts import FAILURES_BEFORE_LOCK, seconds_locked
from tests.postgres_server import postgres_url
from ui.passwords import NO_MATCH

UPLOADER, UPLOADER_PASSWORD = "deployer", "a long uploader password"
GUESSED, GUESSED_PASSWORD = "guessed", "the real password of this one"
AREA = "Deployshire"
# A CSV no store holds yet (its sha256 is new): two service lines for 2021/22, £80,235 in all.
UPLOAD_CSV = ("Service,Provider,Commissioning type,2021/22 budget (£)\n"
              "Deployment check helpline,Two Process Trust,Grant funding,12345\n"
              "Deployment check advocacy,Sticky Session Ltd,Grant funding,67890\n").encode("utf-8")


def run(coroutine):
    # In a thread of its own: the browser tests' Playwright keeps an event loop running in
    # this one for the whole session, and asyncio.run refuses to start beside it.
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="module")
def fresh_database():
    """A database of its own on the test server, with the bundled datasets; dropped at the end."""
    url = postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL server: set TEST_DATABASE_URL or run scripts/start_test_postgres.sh")
    target = make_url(database_url(url)).set(database=f"victims_deploy_{uuid.uuid4().hex[:10]}")
    maintenance = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with maintenance.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    except Exception as error:  # noqa: BLE001 - unreachable means skip (a failure in CI)
        maintenance.dispose()
        pytest.skip(f"PostgreSQL at {url} is not usable: {error}")
    fresh = target.render_as_string(hide_password=False)
    try:
        engine = store.make_engine(fresh)
        load_bundled(engine)
        engine.dispose()
        yield fresh
    finally:
        with maintenance.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        maintenance.dispose()


@pytest.fixture(scope="module")
def pair(fresh_database, tmp_path_factory, request):
    nginx = find_nginx()
    if nginx is None:
        why = "nginx is not installed (apt-get install -y nginx; .ci/run installs it)"
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail(f"required service missing in CI: {why}")
        pytest.skip(why)
    folder = tmp_path_factory.mktemp("pair")
    secrets = folder / "secrets.toml"
    hashes = {name: bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode()
              for name, password in ((UPLOADER, UPLOADER_PASSWORD), (GUESSED, GUESSED_PASSWORD))}
    secrets.write_text("[staff_accounts]\n" + "".join(f'{name} = "{hashed}"\n' for name, hashed in hashes.items()))
    with running_pair(fresh_database, folder, secrets_file=secrets, nginx=nginx,
                      env={"SPEND_SNAPSHOT_DIR": str(folder / "snapshots")}) as started:
        failed_before = request.session.testsfailed
        yield started
        if request.session.testsfailed > failed_before:
            print(started.logs())  # shown with the failure: what each process said
    for pid in started.pids.values():
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def affinity_cookie(pair, backend_index: int) -> dict[str, str]:
    """An affinity cookie nginx hashes to this process, found by asking it (it says who answered)."""
    wanted = f"127.0.0.1:{pair.backends[backend_index].port}"
    for attempt in range(64):
        cookie = {"dashboard_backend": f"probe-{attempt}"}
        answered = requests.get(f"{pair.url}/_stcore/health", cookies=cookie, timeout=10)
        if answered.headers.get("X-Dashboard-Backend") == wanted:
            return cookie
    raise AssertionError(f"no affinity cookie of 64 reached {wanted}")


def tab(pair, backend_index: int, name: str) -> DashboardSession:
    return DashboardSession(pair.url, cookies=affinity_cookie(pair, backend_index), name=name)


async def sign_in(page: DashboardSession, user: str, password: str):
    form = page.last_run
    return await page.click(form.button("Sign in"),
                            with_values={"sign_in_username": user, "sign_in_password": password})


def test_everything_listens_on_loopback_only(pair):
    for service in [*pair.backends, pair.nginx]:
        listening = [c.laddr for c in psutil.Process(service.process.pid).net_connections(kind="inet")
                     if c.status == psutil.CONN_LISTEN]
        for child in psutil.Process(service.process.pid).children(recursive=True):
            listening += [c.laddr for c in child.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
        assert listening, f"{service.name} listens nowhere"
        assert {address.ip for address in listening} == {"127.0.0.1"}, f"{service.name}: {listening}"


def test_a_file_stored_through_process_a_is_shown_by_process_b(pair, fresh_database):
    async def story():
        async with tab(pair, 0, "staff on A") as staff, tab(pair, 1, "viewer on B") as viewer:
            assert staff.backend != viewer.backend
            await staff.open("upload")
            signed_in = await sign_in(staff, UPLOADER, UPLOADER_PASSWORD)
            assert f"Signed in as **{UPLOADER}**" in signed_in.text(), signed_in.text()[:1500]
            previewed = await staff.upload("upload_file_0", "deployshire_2021-22.csv", UPLOAD_CSV,
                                           other_values={"upload_area": AREA})
            assert "2 amounts" in previewed.text(), previewed.text()[:3000]
            stored = await staff.click(previewed.button("Store 2 amounts"))
            assert "Stored '" in stored.text() and f"uploaded by {UPLOADER}" in stored.text(), stored.text()[:3000]
            assert not stored.errors()

            # Process B has its own caches; the store's version tells it the data changed.
            data_page = await viewer.open("data", f"area={AREA}")
            return staff.session_id, data_page

    staff_session, data_page = run(story())
    assert "**2 lines** over 2021/22, totalling **£80,235**" in data_page.text(), data_page.text()[:3000]
    assert not data_page.errors()

    # The open-data API answers through nginx too, from whichever process, with the new lines.
    api = requests.get(f"{pair.url}/api/v1/spend", params={"area": AREA}, timeout=10)
    assert api.status_code == 200, api.text[:500]
    assert api.json()["total_lines"] == 2 and round(api.json()["total_gbp"]) == 80235, api.text[:500]

    engine = store.make_engine(fresh_database)
    try:
        listed = store.list_datasets(engine, current_only=True)
    finally:
        engine.dispose()
    ours = listed.loc[listed["area"].eq(AREA)]
    assert len(ours) == 1 and ours["uploaded_by"].iloc[0] == UPLOADER
    assert len(listed) == len(bundled_entries()) + 1

    # Why the sessions must be sticky: the other process does not know this session.
    upload_url = f"{pair.backend_urls[1]}/_stcore/upload_file/{staff_session}/{uuid.uuid4()}"
    token = requests.get(f"{pair.backend_urls[1]}/_stcore/health", timeout=10).cookies.get("_streamlit_xsrf")
    refused = requests.put(upload_url, files={"file": ("x.csv", UPLOAD_CSV)}, headers={"X-Xsrftoken": token},
                           cookies={"_streamlit_xsrf": token}, timeout=10)
    assert refused.status_code == 400 and "Invalid session_id" in refused.text


def test_failed_sign_ins_through_process_a_lock_the_account_on_process_b(pair, fresh_database):
    async def story():
        async with tab(pair, 0, "guesser on A") as guesser, tab(pair, 1, "owner on B") as owner:
            assert guesser.backend != owner.backend
            await guesser.open("upload")
            answers = []
            for attempt in range(FAILURES_BEFORE_LOCK):
                answered = await sign_in(guesser, GUESSED, f"wrong guess {attempt}")
                answers.append(answered.errors())
            await owner.open("upload")
            # The right password, on the other process, while the name is locked.
            locked = await sign_in(owner, GUESSED, GUESSED_PASSWORD)
            return answers, locked

    answers, locked = run(story())
    assert answers == [[f"error: {NO_MATCH}"]] * FAILURES_BEFORE_LOCK
    assert any(f"Too many failed attempts for '{GUESSED}'" in error for error in locked.errors()), locked.text()
    assert "Signed in as" not in locked.text()
    engine = store.make_engine(fresh_database)
    try:
        assert seconds_locked(engine, GUESSED) > 0
    finally:
        engine.dispose()


def test_the_processes_are_gone_when_the_pair_is_stopped(fresh_database, tmp_path):
    if find_nginx() is None:
        pytest.skip("nginx is not installed (apt-get install -y nginx; .ci/run installs it)")
    with running_pair(fresh_database, tmp_path) as started:
        pids = started.pids
        ports = [service.port for service in [*started.backends, started.nginx]]
        nginx_dir = started.nginx_dir
    for name, pid in pids.items():
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE, name
    for port in ports:
        with socket.socket() as probe:
            assert probe.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still answers"
    assert not nginx_dir.exists()
