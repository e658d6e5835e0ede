"""Holding off Python's cycle collector while a workbook is read.

A national workbook becomes a quarter of a million cell objects, and every
few thousand new objects the collector walks all of them looking for cycles
that a loader never makes: measured on the benchmark workbook, that was about
a fifth of the walk's time. The collector is paused only for the load, and
several loads at once (two uploads on one server) share one pause.
"""
from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_lock = threading.Lock()
_loads_running = 0
_was_enabled = False


@contextmanager
def collection_paused() -> Iterator[None]:
    global _loads_running, _was_enabled
    with _lock:
        if _loads_running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _loads_running += 1
    try:
        yield
    finally:
        with _lock:
            _loads_running -= 1
            if _loads_running == 0 and _was_enabled:
                gc.enable()
