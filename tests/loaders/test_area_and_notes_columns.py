"""A 'Total' written in the PCC column, and a notes column that mentions organisations (real Leicestershire lines)."""
from __future__ import annotations

from loaders.detect import Options, detect
from loaders.load import load_layout
from loaders.readers import workbook_from_rows


def _load(rows, **options):
    book = workbook_from_rows("framework.xlsx", {"Budget": rows})
    return load_layout(book, detect(book, Options(**options)))


def test_a_total_in_the_pcc_column_is_a_declared_total_not_a_force():
    result = _load([
        ["PCC", "Service", "2019/20 budget (£)"],
        ["Leicestershire", "Number 5", 34_000],
        ["Leicestershire", "CHISVA", 50_000],
        ["Total", None, 84_000],
    ])
    assert set(result.tidy["area"]) == {"Leicestershire"}
    assert result.tidy["amount_gbp"].sum() == 84_000
    assert result.reconciliation["matches"].tolist() == [True]


def test_a_notes_column_is_not_read_as_the_provider_by_what_it_mentions():
    result = _load([
        ["Service", "Notes", "2019/20 budget (£)"],
        ["CHISVA", "Jointly funded with the NHS trust", 50_000],
        ["Number 5", "Leicester City Council contract", 34_000],
    ], area="Leicestershire")
    notes = result.sheet_layout.columns[1]
    assert notes.role == "ignored" and notes.reason.startswith("notes")
    assert set(result.tidy["provider"]) == {""}


def test_a_unit_note_in_the_pcc_column_is_read():
    result = _load([
        ["PCC", "Service", "2019/20 budget"],
        ["Leicestershire", "Number 5", 34],
        ["Leicestershire", "CHISVA", 50],
        [],
        ["Figures are in £000"],
    ])
    assert result.tidy["amount_gbp"].tolist() == [34_000, 50_000]
    assert result.sheet_layout.unit.source == "note row"
