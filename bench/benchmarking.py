"""Small helpers the benchmark scripts share: timing, peak memory, the verdict table."""
from __future__ import annotations

import gc
import os
import platform
import threading
import time
import tracemalloc
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Iterator

import psutil

MB = 1024 * 1024


def best_of(repeats: int, run: Callable[[], object]) -> tuple[float, object]:
    """Fastest wall time of `repeats` runs (the least disturbed by other work) and the last result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def best_of_prepared(repeats: int, prepare: Callable[[], object],
                     run: Callable[[object], object]) -> tuple[float, object]:
    """Like best_of, with `prepare()` run untimed before each run and its result handed to `run`.

    For a step that must start from fresh state every time (a workbook whose
    parsed-column cache is empty), without timing how that state is made.
    """
    best, result = float("inf"), None
    for _ in range(repeats):
        state = prepare()
        gc.collect()
        started = time.perf_counter()
        result = run(state)
        best = min(best, time.perf_counter() - started)
    return best, result


def best_of_alternating(repeats: int, runs: dict[str, Callable[[], object]]) -> dict[str, tuple[float, object]]:
    """Like best_of for several contenders, taking turns (A, B, A, B, ...).

    On a shared machine the load changes from second to second; alternating
    means a busy spell slows every contender alike instead of one whole block.
    """
    best = {name: (float("inf"), None) for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            seconds, result = best_of(1, run)
            if seconds < best[name][0] or best[name][1] is None:
                best[name] = (min(seconds, best[name][0]), result)
    return best


@dataclass
class PeakMemory:
    python_peak_mb: float = 0.0
    rss_before_mb: float = 0.0
    rss_peak_mb: float = 0.0

    @property
    def rss_growth_mb(self) -> float:
        return self.rss_peak_mb - self.rss_before_mb


@contextmanager
def peak_memory(trace_python: bool = True, interval_s: float = 0.005) -> Iterator[PeakMemory]:
    """Peak Python allocations (tracemalloc) and peak resident set size (psutil, sampled)."""
    process = psutil.Process()
    figures = PeakMemory()
    gc.collect()
    figures.rss_before_mb = figures.rss_peak_mb = process.memory_info().rss / MB
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            figures.rss_peak_mb = max(figures.rss_peak_mb, process.memory_info().rss / MB)
            stop.wait(interval_s)

    sampler = threading.Thread(target=sample, daemon=True)
    if trace_python:
        tracemalloc.start()
    sampler.start()
    try:
        yield figures
    finally:
        stop.set()
        sampler.join()
        figures.rss_peak_mb = max(figures.rss_peak_mb, process.memory_info().rss / MB)
        if trace_python:
            figures.python_peak_mb = tracemalloc.get_traced_memory()[1] / MB
            tracemalloc.stop()


@dataclass
class Verdicts:
    # (name, passed, detail, is_target): an aim (is_target False) is reported but never fails the run.
    lines: list[tuple[str, bool, str, bool]] = field(default_factory=list)

    def check(self, name: str, passed: bool, detail: str) -> None:
        self.lines.append((name, passed, detail, True))

    def aim(self, name: str, met: bool, detail: str) -> None:
        """Information only: shown as 'met'/'miss' beside the targets, not counted in `failed`."""
        self.lines.append((name, met, detail, False))

    @property
    def failed(self) -> list[str]:
        return [name for name, passed, _, is_target in self.lines if is_target and not passed]

    def report(self) -> str:
        width = max(len(name) for name, _, _, _ in self.lines)

        def status(passed: bool, is_target: bool) -> str:
            if is_target:
                return "PASS" if passed else "FAIL"
            return "met " if passed else "miss"

        return "\n".join(f"  {status(passed, is_target)}  {name:<{width}}  {detail}"
                         f"{'' if is_target else '  (aim, information only)'}"
                         for name, passed, detail, is_target in self.lines)


def machine_line() -> str:
    """Where and when: the figures only mean something next to the machine and its load."""
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; {platform.python_implementation()} "
            f"{platform.python_version()}; {os.cpu_count()} cores; load average {load} "
            f"(other work on the machine slows every figure alike)")
