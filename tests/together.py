"""Run a few child processes released at the same moment, and never leave one behind.

A child that dies before the barrier would leave the others waiting on it
for ever, and pytest, at exit, joins every live non-daemon child: one CI run
sat there until its 90 minutes were up. So the barrier has a timeout and any
child still running at the end is killed. (Not daemons: a child uploading a
file starts a parse worker of its own, which a daemon may not.)
"""
from __future__ import annotations

import multiprocessing
import queue as queues
import time
from typing import Any, Callable, Sequence

BARRIER_SECONDS = 120


def wait_together(barrier) -> None:
    """Called by each child once it is ready; raises BrokenBarrierError if a sibling never comes."""
    barrier.wait(timeout=BARRIER_SECONDS)


def run_together(target: Callable[..., None], argument_lists: Sequence[tuple],
                 *, timeout: float, collect: int = 0) -> tuple[list[int | None], list[Any]]:
    """Start `target(*arguments, barrier, queue)` in one spawned process per argument tuple.

    Returns the exit codes (negative for one that had to be killed) and the first
    `collect` items the children put on the queue, in the order they came.
    Spawn, not fork: a forked child would share the parent's open connections.
    """
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(argument_lists))
    queue = context.Queue()
    children = [context.Process(target=target, args=(*arguments, barrier, queue))
                for arguments in argument_lists]
    results: list[Any] = []
    try:
        for child in children:
            child.start()
        deadline = time.monotonic() + timeout
        while len(results) < collect and time.monotonic() < deadline:
            try:
                results.append(queue.get(timeout=0.5))
            except queues.Empty:
                if not any(child.is_alive() for child in children) and queue.empty():
                    break  # every child has ended; what never came never will
        for child in children:
            child.join(timeout=max(0.0, deadline - time.monotonic()) or 1)
    finally:
        for child in children:
            if child.is_alive():
                child.kill()
                child.join(timeout=10)
    return [child.exitcode for child in children], results
