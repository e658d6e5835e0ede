"""Build the bad-input corpus: files staff really send (or an attacker might), each with the one sentence it must get.

Run from the repository root:

    .venv/bin/python tests/data/bad/make_bad_files.py

Every file is made from Leicestershire's published Appendix A (decision
record EXE0003/20, the bundled workbook and tests/data/leicestershire_appendix_a.csv)
or from another bundled file, broken in one way. expected.json beside them
lists, per file, the area and year typed on the form and the exact message
the upload must show; tests/uploads/test_bad_corpus.py holds the loaders to
it and checks nothing reaches the store. Output is deterministic (fixed zip
dates and workbook timestamps), except the password-protected workbook,
whose encryption salt is random by design.
"""
from __future__ import annotations

import csv
import datetime
import io
import json
import re
import struct
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
APPENDIX_XLSX = REPO / "data" / "leicestershire_commissioning_framework_2018-21.xlsx"
APPENDIX_CSV = REPO / "tests" / "data" / "leicestershire_appendix_a.csv"
DERBYSHIRE_CSV = REPO / "data" / "derbyshire_idva_contracts_2017-19.csv"
EMERGENT_XLSX = REPO / "data" / "leicestershire_emergent_issues_2020-21.xlsx"

FIXED_TIMESTAMP = datetime.datetime(2020, 2, 18)  # the date of decision record EXE0003/20
ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
YEAR_COLUMNS = (4, 5, 6)  # E, F, G: 2018/19, 2019/20, 2020/21
TIDY_UP = "delete the unused rows and columns, or split the file, and upload it again"

# file name -> (what is wrong, area typed on the form, year typed on the form, exact message)
EXPECTED: dict[str, dict] = {}


def expect(name: str, what: str, message: str, *, area: str = "Leicestershire", year: str | None = None) -> None:
    EXPECTED[name] = {"what": what, "area": area, "year": year, "message": message}


# --- the published table ------------------------------------------------------------------------


def published_rows() -> list[list]:
    """Appendix A as published, amounts as numbers; the header is row 4."""
    with APPENDIX_CSV.open(encoding="utf-8", newline="") as handle:
        rows = [list(row) for row in csv.reader(handle)]
    header_at = next(i for i, row in enumerate(rows) if row[0] == "Service Name")
    for i, row in enumerate(rows):
        if i > header_at and row[0] != "Service Name":
            for c in YEAR_COLUMNS:
                cleaned = row[c].replace(",", "")
                if cleaned.isdigit():
                    row[c] = int(cleaned)
    return rows


def row_index(rows: list[list], service: str) -> int:
    return next(i for i, row in enumerate(rows) if row[0] == service)


def deterministic(data: bytes) -> bytes:
    """The same workbook content always as the same bytes: fixed zip dates and save time."""
    stamp = FIXED_TIMESTAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp + rb"\g<2>",
                                 content)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([None if value == "" else value for value in row])
    book.properties.creator = "tests/data/bad/make_bad_files.py"
    book.properties.created = book.properties.modified = FIXED_TIMESTAMP
    buffer = io.BytesIO()
    book.save(buffer)
    return deterministic(buffer.getvalue())


def rezipped(data: bytes, edit) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, edit(info.filename, source.read(info.filename)))
    return out.getvalue()


def edited(edit) -> list[list]:
    rows = published_rows()
    edit(rows)
    return rows


def xls(rows: list[list], sheet_name: str = "Appendix A", extra=None) -> bytes:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet(sheet_name)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value != "":
                sheet.write(r, c, value)
    if extra:
        extra(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods(rows: list[list]) -> bytes:
    """A minimal OpenDocument spreadsheet written by hand.

    Not through pandas/odfpy: odfpy collects namespace declarations across
    every document a process writes, so its output depends on what ran before.
    """
    from xml.sax.saxutils import escape, quoteattr

    def cell(value) -> str:
        if value == "" or value is None:
            return "<table:table-cell/>"
        if isinstance(value, (int, float)):
            return (f'<table:table-cell office:value-type="float" office:value="{value}">'
                    f"<text:p>{value}</text:p></table:table-cell>")
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet><table:table table:name={quoteattr('Appendix A')}>{body}"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # The mimetype comes first and uncompressed, as the OpenDocument standard requires.
        archive.writestr(zipfile.ZipInfo("mimetype", date_time=ZIP_DATE_TIME),
                         "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        for name, text in (("content.xml", content), ("META-INF/manifest.xml", manifest)):
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME), text.encode("utf-8"),
                             compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def csv_text(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


# --- the corpus ---------------------------------------------------------------------------------


def build() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    appendix = APPENDIX_XLSX.read_bytes()
    rows = published_rows()
    victim_first = row_index(rows, "Victim First") + 1  # spreadsheet row 6
    chisva = row_index(rows, "CHISVA") + 1  # row 8

    def add(name: str, data: bytes, what: str, message: str, **form) -> None:
        files[name] = data
        expect(name, what, message, **form)

    # Not a spreadsheet at all, or not the one it claims to be.
    add("empty.xlsx", b"", "an empty file", "empty.xlsx: the file is empty")
    add("empty.csv", b"", "an empty CSV", "empty.csv: the file is empty")
    add("blank_lines.csv", b"\r\n  \r\n   \r\n", "a CSV of blank lines",
        "blank_lines.csv: the file is empty")
    add("text_renamed.xlsx", csv_text(rows), "Appendix A saved as CSV, then renamed .xlsx",
        "text_renamed.xlsx: this is not a real .xlsx workbook (it holds text); was the file renamed?")
    add("pdf_renamed.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n\x00\x00",
        "the decision record PDF renamed .xlsx",
        "pdf_renamed.xlsx: this is not a real .xlsx workbook (it holds something else); was the file renamed?")
    add("web_page_saved_as.xls", b"<html><body><table><tr><td>Service Name</td><td>2020/21 budget</td></tr>"
        b"<tr><td>Victim First</td><td>558322</td></tr></table></body></html>",
        "a web page saved with an .xls name, as some finance systems export",
        "web_page_saved_as.xls: this is not a real .xls workbook (it holds text); was the file renamed?")
    add("framework.pdf", b"%PDF-1.4\n", "an unsupported extension",
        "framework.pdf: '.pdf' files cannot be uploaded; use xlsx, xlsm, xls, ods or csv")
    add("framework.docx", appendix, "a workbook given a Word extension",
        "framework.docx: '.docx' files cannot be uploaded; use xlsx, xlsm, xls, ods or csv")
    add("framework", appendix, "no extension at all",
        "framework: the file name has no extension; use xlsx, xlsm, xls, ods or csv")
    add("binary_junk.csv", bytes(range(256)) * 16, "binary bytes with a .csv name",
        "binary_junk.csv: this is not a text CSV file (it holds binary data)")

    # Damaged or locked workbooks.
    add("truncated.xlsx", appendix[:3000], "the first 3,000 bytes of the workbook (a failed download)",
        "truncated.xlsx: the workbook is damaged or incomplete (not a readable zip archive)")
    add("truncated.ods", ods(rows)[:2500], "an ODS cut short",
        "truncated.ods: the workbook is damaged or incomplete (not a readable zip archive)")
    add("corrupt_content.ods", rezipped(ods(rows), lambda name, content: content[: len(content) // 2]
                                        if name == "content.xml" else content),
        "an ODS whose content.xml stops half way",
        "corrupt_content.ods: the workbook is damaged or incomplete (its content.xml is not readable XML)")
    lying = bytearray(appendix)
    position = lying.find(b"PK\x01\x02")
    while position != -1:  # halve every member's recorded size in the central directory
        struct.pack_into("<I", lying, position + 24, struct.unpack_from("<I", lying, position + 24)[0] // 2)
        position = lying.find(b"PK\x01\x02", position + 4)
    add("lying_sizes.xlsx", bytes(lying), "a zip whose directory understates what its parts expand to",
        "lying_sizes.xlsx: the workbook is damaged or incomplete (a part of the archive is broken)")
    add("password_protected.xlsx", encrypted(appendix), "the workbook saved with a password",
        "password_protected.xlsx: the workbook is password-protected; save an unprotected copy and upload that")

    # Bombs: refused from their structure before any parser builds a grid.
    add("dimension_bomb.xlsx", rezipped(appendix, lambda name, content: re.sub(
        rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', content)
        if name.startswith("xl/worksheets/") else content),
        "a sheet whose dimension claims every cell Excel has",
        "dimension_bomb.xlsx, sheet 'Appendix A': the sheet would expand to 17,179,869,184 cells "
        f"(its dimension claims A1:XFD1048576), over the limit of 1,000,000; {TIDY_UP}")
    add("far_cell_bomb.xlsx", rezipped(appendix, lambda name, content: content.replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
        if name.startswith("xl/worksheets/") else content),
        "one stray value in the sheet's very last cell",
        "far_cell_bomb.xlsx, sheet 'Appendix A': the sheet would expand to 17,179,869,184 cells "
        f"(A1:XFD1048576), over the limit of 1,000,000; {TIDY_UP}")
    padding = b"<!-- -->" * (26 * 1024 * 1024)  # 208 MiB of XML comment, a few hundred KB compressed
    add("zip_bomb.xlsx", rezipped(appendix, lambda name, content: content + padding
                                  if name == "docProps/app.xml" else content),
        "a workbook that expands past 200 MB",
        "zip_bomb.xlsx: the workbook would expand to 218 MB, over the 200 MB limit")
    add("repeated_rows_bomb.ods", rezipped(ods(rows), lambda name, content: content.replace(
        b"</table:table>", b'<table:table-row table:number-rows-repeated="2000000"><table:table-cell '
        b'office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>'
        b"</table:table>") if name == "content.xml" else content),
        "an ODS row of figures repeated two million times",
        "repeated_rows_bomb.ods, sheet 'Appendix A': the sheet would expand to 16,000,536 cells "
        f"(A1:H2000067), over the limit of 1,000,000; {TIDY_UP}")
    add("last_cell_bomb.xls", xls(rows, extra=lambda sheet: sheet.write(65535, 255, "end")),
        "an old .xls with a value in its last row and column",
        "last_cell_bomb.xls, sheet 'Appendix A': the sheet would expand to 16,777,216 cells "
        f"(A1:IV65536), over the limit of 1,000,000; {TIDY_UP}")
    add("million_commas.csv", csv_text(rows) + b"," * 1_000_000, "a CSV ending in a million empty cells",
        f"million_commas.csv: the file would expand to about 1,000,543 cells, over the limit of 1,000,000; {TIDY_UP}")

    # Real spreadsheets with one wrong thing, named to the cell.
    add("no_header.xlsx", xlsx({"Minutes": [["Police and Crime Panel minutes, 3 February 2015"],
                                            ["Item", "Discussed"], ["6", "Update on Commissioning Activity"]]}),
        "panel minutes, not a spend table",
        "no_header.xlsx: no header row found in any sheet: expected a row naming the columns, such as "
        "'Service' and a financial year like '2020/21 budget (£)'")
    add("non_numeric_amount.xlsx",
        xlsx({"Appendix A": edited(lambda r: r[victim_first - 1].__setitem__(5, "about 540k"))}),
        "an amount typed as words",
        f"non_numeric_amount.xlsx, sheet 'Appendix A', cell F{victim_first}: 'about 540k' is not an amount of money")
    bare = [row for row in rows[3:]]  # the header on row 1: 'Sub-misuse add on for Rutland' is row 17
    rutland = row_index(bare, "Sub-misuse add on for Rutland")
    assert rutland + 1 == 17
    bare[rutland] = list(bare[rutland])
    bare[rutland][5] = "1,485 (TBC)"
    add("bad_cell_row_17.xlsx", xlsx({"Budget": bare}), "a figure still to be confirmed, at row 17",
        "bad_cell_row_17.xlsx, sheet 'Budget', cell F17: '1,485 (TBC)' is not an amount of money")
    add("percent_amount.csv", csv_text(edited(lambda r: r[chisva - 1].__setitem__(4, "12%"))),
        "a percentage where pounds should be",
        f"percent_amount.csv, sheet 'percent_amount', cell E{chisva}: '12%' is not an amount of money")
    add("date_as_amount.xlsx",
        xlsx({"Appendix A": edited(lambda r: r[chisva - 1].__setitem__(6, datetime.datetime(2020, 4, 1)))}),
        "a date pasted into a money column",
        f"date_as_amount.xlsx, sheet 'Appendix A', cell G{chisva}: '2020-04-01' is not an amount of money")
    add("bad_cell.xls", xls(edited(lambda r: r[victim_first - 1].__setitem__(4, "TBC"))),
        "an old .xls with 'TBC' in a money cell",
        f"bad_cell.xls, sheet 'Appendix A', cell E{victim_first}: 'TBC' is not an amount of money (the amount is not yet set; leave the cell blank to load the line without one)")
    add("bad_cell.ods", ods(edited(lambda r: r[chisva - 1].__setitem__(5, "fifty thousand"))),
        "an ODS with an amount in words",
        f"bad_cell.ods, sheet 'Appendix A', cell F{chisva}: 'fifty thousand' is not an amount of money")
    add("two_columns_one_year.xlsx",
        xlsx({"Appendix A": edited(lambda r: r[3].__setitem__(6, "2019-20 revised (£)"))}),
        "two columns both headed 2019/20",
        "two_columns_one_year.xlsx, sheet 'Appendix A', cell G4: two columns hold 2019/20: column F "
        "and column G ('2019-20 revised (£)'); read one with --column ignored=\"2019-20 revised (£)\"")
    add("year_not_a_year.xlsx", xlsx({"Appendix A": edited(lambda r: r[3].__setitem__(5, "2019/21 budget (£)"))}),
        "a year header spanning two years",
        "year_not_a_year.xlsx, sheet 'Appendix A', cell F4: column F '2019/21 budget (£)': '2019/21 budget (£)' "
        "spans more than one financial year (expected one year, such as 2019/20); split it into one column per "
        "year, or leave it out with --column ignored=\"2019/21 budget (£)\"")
    add("amounts_without_service.xlsx",
        xlsx({"Appendix A": edited(lambda r: r[chisva - 1].__setitem__(0, "") or r[chisva - 1].__setitem__(1, "")
                                   or r[chisva - 1].__setitem__(2, "") or r[chisva - 1].__setitem__(3, "")
                                   or r[chisva - 1].__setitem__(7, ""))}),
        "a row of figures whose service name was deleted",
        f"amounts_without_service.xlsx, sheet 'Appendix A', cell A{chisva}: this row has amounts but no service name")
    add("header_only.xlsx", xlsx({"Appendix A": rows[:4]}), "the header and nothing under it",
        "header_only.xlsx, sheet 'Appendix A', row 4: no amounts were found under the header row")
    add("no_year_given.xlsx", EMERGENT_XLSX.read_bytes(),
        "Leicestershire's emergent issues table (no year in its headers) with no year typed on the form",
        "no_year_given.xlsx, sheet 'Table 1', cell B2: column B 'Approved spend (£)' holds amounts but no "
        "financial year: its header, the sheet name and the title rows name none; enter the financial year on "
        "the form, e.g. 2020/21")
    add("year_typed_wrong.xlsx", EMERGENT_XLSX.read_bytes(), "a year typed on the form as two years",
        "year_typed_wrong.xlsx: '2020/22' spans more than one financial year (expected one year, such as 2020/21)",
        year="2020/22")
    derbyshire = DERBYSHIRE_CSV.read_text(encoding="utf-8-sig").splitlines()
    derbyshire[0] = derbyshire[0].replace("2017/18 contribution (£)", "Contribution before (£)").replace(
        "2018/19 contribution (£)", "Contribution after (£)")
    add("several_undated_columns.csv", "\r\n".join(derbyshire).encode("utf-8"),
        "Derbyshire's before and after figures without their years",
        "several_undated_columns.csv, sheet 'several_undated_columns', cell E1: several money columns without a "
        "year ('Contribution before (£)', 'Contribution after (£)'); choose one with "
        "--column amount=\"Contribution before (£)\"",
        area="Derbyshire", year="2018/19")
    return files


def encrypted(data: bytes) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("panel-secret", out)
    return out.getvalue()


def write(target: Path = HERE) -> list[str]:
    files = build()
    target.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (target / name).write_bytes(data)
    (target / "expected.json").write_text(json.dumps(EXPECTED, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return sorted(files)


if __name__ == "__main__":
    names = write()
    print(f"Wrote {len(names)} bad files and expected.json to {HERE}")
