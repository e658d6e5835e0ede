"""Load the bundled real datasets (data/bundled.json) into an empty store.

`make run` calls this so a newcomer sees real published figures at once; it
does nothing when the store already holds data, so staff uploads are never
mixed with a second copy of the bundled files.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from sqlalchemy import Engine

from loaders import LoaderError, load_file
from store.catalogue import is_empty
from store.datasets import save_dataset
from store.engine import make_engine
from store.snapshot import current_spend_lines

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
MANIFEST = DATA_DIR / "bundled.json"
BUNDLED_BY = "bundled data (make run)"


def bundled_entries() -> list[dict]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def load_bundled(engine: Engine) -> list[int]:
    """Store every bundled dataset, in manifest order; returns their ids."""
    ids = []
    for entry in bundled_entries():
        path = DATA_DIR / entry["file"]
        result = load_file(path, sheet=entry.get("sheet"), area=entry["area"], year=entry.get("year"))
        ids.append(
            save_dataset(
                engine,
                result.tidy,
                result.declared_totals,
                name=entry["name"],
                area=entry["area"],
                kind=entry["kind"],
                original_filename=entry["file"],
                original_bytes=path.read_bytes(),
                uploaded_by=BUNDLED_BY,
                citation=entry.get("citation"),
                sheet=result.sheet,
                header_row=result.header_row,
            )
        )
    return ids


def main() -> int:
    engine = make_engine()
    if not is_empty(engine):
        print("The store already holds data; bundled datasets not loaded again.")
    else:
        try:
            ids = load_bundled(engine)
        except LoaderError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(f"Loaded {len(ids)} bundled datasets into {engine.url.render_as_string(hide_password=True)}.")
    # `make run` starts the server next: its first visitor then reads the
    # lines from the snapshot instead of through SQL (store/snapshot.py).
    current_spend_lines(engine)
    return 0


if __name__ == "__main__":
    sys.exit(main())
