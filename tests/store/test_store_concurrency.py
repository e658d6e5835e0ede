"""Two people uploading at the same moment must both have their files stored."""
from __future__ import annotations

from store import list_datasets, load_spend
from store_testdata import engine_url, store_framework, tidy_lines
from tests.together import run_together, wait_together

DATASETS_PER_WRITER = 10


def save_ten_datasets(url: str, writer: str, start_together, _outcomes) -> None:
    # Runs in a child process, so it opens its own engine on the same database.
    from store import make_engine

    engine = make_engine(url)
    wait_together(start_together)
    for number in range(DATASETS_PER_WRITER):
        store_framework(
            engine, user=writer, name=f"{writer}'s upload {number}",
            original_bytes=f"{writer}-{number}".encode(),
        )
    engine.dispose()


def test_two_processes_saving_at_once_lose_nothing(engine):
    exit_codes, _ = run_together(save_ten_datasets,
                                 [(engine_url(engine), writer) for writer in ("alice", "bob")], timeout=120)

    assert exit_codes == [0, 0]
    stored = list_datasets(engine)
    assert sorted(stored["uploaded_by"].value_counts().tolist()) == [10, 10]
    assert len(load_spend(engine)) == 2 * DATASETS_PER_WRITER * len(tidy_lines())
