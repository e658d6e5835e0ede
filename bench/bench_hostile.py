"""Seconds and peak memory of `python -m loaders FILE` for every file of the hostile corpus.

    .venv/bin/python bench/bench_hostile.py [--repo DIR] [--only NAME ...]

Each file runs in a fresh wrapper process that starts the CLI and, once it has
ended, reads resource.getrusage(RUSAGE_CHILDREN).ru_maxrss: the peak resident
memory of the largest process under the wrapper (the CLI or a parse worker it
started), not their sum. The limits are those of the test (VICTIMS_PARSE_SECONDS=10,
VICTIMS_PARSE_MEMORY_MB=768), the address space is capped at 4 GB as a guard for
the machine, and a run still going after 40 s is killed. The Appendix A control
file runs first, as the baseline every other time is read against. `--repo` runs
the loader of another checkout (say, `git archive HEAD` unpacked) on the same files.
Not part of `make test`.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOSTILE = REPO / "tests" / "data" / "hostile"
LIMITS = {"VICTIMS_PARSE_SECONDS": "10", "VICTIMS_PARSE_MEMORY_MB": "768"}
TIMEOUT_SECONDS = 40
SAFETY_CAP_BYTES = 4 * 1024 ** 3
BASELINE = "control_appendix_a.xlsx"

# Runs in its own interpreter, so RUSAGE_CHILDREN holds this one CLI run and nothing else.
WRAPPER = r"""
import json, os, resource, signal, subprocess, sys, time
timeout, cap, command = float(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
def limit():
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
started = time.monotonic()
process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit,
                           start_new_session=True)
try:
    out, err = process.communicate(timeout=timeout)
    code = process.returncode
except subprocess.TimeoutExpired:
    os.killpg(process.pid, signal.SIGKILL)
    out, err = process.communicate()
    code = None
seconds = time.monotonic() - started
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"code": code, "seconds": seconds, "peak_mb": peak_mb,
                  "stdout": out.decode("utf-8", "replace"), "stderr": err.decode("utf-8", "replace")}))
"""


def corpus(directory: Path) -> list[dict]:
    """The corpus files in `directory`, with the ones built at test time built there too."""
    spec = importlib.util.spec_from_file_location("build_hostile", HOSTILE / "build_hostile.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    expected = json.loads((HOSTILE / "expected.json").read_text(encoding="utf-8"))
    for item in expected:
        source, target = HOSTILE / item["file"], directory / item["file"]
        if item["built_at_test_time"]:
            target.write_bytes(build.TEST_TIME[item["file"]]())
        elif source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copyfile(source, target)
    return expected


def measure(path: Path, repo: Path) -> dict:
    command = [sys.executable, "-c", WRAPPER, str(TIMEOUT_SECONDS), str(SAFETY_CAP_BYTES),
               sys.executable, "-m", "loaders", str(path)]
    finished = subprocess.run(command, cwd=repo, env={**os.environ, **LIMITS}, capture_output=True,
                              text=True, timeout=TIMEOUT_SECONDS + 30)
    return json.loads(finished.stdout)


def outcome(result: dict) -> str:
    if result["code"] is None:
        return f"killed after {TIMEOUT_SECONDS} s"
    if result["code"] == 0:
        first = result["stdout"].splitlines()[0] if result["stdout"] else ""
        return "0 load: " + first.split(": ", 1)[-1][:60]
    lines = result["stderr"].strip().splitlines() or [""]
    last = lines[-1]
    words = " ".join(last.split(": ")[-1].split()[:8])
    if last.startswith("error ["):
        words = last[len("error "):last.index("]") + 1] + " " + words
    extra = f" ({len(lines)} stderr lines)" if len(lines) > 1 else ""
    return f"{result['code']} {words[:70]}{extra}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=REPO, help="checkout whose loader to run")
    parser.add_argument("--only", nargs="*", help="file names to run (default: all)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hostile_bench_") as temporary:
        directory = Path(temporary)
        expected = corpus(directory)
        names = [item["file"] for item in expected if not args.only or item["file"] in args.only]
        names = [BASELINE] + [name for name in names if name != BASELINE]
        results = {}
        print(f"{'file':<42} {'outcome':<84} {'seconds':>7} {'peak MB':>8}")
        for name in names:
            result = measure(directory / name, args.repo)
            results[name] = result
            print(f"{name:<42} {outcome(result):<84} {result['seconds']:>7.2f} {result['peak_mb']:>8.0f}",
                  flush=True)
        baseline = results[BASELINE]["seconds"]
        slowest = max(results, key=lambda name: results[name]["seconds"])
        print(f"\nbaseline {BASELINE}: {baseline:.2f} s; slowest {slowest}: "
              f"{results[slowest]['seconds']:.2f} s ({results[slowest]['seconds'] / baseline:.0f}x the baseline)")
        if args.json:
            args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
