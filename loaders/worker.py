"""Parse a file from someone else in a process of its own, under limits of memory, time and cells.

The readers are C and Rust underneath: a crafted file of a few KB can make
one allocate gigabytes or abort the whole process, and no Python check can
stop that once it has begun. So the parse runs in a child process with an
address-space limit, a CPU limit and a wall clock, at a lower priority; the
grids come back, and whatever goes wrong stays in the child. The server
(and every other person using it) only ever waits for the answer.

In a server, children are forked from a fork server that has already
imported the loaders, so each costs milliseconds rather than a fresh
interpreter, and never a copy of the dashboard's threads.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from loaders.errors import LoaderError
from loaders.limits import MAX_CELLS
from loaders.readers import Workbook, read_workbook

try:
    import resource
except ImportError:  # not on Windows: there the parse still runs apart, without OS limits
    resource = None

ENVIRONMENT = {
    "memory_mb": "VICTIMS_PARSE_MEMORY_MB",
    "seconds": "VICTIMS_PARSE_SECONDS",
    "cells": "VICTIMS_PARSE_MAX_CELLS",
    "workers": "VICTIMS_PARSE_WORKERS",
}
MAX_CELL_CHARACTERS = 32_767  # Excel's own limit for one cell
_NICENESS = 10  # below the server's own threads, so rendering pages comes first


@dataclass(frozen=True)
class Limits:
    """What one file may cost. Memory is counted beyond the worker's own start-up size."""

    memory_mb: int = 1024
    seconds: float = 30.0
    cells: int = MAX_CELLS
    workers: int = 2  # files parsed at once by one server; more wait their turn

    @classmethod
    def from_settings(cls, settings: Mapping | None = None, environment: Mapping | None = None) -> Limits:
        """Environment variables first, then a mapping such as secrets.toml's [parse_limits]."""
        environment = os.environ if environment is None else environment
        settings = settings or {}
        values = {}
        for name, variable in ENVIRONMENT.items():
            raw = environment.get(variable, settings.get(name))
            if raw in (None, ""):
                continue
            try:
                value = float(raw) if name == "seconds" else int(raw)
            except (TypeError, ValueError):
                raise LoaderError(f"{variable} / [parse_limits] {name} must be a number, not {raw!r}",
                                  code="bad_option")
            if value <= 0:
                raise LoaderError(f"{variable} / [parse_limits] {name} must be above zero", code="bad_option")
            values[name] = value
        return cls(**values)


_fork_server = multiprocessing.get_context("forkserver")
_fork_server.set_forkserver_preload([__name__])
_fork = multiprocessing.get_context("fork")


def _context():
    # A process with one thread (the command line) forks itself: no fork server to start, 0.9 s
    # saved. Forking a server's many threads could copy a lock some other thread holds.
    return _fork if threading.active_count() == 1 else _fork_server
_slots: dict[int, threading.BoundedSemaphore] = {}
_slots_lock = threading.Lock()


def open_workbook(data: bytes, file_name: str, limits: Limits | None = None) -> Workbook:
    """Every sheet's grid, read in a limited worker; a LoaderError if the file is refused or breaks it."""
    limits = limits or Limits.from_settings()
    slot = _slot(limits.workers)
    if not slot.acquire(timeout=limits.seconds):
        raise LoaderError(f"the server is reading {limits.workers} other files; try again in a minute",
                          file=file_name, code="busy")
    try:
        return _parse_apart(data, file_name, limits)
    finally:
        slot.release()


def _slot(workers: int) -> threading.BoundedSemaphore:
    with _slots_lock:
        return _slots.setdefault(workers, threading.BoundedSemaphore(workers))


def _parse_apart(data: bytes, file_name: str, limits: Limits) -> Workbook:
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_parse, args=(sender, data, file_name, limits), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(limits.seconds):
            raise _took_too_long(file_name, limits)
        try:
            outcome, payload = receiver.recv()
        except (EOFError, OSError):
            child.join(timeout=5)
            raise _died(file_name, limits, child.exitcode)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(timeout=5)
    if outcome == "refused":
        raise LoaderError(**payload)
    if outcome == "memory":
        raise _too_much_memory(file_name, limits)
    return _workbook(file_name, payload)


def _parse(sender, data: bytes, file_name: str, limits: Limits) -> None:
    # In the child: limit, read every sheet, send the grids or the refusal, and go.
    _limit_this_process(limits)
    try:
        book = read_workbook(data, file_name, max_cells=limits.cells)
        del data
        grids = {sheet: book.rows(sheet) for sheet in book.sheet_names}
        for sheet, grid in grids.items():
            _refuse_overlong_text(grid, file_name, sheet)
        payload = {
            "sheet_names": book.sheet_names,
            "grids": grids,
            "hidden_columns": {sheet: book.hidden_columns(sheet) for sheet in book.sheet_names},
            "hidden_rows": book.hidden_row_numbers,
            "unsaved_formulas": book.unsaved_formula_cells,
            "merged": book.merged,
        }
        sender.send(("read", payload))
    except LoaderError as refusal:
        sender.send(("refused", dict(problem=refusal.problem, file=refusal.file, sheet=refusal.sheet,
                                     row=refusal.row, column=refusal.column, code=refusal.code)))
    except MemoryError:
        sender.send(("memory", None))
    finally:
        sender.close()


def _refuse_overlong_text(grid: list[list], file_name: str, sheet: str) -> None:
    """No spreadsheet program writes a cell longer than Excel allows; one that is would be read, slowly, outside."""
    for row_index, row in enumerate(grid):
        column = next((i for i, value in enumerate(row)
                       if value.__class__ is str and len(value) > MAX_CELL_CHARACTERS), None)
        if column is not None:
            raise LoaderError(
                f"the cell holds {len(row[column]):,} characters, more than a spreadsheet cell can "
                f"({MAX_CELL_CHARACTERS:,}); shorten it, or delete it if it is not part of the table",
                file=file_name, sheet=sheet, row=row_index + 1, column=column, code="too_large",
            )


def _limit_this_process(limits: Limits) -> None:
    os.nice(_NICENESS)
    # A Rust reader that runs out of memory prints a backtrace before it aborts; the refusal is one line.
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    os.close(quiet)
    if resource is None:
        return
    start_up = _address_space_bytes()
    budget = start_up + limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (budget, budget))
    cpu = int(limits.seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _address_space_bytes() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 512 * 1024 * 1024  # a generous allowance for the interpreter and the loaders


def _workbook(file_name: str, payload: dict) -> Workbook:
    grids, hidden_columns = payload["grids"], payload["hidden_columns"]
    return Workbook(
        file_name=file_name, sheet_names=payload["sheet_names"], _reader=grids.__getitem__, _grids=grids,
        merged=payload["merged"], hidden=lambda sheet: hidden_columns.get(sheet, set()),
        hidden_row_numbers=payload["hidden_rows"], unsaved_formula_cells=payload["unsaved_formulas"],
    )


def _took_too_long(file_name: str, limits: Limits) -> LoaderError:
    return LoaderError(f"reading the file took longer than the limit of {limits.seconds:g} seconds, so it was "
                       "stopped; save it again from Excel with only the table, or split it",
                       file=file_name, code="took_too_long")


def _too_much_memory(file_name: str, limits: Limits) -> LoaderError:
    return LoaderError(f"reading the file needed more than the limit of {limits.memory_mb:,} MB of memory, "
                       "so it was stopped; save it again from Excel with only the table, or split it",
                       file=file_name, code="too_much_memory")


def _died(file_name: str, limits: Limits, exit_code: int | None) -> LoaderError:
    # An allocation the address-space limit refused ends Rust and C code with abort(), or a segfault.
    if exit_code in (-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS, -signal.SIGKILL):
        return _too_much_memory(file_name, limits)
    if exit_code == -signal.SIGXCPU:
        return _took_too_long(file_name, limits)
    return LoaderError(f"the file could not be read: the reader stopped (exit code {exit_code})",
                       file=file_name, code="unreadable")
