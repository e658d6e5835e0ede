"""Build store_at_0006.sqlite: a store as the code of revision 0006 wrote it, for the upgrade test.

Run with that code on the path (commit 5a628fa, the last whose newest migration is 0006):

    git archive 5a628fa | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old .venv/bin/python tests/data/stores/build_store_at_0006.py

It holds what a deployment of that day would: the eight bundled datasets of the
time (data/bundled.json then), a second version of Leicestershire's framework
(the same Appendix A as the UTF-8 CSV in tests/data), one deleted and restored
dataset, a provider alias and a saved scenario, with the audit entries each wrote.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    import store
    from loaders import load_file
    from store.migrate import HEAD_REVISION
    from uploads.bundled import load_bundled

    assert HEAD_REVISION == "0006", f"run with the code of revision 0006, not {HEAD_REVISION}"
    target = HERE / "store_at_0006.sqlite"
    target.unlink(missing_ok=True)
    engine = store.make_engine(f"sqlite:///{target}")
    ids = load_bundled(engine)
    listing = store.list_datasets(engine, current_only=True).set_index("id")
    framework_id = int(listing.index[listing["original_filename"].eq(
        "leicestershire_commissioning_framework_2018-21.xlsx")][0])
    csv = HERE.parent / "leicestershire_appendix_a.csv"
    result = load_file(csv, area="Leicestershire")
    store.replace_dataset(
        engine, framework_id, result.tidy, result.declared_totals,
        name="Leicestershire PCC Commissioning Framework 2018/19–2020/21 (CSV)", area="Leicestershire",
        kind="framework", original_filename=csv.name, original_bytes=csv.read_bytes(), uploaded_by="j.okafor",
        citation="OPCC Leicestershire decision record EXE0003/20, 18 February 2020, Appendix A",
    )
    essex_id = int(listing.index[listing["area"].eq("Essex")][0])
    store.delete_dataset(engine, essex_id, user="a.admin")
    store.restore_dataset(engine, essex_id, user="a.admin")
    # Appendix A names the provider "United Against Violence and Abuse (UAVA)"; staff group the short form with it.
    store.set_alias(engine, "UAVA", "United Against Violence and Abuse (UAVA)", user="j.okafor")
    store.save_scenario(
        engine, name="Victims 2020/21 as published", author="j.okafor",
        baseline={"dataset_id": ids[0], "financial_year": "2020/21"}, adjustments=[],
        notes="Appendix A's 2020/21 budget, unchanged: £4,395,961.",
    )
    engine.dispose()
    print("wrote", target)


if __name__ == "__main__":
    main()
