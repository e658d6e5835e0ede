"""Many users on the nginx pair: 30 viewers changing filters every 10 s while one member of staff uploads.

    .venv/bin/python bench/bench_many_users.py [--duration 300] [--viewers 30] [--interval 10]
                                               [--upload-every 60] [--no-fail] [--write-docs]

Not part of `make test`: it takes the whole machine for its duration.
The national store (bench/make_national_workbook.py: 43 forces, about 100,000
amounts, one dataset per force as bench_dashboard.py builds it) is written
into a fresh PostgreSQL database (TEST_DATABASE_URL, else the local test
server of scripts/start_test_postgres.sh), dropped at the end. deploy/run_pair.py
serves it from two dashboard processes behind nginx on 127.0.0.1.

Each viewer is a tab driven over Streamlit's websocket protocol
(deploy/session_client.py) through nginx, with no cookie to begin with, so
nginx spreads them as it spreads browsers. Viewer i opens the Overview for one
force (every fifth for all areas), then every `--interval` seconds, staggered
so that the changes arrive evenly, picks the next strategic area (every fifth
change a year range instead). One staff tab signs in on Upload and stores a
new small framework every `--upload-every` seconds, so every viewer's next
rerun meets a changed store and reads the spend lines again.

Measured: the time from sending a filter change to the rerun's script_finished
message (p50, p95, slowest), per process; error pages (an exception or st.error
on a viewer's page, or a run that did not finish successfully); sessions lost
(the websocket closed, or a run not finished within 120 s; the viewer then
opens a new tab and goes on); the upload times; each dashboard process's RSS
after the first minute and at the end.

Targets: p95 <= 2 s, no error page, no session lost, RSS at the end within 10%
of its level after the first minute. Exits 1 if one is missed, unless --no-fail.
--write-docs puts the table into docs/deploying.md between its bench markers.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
for folder in (REPO, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from benchmarking import MB, Verdicts, machine_line  # noqa: E402

P95_TARGET_S = 2.0
RSS_DRIFT = 0.10
FIRST_MINUTE_S = 60
DOCS = REPO / "docs" / "deploying.md"
DOCS_START, DOCS_END = "<!-- bench_many_users:start -->", "<!-- bench_many_users:end -->"
STAFF, STAFF_PASSWORD = "benchstaff", "a long benchmark password"


@dataclass
class Figures:
    changes: list[tuple[str, float]] = field(default_factory=list)  # (backend, seconds)
    # Seconds of each change that was the tab's first since a staff upload changed the store:
    # that rerun reads every spend line again (the caches are keyed on the store's version).
    after_write: list[float] = field(default_factory=list)
    first_renders: list[float] = field(default_factory=list)
    error_pages: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    uploads: list[float] = field(default_factory=list)
    uploads_under_way: list[int] = field(default_factory=list)
    upload_problems: list[str] = field(default_factory=list)
    backends: dict[str, int] = field(default_factory=dict)  # viewers per backend


# --- the store and the pair ---------------------------------------------------------------------


def server_url(given: str | None) -> str:
    from tests.postgres_server import postgres_url

    url = given or postgres_url()
    if not url:
        raise SystemExit("bench_many_users: no PostgreSQL: set TEST_DATABASE_URL or run "
                         "scripts/start_test_postgres.sh")
    return url


def create_database(url: str) -> tuple[str, object]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from store.engine import database_url

    target = make_url(database_url(url)).set(database=f"victims_bench_{uuid.uuid4().hex[:10]}")
    maintenance = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with maintenance.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{target.database}"'))

    def drop() -> None:
        with maintenance.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        maintenance.dispose()

    return target.render_as_string(hide_password=False), drop


def staff_secrets(folder: Path) -> Path:
    import bcrypt

    hashed = bcrypt.hashpw(STAFF_PASSWORD.encode(), bcrypt.gensalt(rounds=12)).decode()
    path = folder / "secrets.toml"
    path.write_text(f'[staff_accounts]\n{STAFF} = "{hashed}"\n', encoding="utf-8")
    return path


class RssSampler:
    """Each dashboard process's RSS (its children, the parse workers, apart) once a second."""

    def __init__(self, pair) -> None:
        import psutil

        self.processes = {service.name: psutil.Process(service.process.pid) for service in pair.backends}
        self.samples: dict[str, list[tuple[float, float]]] = {name: [] for name in self.processes}
        self.started = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            elapsed = time.monotonic() - self.started
            for name, process in self.processes.items():
                try:
                    self.samples[name].append((elapsed, process.memory_info().rss / MB))
                except Exception:  # noqa: BLE001 - a dead process shows as missing samples
                    pass
            self._stop.wait(1.0)

    def at(self, name: str, seconds: float) -> float:
        """The sample nearest to `seconds` after the start."""
        samples = self.samples[name]
        return min(samples, key=lambda sample: abs(sample[0] - seconds))[1] if samples else float("nan")

    def last(self, name: str) -> float:
        return self.samples[name][-1][1] if self.samples[name] else float("nan")

    def peak(self, name: str) -> float:
        return max((rss for _, rss in self.samples[name]), default=float("nan"))


# --- the simulated people ------------------------------------------------------------------------


async def viewer(index: int, url: str, args, figures: Figures, deadline: float, areas: list[str]) -> None:
    from deploy.session_client import DashboardSession, SessionLost

    query = "area=all" if index % 5 == 4 else f"area={areas[index % len(areas)]}"
    name = f"viewer {index}"
    # Staggered: the viewers' changes arrive evenly over each interval, not all at once.
    next_change = time.monotonic() + args.interval * (index / args.viewers)
    change = 0
    while time.monotonic() < deadline:
        tab = DashboardSession(url, name=name)
        try:
            await tab.connect()
            figures.backends[tab.backend] = figures.backends.get(tab.backend, 0) + 1
            opened = await tab.open("", query)
            figures.first_renders.append(opened.seconds)
            if opened.errors() or opened.status != "FINISHED_SUCCESSFULLY":
                figures.error_pages.append(f"{name} first render: {opened.status} {opened.errors()[:1]}")
            uploads_seen = len(figures.uploads)
            while True:
                await asyncio.sleep(max(0.0, next_change - time.monotonic()))
                if time.monotonic() >= deadline:
                    return
                next_change += args.interval
                writes_before = len(figures.uploads) + len(figures.uploads_under_way)
                run = await _change_a_filter(tab, change)
                change += 1
                figures.changes.append((tab.backend, run.seconds))
                if writes_before > uploads_seen:
                    figures.after_write.append(run.seconds)
                uploads_seen = len(figures.uploads)
                if run.errors() or run.status != "FINISHED_SUCCESSFULLY":
                    figures.error_pages.append(f"{name}: {run.status} {run.errors()[:1]}")
        except SessionLost as lost:
            figures.lost.append(str(lost))
        except Exception as error:  # noqa: BLE001 - counted as a lost session, with what happened
            figures.lost.append(f"{name}: {type(error).__name__}: {error}")
        finally:
            await tab.close()


async def _change_a_filter(tab, change: int):
    page = tab.last_run
    if change % 5 == 4:
        years = page.widget("filter_years", "slider")
        options = list(years.proto.options)
        if len(options) > 2:
            start = (change // 5) % (len(options) - 1)
            return await tab.set_widget("filter_years", [options[start], options[-1]])
    strategic = list(page.widget("filter_strategic_areas", "multiselect").proto.options)
    choices = [[option] for option in strategic] + [[]]
    return await tab.set_widget("filter_strategic_areas", choices[change % len(choices)])


def upload_csv(number: int) -> bytes:
    # A small framework for a new area each time: new bytes (a new sha256), no overlap to settle.
    lines = ["Service,Provider,Strategic area,Commissioning type,2021/22 budget (£),2022/23 budget (£)"]
    for line in range(40):
        lines.append(f"Bench service {number}-{line},Bench provider {line % 7},"
                     f"{['Victims', 'Prevention', 'Cross Cutting'][line % 3]},Grant funding,"
                     f"{10_000 + 137 * line + number},{11_000 + 139 * line + number}")
    return ("\n".join(lines) + "\n").encode("utf-8")


async def staff(url: str, args, figures: Figures, deadline: float) -> None:
    from deploy.session_client import DashboardSession

    async with DashboardSession(url, name="staff") as tab:
        await tab.open("upload")
        page = await tab.click(tab.last_run.button("Sign in"),
                               with_values={"sign_in_username": STAFF, "sign_in_password": STAFF_PASSWORD})
        if "Signed in as" not in page.text():
            figures.upload_problems.append(f"sign-in failed: {page.errors()}")
            return
        number = 0
        next_upload = time.monotonic() + min(args.upload_every, 15)
        while True:
            await asyncio.sleep(max(0.0, next_upload - time.monotonic()))
            if time.monotonic() >= deadline:
                return
            next_upload += args.upload_every
            number += 1
            started = time.perf_counter()
            try:
                key = next(e.widget_id.rsplit("-", 1)[-1] for e in tab.last_run.elements
                           if e.kind == "file_uploader")
                previewed = await tab.upload(key, f"bench_upload_{number}.csv", upload_csv(number),
                                             other_values={"upload_area": f"Bench upload area {number}"})
                figures.uploads_under_way.append(number)
                stored = await tab.click(previewed.button("Store "))
                figures.uploads_under_way.remove(number)
            except Exception as error:  # noqa: BLE001 - reported, the run goes on
                if number in figures.uploads_under_way:
                    figures.uploads_under_way.remove(number)
                figures.upload_problems.append(f"upload {number}: {type(error).__name__}: {error}")
                continue
            if "Stored '" in stored.text():
                figures.uploads.append(time.perf_counter() - started)
            else:
                figures.upload_problems.append(f"upload {number}: not stored: {stored.errors()[:1]}")


async def drive(url: str, args, figures: Figures) -> None:
    from deploy.session_client import DashboardSession

    async with DashboardSession(url, name="area list") as probe:
        opened = await probe.open()
        areas = [a for a in opened.widget("filter_area", "selectbox").proto.options if a != "All areas"]
    deadline = time.monotonic() + args.duration
    tasks = [viewer(index, url, args, figures, deadline, areas) for index in range(args.viewers)]
    tasks.append(staff(url, args, figures, deadline))
    await asyncio.gather(*tasks)


# --- the report ------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))]


def _without(values: list[float], taken: list[float]) -> list[float]:
    rest = list(values)
    for value in taken:
        rest.remove(value)
    return rest


def report(args, figures: Figures, rss: RssSampler, built: dict, pair_ports: dict[str, str]) -> tuple[str, Verdicts]:
    seconds = [s for _, s in figures.changes]
    mark = min(FIRST_MINUTE_S, args.duration / 2)
    rows = [
        f"{args.viewers} viewers, a filter change every {args.interval:g} s each, for {args.duration:g} s; "
        f"one staff upload every {args.upload_every:g} s; national store of {built['amounts']:,} amounts "
        f"({built['datasets']} datasets) on PostgreSQL; two processes behind nginx on 127.0.0.1",
        f"{machine_line()}",
        "",
        "| measure | figure |",
        "| --- | --- |",
        f"| filter changes measured | {len(seconds)} |",
        f"| change to script finished, p50 | {statistics.median(seconds) * 1000:.0f} ms |" if seconds else
        "| change to script finished, p50 | none measured |",
        f"| change to script finished, p95 | {percentile(seconds, 0.95) * 1000:.0f} ms |",
        f"| change to script finished, slowest | {max(seconds, default=float('nan')) * 1000:.0f} ms |",
        f"| p95 of the {len(figures.after_write)} changes that were a tab's first after an upload | "
        f"{percentile(figures.after_write, 0.95) * 1000:.0f} ms |",
        f"| p95 of the other {len(seconds) - len(figures.after_write)} changes | "
        f"{percentile(_without(seconds, figures.after_write), 0.95) * 1000:.0f} ms |",
    ]
    for backend in sorted({b for b, _ in figures.changes}):
        mine = [s for b, s in figures.changes if b == backend]
        name = pair_ports.get(backend, backend)
        rows.append(f"| p95 on {name} ({len(mine)} changes, {figures.backends.get(backend, 0)} tabs) | "
                    f"{percentile(mine, 0.95) * 1000:.0f} ms |")
    rows += [
        f"| first render of a new tab, p95 | {percentile(figures.first_renders, 0.95) * 1000:.0f} ms |",
        f"| uploads stored (upload, preview, store) | {len(figures.uploads)}, slowest "
        f"{max(figures.uploads, default=float('nan')):.1f} s |",
        f"| error pages | {len(figures.error_pages)} |",
        f"| sessions lost | {len(figures.lost)} |",
    ]
    for name in rss.processes:
        first, last = rss.at(name, mark), rss.last(name)
        rows.append(f"| RSS of {name}: after {mark:.0f} s / at the end / peak | "
                    f"{first:.0f} MB / {last:.0f} MB ({(last - first) / first * 100:+.1f}%) / {rss.peak(name):.0f} MB |")
    verdicts = Verdicts()
    p95 = percentile(seconds, 0.95)
    verdicts.check(f"p95 filter change <= {P95_TARGET_S:g} s", bool(seconds) and p95 <= P95_TARGET_S,
                   f"{p95:.2f} s over {len(seconds)} changes")
    verdicts.check("no error page", not figures.error_pages, "; ".join(figures.error_pages[:3]) or "none")
    verdicts.check("no session lost", not figures.lost, "; ".join(figures.lost[:3]) or "none")
    verdicts.check("every upload stored", bool(figures.uploads) and not figures.upload_problems,
                   "; ".join(figures.upload_problems[:3]) or f"{len(figures.uploads)} stored")
    for name in rss.processes:
        first, last = rss.at(name, mark), rss.last(name)
        verdicts.check(f"{name} RSS at the end within {RSS_DRIFT:.0%} of after {mark:.0f} s",
                       abs(last - first) <= RSS_DRIFT * first, f"{first:.0f} MB -> {last:.0f} MB")
    return "\n".join(rows), verdicts


def write_docs(table: str, verdicts: Verdicts) -> None:
    text = DOCS.read_text(encoding="utf-8")
    if DOCS_START not in text or DOCS_END not in text:
        raise SystemExit(f"bench_many_users: {DOCS} has no {DOCS_START} ... {DOCS_END} block to fill")
    block = f"{DOCS_START}\n{table}\n\n```\n{verdicts.report()}\n```\n{DOCS_END}"
    DOCS.write_text(re.sub(re.escape(DOCS_START) + ".*?" + re.escape(DOCS_END), lambda _: block, text,
                           flags=re.S), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=300, help="seconds of load (default 300)")
    parser.add_argument("--viewers", type=int, default=30)
    parser.add_argument("--interval", type=float, default=10, help="seconds between one viewer's changes")
    parser.add_argument("--upload-every", type=float, default=60, help="seconds between staff uploads")
    parser.add_argument("--database-url", default=None, help="the PostgreSQL server (default TEST_DATABASE_URL)")
    parser.add_argument("--no-fail", action="store_true", help="report only; exit 0 even if a target is missed")
    parser.add_argument("--logs", type=Path, default=BENCH / "out" / "many_users_logs",
                        help="where the processes' logs are kept (default bench/out/many_users_logs)")
    parser.add_argument("--write-docs", action="store_true", help="put the table into docs/deploying.md")
    args = parser.parse_args(argv)

    from bench_dashboard import build_store
    from deploy.run_pair import find_nginx, running_pair

    if find_nginx() is None:
        raise SystemExit("bench_many_users: nginx is not installed (apt-get install -y nginx)")
    url, drop_database = create_database(server_url(args.database_url))
    try:
        with tempfile.TemporaryDirectory(prefix="bench-many-users-") as folder:
            folder = Path(folder)
            started = time.perf_counter()
            built = build_store(url)
            print(f"bench_many_users: national store of {built['amounts']:,} amounts stored as "
                  f"{built['datasets']} datasets ({time.perf_counter() - started:.0f} s)", flush=True)
            with running_pair(url, args.logs, secrets_file=staff_secrets(folder),
                              env={"SPEND_SNAPSHOT_DIR": str(folder / "snapshots")}) as pair:
                ports = {f"127.0.0.1:{service.port}": service.name for service in pair.backends}
                print(f"  serving {pair.url} in front of {', '.join(pair.backend_urls)}; "
                      f"{args.viewers} viewers for {args.duration:g} s...", flush=True)
                figures = Figures()
                with RssSampler(pair) as rss:
                    asyncio.run(drive(pair.url, args, figures))
                table, verdicts = report(args, figures, rss, built, ports)
                for service in pair.backends:
                    if service.process.poll() is not None:
                        verdicts.check(f"{service.name} still running", False, f"exit {service.process.returncode}")
    finally:
        drop_database()
    print(table)
    print(verdicts.report())
    if figures.error_pages:
        print(f"  the processes' logs, with each error page's traceback: {args.logs}")
    if args.write_docs:
        write_docs(table, verdicts)
        print(f"  figures written into {DOCS.relative_to(REPO)}")
    if verdicts.failed:
        print(f"bench_many_users: {len(verdicts.failed)} target(s) missed: {', '.join(verdicts.failed)}")
        return 0 if args.no_fail else 1
    print("bench_many_users: all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
