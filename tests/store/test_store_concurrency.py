"""Two people uploading at the same moment must both have their files stored."""
from __future__ import annotations

import multiprocessing

from store import list_datasets, load_spend
from store_testdata import engine_url, store_framework, tidy_lines

DATASETS_PER_WRITER = 10


def save_ten_datasets(url: str, writer: str, start_together) -> None:
    # Runs in a child process, so it opens its own engine on the same database.
    from store import make_engine

    engine = make_engine(url)
    start_together.wait()
    for number in range(DATASETS_PER_WRITER):
        store_framework(
            engine, user=writer, name=f"{writer}'s upload {number}",
            original_bytes=f"{writer}-{number}".encode(),
        )
    engine.dispose()


def test_two_processes_saving_at_once_lose_nothing(engine):
    # spawn, not fork: a forked child would share the parent's open connections.
    context = multiprocessing.get_context("spawn")
    start_together = context.Barrier(2)
    writers = [
        context.Process(target=save_ten_datasets, args=(engine_url(engine), writer, start_together))
        for writer in ("alice", "bob")
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=120)

    assert [writer.exitcode for writer in writers] == [0, 0]
    stored = list_datasets(engine)
    assert sorted(stored["uploaded_by"].value_counts().tolist()) == [10, 10]
    assert len(load_spend(engine)) == 2 * DATASETS_PER_WRITER * len(tidy_lines())
