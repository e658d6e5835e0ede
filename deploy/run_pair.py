"""Two dashboard processes on one PostgreSQL behind nginx, all on 127.0.0.1.

    DATABASE_URL=postgresql://... .venv/bin/python deploy/run_pair.py [--port 8080]

starts `python -m streamlit run app.py` (the dashboard and its /api/v1) twice, on two free loopback
ports, fills deploy/nginx.conf with them and starts nginx in front, listening
on 127.0.0.1:PORT; then waits until Ctrl-C and stops all three. The test
(tests/deploy/test_two_processes.py) and the load test (bench/bench_many_users.py)
use `running_pair()` the same way.

Each process runs in a process group of its own, so stopping it also stops
what it started (the parse workers of loaders/worker.py); `running_pair`
stops everything it started however its block ends.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf"
LOOPBACK = "127.0.0.1"
START_TIMEOUT_S = 60
# server.maxUploadSize in .streamlit/config.toml, plus room for the multipart framing.
MAX_BODY_MB = 51


class DeployError(RuntimeError):
    """A process of the pair did not start or answer; the message carries its log."""


def find_nginx() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(path, os.X_OK)), None)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def nginx_config(listen_port: int, backend_ports: tuple[int, int], run_dir: Path) -> str:
    """deploy/nginx.conf with its @NAME@ placeholders filled."""
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in {"LISTEN_PORT": listen_port, "PORT_A": backend_ports[0], "PORT_B": backend_ports[1],
                        "RUN_DIR": run_dir, "MAX_BODY_MB": MAX_BODY_MB}.items():
        text = text.replace(f"@{name}@", str(value))
    leftover = [line.strip() for line in text.splitlines()
                if re.search(r"@[A-Z_]+@", line) and not line.lstrip().startswith("#")]
    if leftover:
        raise DeployError(f"deploy/nginx.conf has a placeholder run_pair.py does not fill: {leftover[0]}")
    return text


@dataclass
class Service:
    """One started process: what it is, its process, where its output goes."""

    name: str
    process: subprocess.Popen
    log_path: Path
    port: int

    def log_tail(self, characters: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-characters:]
        except OSError:
            return ""


@dataclass
class Pair:
    url: str
    backends: list[Service]
    nginx: Service
    run_dir: Path
    nginx_dir: Path
    extra: dict = field(default_factory=dict)

    @property
    def backend_urls(self) -> list[str]:
        return [f"http://{LOOPBACK}:{backend.port}" for backend in self.backends]

    @property
    def pids(self) -> dict[str, int]:
        return {service.name: service.process.pid for service in [*self.backends, self.nginx]}

    def logs(self) -> str:
        parts = [f"--- {service.name} ({service.log_path}):\n{service.log_tail()}"
                 for service in [*self.backends, self.nginx]]
        error_log = self.nginx_dir / "error.log"
        if error_log.exists():
            parts.append(f"--- nginx error.log:\n{error_log.read_text(errors='replace')[-3000:]}")
        return "\n".join(parts)


def _start(name: str, command: list[str], log_path: Path, port: int, env: dict[str, str]) -> Service:
    with log_path.open("wb") as log:
        # A session of its own: the whole group is stopped at the end, children included.
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    return Service(name, process, log_path, port)


def _stop(service: Service) -> None:
    if service.process.poll() is not None:
        return
    try:
        os.killpg(service.process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        service.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
    # Whatever is left of the group (a worker the server did not stop) goes too.
    try:
        os.killpg(service.process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        service.process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


def wait_until_healthy(url: str, services: list[Service], timeout_s: float = START_TIMEOUT_S) -> None:
    """Until GET url/_stcore/health says ok; DeployError if a process exits or time runs out."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for service in services:
            if service.process.poll() is not None:
                raise DeployError(f"{service.name} exited with {service.process.returncode}:\n{service.log_tail()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except (OSError, urllib.error.HTTPError):
            pass
        time.sleep(0.2)
    raise DeployError(f"{url} did not answer /_stcore/health within {timeout_s:.0f} s:\n"
                      + "\n".join(service.log_tail() for service in services))


def streamlit_command(port: int, secrets_file: Path | None = None) -> list[str]:
    command = [sys.executable, "-m", "streamlit", "run", "app.py",
               "--server.port", str(port), "--server.address", LOOPBACK, "--server.headless", "true",
               "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"]
    if secrets_file is not None:
        command += ["--secrets.files", str(secrets_file)]
    return command


@contextmanager
def running_pair(database_url: str, run_dir: Path, *, listen_port: int | None = None,
                 backend_ports: tuple[int, int] | None = None, secrets_file: Path | None = None,
                 env: dict[str, str] | None = None, nginx: str | None = None) -> Iterator[Pair]:
    """Start the two processes and nginx; yield the Pair; stop all three whatever happens."""
    nginx = nginx or find_nginx()
    if nginx is None:
        raise DeployError("nginx is not installed: apt-get install -y nginx")
    run_dir.mkdir(parents=True, exist_ok=True)
    backend_ports = backend_ports or (free_port(), free_port())
    listen_port = listen_port or free_port()
    # nginx's workers drop root for 'nobody' and must reach their scratch
    # folders; a test's tmp dir is private to its owner, so nginx gets its own.
    nginx_dir = Path(tempfile.mkdtemp(prefix="victims-nginx-"))
    os.chmod(nginx_dir, 0o755)
    process_env = {**os.environ, **(env or {}), "DATABASE_URL": database_url}
    started: list[Service] = []
    with ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, nginx_dir, ignore_errors=True)
        cleanup.callback(lambda: [_stop(service) for service in reversed(started)])
        for letter, port in zip("AB", backend_ports):
            started.append(_start(f"dashboard {letter}", streamlit_command(port, secrets_file),
                                  run_dir / f"dashboard_{letter}.log", port, process_env))
        config_path = nginx_dir / "nginx.conf"
        config_path.write_text(nginx_config(listen_port, backend_ports, nginx_dir), encoding="utf-8")
        started.append(_start("nginx", [nginx, "-p", str(nginx_dir), "-e", str(nginx_dir / "error.log"),
                                        "-c", str(config_path)],
                              run_dir / "nginx.log", listen_port, process_env))
        pair = Pair(url=f"http://{LOOPBACK}:{listen_port}", backends=started[:2], nginx=started[2],
                    run_dir=run_dir, nginx_dir=nginx_dir)
        for url in pair.backend_urls:
            wait_until_healthy(url, started)
        wait_until_healthy(pair.url, started)
        yield pair


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080, help="where nginx listens on 127.0.0.1 (default 8080)")
    parser.add_argument("--backend-ports", default=None, help="the two dashboard ports, e.g. 8501,8502 (default: free ones)")
    parser.add_argument("--run-dir", type=Path, default=REPO / "data" / "run_pair",
                        help="where the processes' logs go (default data/run_pair)")
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgresql"):
        print("error: set DATABASE_URL to the PostgreSQL store both processes share "
              "(an SQLite file is for one process on one machine)", file=sys.stderr)
        return 2
    ports = tuple(int(p) for p in args.backend_ports.split(",")) if args.backend_ports else None
    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    try:
        with running_pair(database_url, args.run_dir, listen_port=args.port, backend_ports=ports) as pair:
            print(f"Serving {pair.url} (nginx) in front of {', '.join(pair.backend_urls)}; "
                  f"logs in {args.run_dir}. Ctrl-C stops all three.", flush=True)
            while not stop["now"]:
                for service in [*pair.backends, pair.nginx]:
                    if service.process.poll() is not None:
                        print(f"error: {service.name} exited with {service.process.returncode}; stopping.\n"
                              f"{service.log_tail()}", file=sys.stderr)
                        return 1
                time.sleep(1)
    except KeyboardInterrupt:
        pass
    except DeployError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
