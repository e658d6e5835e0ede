"""What staff see before storing: the layout, the rows, the totals check and each warning, on real files."""
from __future__ import annotations

import pytest

from loaders import LoaderError
from loaders.limits import MAX_UPLOAD_BYTES
from uploads import UploadError, detect_layout, preview_upload, read_store_context
from uploads.preview import (
    DUPLICATE_SERVICE,
    NEGATIVE_AMOUNT,
    NO_COMMISSIONING_COLUMN,
    PROVIDER_LOOKALIKE,
    UNKNOWN_COMMISSIONING,
    YEAR_ALREADY_STORED,
    StoreContext,
    reconciliation_table,
)
from tests.uploads.helpers import APPENDIX, DATA, YEAR_COLUMN, appendix_rows, row_of, xlsx_bytes


def kinds(preview) -> list[str]:
    return [warning.kind for warning in preview.warnings]


def messages(preview, kind: str) -> list[str]:
    return [warning.message for warning in preview.warnings if warning.kind == kind]


def test_published_framework_preview_shows_layout_rows_and_reconciles():
    preview = preview_upload(APPENDIX.read_bytes(), APPENDIX.name, area="Leicestershire")
    assert (preview.layout.sheet, preview.layout.header_row) == ("Appendix A", 4)
    assert [column.field for column in preview.layout.columns] == [
        "service", "provider", "provision", "commissioning_type", "amount", "amount", "amount", "geography",
    ]
    assert preview.layout.unsure_columns == []
    by_year = preview.totals_by_year().set_index("financial_year")["amount_gbp"].to_dict()
    assert by_year == {"2018/19": 4_283_405, "2019/20": 4_316_550, "2020/21": 4_395_961}
    assert preview.mismatches == 0
    table = reconciliation_table(preview)
    assert len(table) == 15 and table["Reconciles"].all()


def test_durham_allocation_gap_is_shown_in_pounds_and_percent():
    path = DATA / "durham_community_safety_grant_2015-16.xlsx"
    preview = preview_upload(path.read_bytes(), path.name, area="Durham")
    table = reconciliation_table(preview)
    allocation = table[table["Total in the file"].str.startswith("2015-16 allocation")].iloc[0]
    assert allocation["Declared (£)"] == 485_577
    assert allocation["Rows add up to (£)"] == 500_545
    assert allocation["Difference (£)"] == 14_968
    assert allocation["Difference (%)"] == pytest.approx(3.0825, abs=1e-4)
    assert not allocation["Reconciles"]
    assert preview.mismatches == 1


def test_a_service_listed_twice_is_named_with_its_rows():
    # Appendix A really lists 'Domestic Homicide Reviews' twice (two funding lines).
    preview = preview_upload(APPENDIX.read_bytes(), APPENDIX.name, area="Leicestershire")
    assert messages(preview, DUPLICATE_SERVICE) == [
        "'Domestic Homicide Reviews' is listed twice in 2018/19, 2019/20, 2020/21 (rows 46, 47); "
        "keep both only if they are separate funding lines."
    ]


def test_negative_amount_is_a_warning_not_a_refusal():
    rows = appendix_rows()
    victim_first = row_of(rows, "Victim First")
    rows[victim_first][YEAR_COLUMN["2019/20"]] = "(2,000)"  # a clawback typed as accountants do
    preview = preview_upload(xlsx_bytes(rows), "clawback.xlsx", area="Leicestershire")
    assert messages(preview, NEGATIVE_AMOUNT) == [
        f"Row {victim_first + 1} ('Victim First', 2019/20) has a negative amount, -£2,000: "
        "check it is a refund or clawback and not a typing slip."
    ]
    line = preview.tidy[(preview.tidy["service"] == "Victim First") & (preview.tidy["financial_year"] == "2019/20")]
    assert line["amount_gbp"].tolist() == [-2_000]


def test_unrecognised_commissioning_text_is_quoted_with_its_row():
    rows = appendix_rows()
    chisva = row_of(rows, "CHISVA")
    rows[chisva][3] = "Spot purchase"
    preview = preview_upload(xlsx_bytes(rows), "spot.xlsx", area="Leicestershire")
    (message,) = messages(preview, UNKNOWN_COMMISSIONING)
    assert message.startswith(f"Commissioning type 'Spot purchase' (row {chisva + 1}) is not one we recognise")
    assert set(preview.tidy.loc[preview.tidy["service"] == "CHISVA", "commissioning_type"]) == {"Other"}


def test_file_without_commissioning_column_says_every_line_is_other():
    path = DATA / "leicestershire_emergent_issues_2020-21.xlsx"
    preview = preview_upload(path.read_bytes(), path.name, area="Leicestershire", year="2020/21")
    assert kinds(preview) == [NO_COMMISSIONING_COLUMN]
    assert preview.tidy["amount_gbp"].sum() == pytest.approx(114_843.25)


def test_missing_year_asks_for_it_on_the_form():
    path = DATA / "leicestershire_emergent_issues_2020-21.xlsx"
    with pytest.raises(LoaderError) as refused:
        preview_upload(path.read_bytes(), path.name, area="Leicestershire")
    assert str(refused.value) == (
        "leicestershire_emergent_issues_2020-21.xlsx, sheet 'Table 1', cell B2: column B 'Approved spend (£)' "
        "holds amounts but no financial year: its header, the sheet name and the title rows name none; "
        "enter the financial year on the form, e.g. 2020/21"
    )
    assert refused.value.code == "year_unknown"


def test_provider_spelt_differently_from_the_store_is_flagged(bundled_engine):
    rows = appendix_rows()
    rows[row_of(rows, "Victim First")][1] = "Catch22"
    context = read_store_context(bundled_engine)
    preview = preview_upload(xlsx_bytes(rows), "catch22.xlsx", area="Leicestershire", context=context)
    assert messages(preview, PROVIDER_LOOKALIKE) == [
        f"Provider 'Catch22' (row {row_of(rows, 'Victim First') + 1}) looks like 'Catch 22', already in the "
        "store; if they are the same organisation, add an alias on the Manage data page."
    ]


def test_known_providers_and_an_existing_alias_raise_no_lookalike(bundled_engine):
    import store

    store.set_alias(bundled_engine, "Catch22", "Catch 22", "analyst@opcc.example")
    rows = appendix_rows()
    rows[row_of(rows, "Victim First")][1] = "Catch22"
    preview = preview_upload(xlsx_bytes(rows), "catch22.xlsx", area="Leicestershire",
                             context=read_store_context(bundled_engine))
    assert messages(preview, PROVIDER_LOOKALIKE) == []


def test_years_already_stored_for_the_area_name_the_datasets(bundled_engine):
    preview = preview_upload(APPENDIX.read_bytes(), "framework_copy.xlsx", area="leicestershire",
                             context=read_store_context(bundled_engine))
    assert preview.overlapping[["name", "shared_years"]].to_dict("records") == [
        {"name": "Leicestershire PCC Commissioning Framework 2018/19–2020/21",
         "shared_years": "2018/19, 2019/20, 2020/21"},
        {"name": "Leicestershire emergent issues spend 2020/21", "shared_years": "2020/21"},
    ]
    assert len(messages(preview, YEAR_ALREADY_STORED)) == 2


def test_other_areas_years_do_not_overlap(bundled_engine):
    path = DATA / "essex_domestic_abuse_contract_2018-19.xlsx"
    preview = preview_upload(path.read_bytes(), path.name, area="Essex",
                             context=read_store_context(bundled_engine))
    # The store holds Essex 2018/19 already (bundled), and Leicestershire 2018/19, which must not count.
    assert preview.overlapping["area"].tolist() == ["Essex"]


def test_mapping_override_reads_a_column_differently():
    data = APPENDIX.read_bytes()
    preview = preview_upload(data, APPENDIX.name, area="Leicestershire", column_fields={2: "ignore"})
    assert set(preview.tidy["provision"]) == {""}
    assert preview.layout.columns[2].field == "ignore"
    # Geography read as the funding partners column instead.
    moved = preview_upload(data, APPENDIX.name, area="Leicestershire", column_fields={7: "funding_partners"})
    victim_first = moved.tidy[moved.tidy["service"] == "Victim First"].iloc[0]
    assert (victim_first["funding_partners"], victim_first["geography"]) == ("LLR", "")


def test_detect_layout_survives_a_load_that_fails():
    rows = appendix_rows()
    rows[row_of(rows, "CHISVA")][YEAR_COLUMN["2018/19"]] = "fifty thousand"
    data = xlsx_bytes(rows)
    with pytest.raises(LoaderError):
        preview_upload(data, "words.xlsx", area="Leicestershire")
    layout = detect_layout(data, "words.xlsx")
    assert (layout.sheet, layout.header_row, layout.columns[4].financial_year) == ("Appendix A", 4, "2018/19")


def test_unsure_service_column_is_flagged_for_checking():
    rows = [["Budget line", "Notes", "2020/21 (£)"], ["Victim First", "Catch 22", 558_322]]
    layout = detect_layout(xlsx_bytes(rows, "Plan"), "plan.xlsx")
    assert [(column.letter, column.field, column.confident) for column in layout.columns][:1] == [("A", "service", True)]
    rows = [["Funded activity", "Who", "2020/21 (£)"], ["Victim First", "Catch 22", 558_322]]
    guessed = detect_layout(xlsx_bytes(rows, "Plan"), "plan.xlsx")
    assert [column.letter for column in guessed.unsure_columns] == ["A"]


def test_area_must_be_named():
    with pytest.raises(UploadError, match="Name the area"):
        preview_upload(APPENDIX.read_bytes(), APPENDIX.name, area="  ")


@pytest.mark.parametrize("file_name", ["framework.pdf", "framework.txt", "framework"])
def test_only_the_listed_extensions_are_accepted(file_name):
    with pytest.raises(LoaderError) as refused:
        preview_upload(APPENDIX.read_bytes(), file_name, area="Leicestershire")
    assert str(refused.value).startswith(f"{file_name}: ")
    assert "xlsx, xlsm, xls, ods or csv" in str(refused.value)


def test_a_file_over_50_mb_is_refused_before_reading():
    oversized = APPENDIX.read_bytes() + b"\0" * (MAX_UPLOAD_BYTES + 1)
    with pytest.raises(LoaderError) as refused:
        preview_upload(oversized, APPENDIX.name, area="Leicestershire")
    assert str(refused.value) == f"{APPENDIX.name}: the file is 50.0 MB, over the 50 MB upload limit"


def test_empty_context_gives_no_store_warnings():
    preview = preview_upload(APPENDIX.read_bytes(), APPENDIX.name, area="Leicestershire",
                             context=StoreContext.empty())
    assert preview.overlapping.empty
    assert PROVIDER_LOOKALIKE not in kinds(preview) and YEAR_ALREADY_STORED not in kinds(preview)
