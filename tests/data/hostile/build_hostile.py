"""Build the hostile corpus: small files that try to crash, hang or exhaust the loader.

Run from the repository root:

    .venv/bin/python tests/data/hostile/build_hostile.py

Most files are written byte by byte rather than by a spreadsheet library,
because the attacks are exactly what a library will not write: cells without
references, sizes that lie, entities, millions of repeats. Where a file must
carry real figures (the controls, the macro workbook, the formula workbook,
the bombs wrapped round a real table) they are Leicestershire's published
Appendix A (decision record EXE0003/20), so a load can be checked against
its Grand Total. Output is deterministic: fixed zip dates, fixed workbook
timestamps. Two files would be tens of MB on disk and are built at test time
instead (TEST_TIME). expected.json and README.md are written from CORPUS, so
the table and the test never disagree.
"""
from __future__ import annotations

import datetime
import io
import json
import re
import struct
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Callable, Iterable
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.loaders.layouts import APPENDIX_CSV, numeric_rows, published_rows  # noqa: E402

ZIP_DATE_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_TIMESTAMP = datetime.datetime(2020, 2, 18)  # the date of decision record EXE0003/20
SHEET = "Appendix A"
# The published Grand Total of Appendix A, per year: what a successful load must add up to.
APPENDIX_TOTALS = {"2018/19": 4_283_405, "2019/20": 4_316_550, "2020/21": 4_395_961}
APPENDIX_AMOUNTS = 121

# Refusal codes: a cell count over budget is `too_many_cells`; text that expands past the
# size limit (shared strings, one giant cell) is `too_large`.
CELL_BUDGET = ["too_many_cells"]
RESOURCES = ["too_many_cells", "too_much_memory", "took_too_long", "too_large"]
DAMAGED = ["unreadable"]
WRONG_FORMAT = ["unsupported_format"]

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
LAUGHS_DTD = (
    '<!DOCTYPE {root} [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    + "]>"
)

Chunks = Iterable[bytes]


# --- zip archives --------------------------------------------------------------------------------


def zip_bytes(members: list[tuple[str, bytes | Callable[[], Chunks]]], *, level: int = 9,
              compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A deterministic zip. A member given as a function of chunks is streamed, never held whole."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression, compresslevel=level) as archive:
        for name, content in members:
            info = zipfile.ZipInfo(name, ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else compression
            info.create_system = 0
            if isinstance(content, bytes):
                archive.writestr(info, content, compress_type=info.compress_type, compresslevel=level)
            else:
                with archive.open(info, "w", force_zip64=True) as stream:
                    for chunk in content():
                        stream.write(chunk)
    return buffer.getvalue()


def rezip(data: bytes, *, drop: Iterable[str] = (), replace: dict[str, bytes] | None = None,
          add: list[tuple[str, bytes]] = ()) -> bytes:
    """An existing zip rewritten with fixed dates, some members replaced, dropped or added."""
    replace = replace or {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [(name, replace.get(name, archive.read(name))) for name in archive.namelist() if name not in drop]
    return zip_bytes(members + list(add))


def patch_member(data: bytes, name: str, *, file_size: int | None = None, crc: int | None = None) -> bytes:
    """Rewrite the uncompressed size or CRC a member's local and central headers claim."""
    patched = bytearray(data)
    encoded = name.encode()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local = archive.getinfo(name).header_offset
    central = data.index(b"PK\x01\x02", data.rindex(b"PK\x05\x06") - 200_000 if len(data) > 200_000 else 0)
    while True:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46: central + 46 + name_length] == encoded:
            break
        central = data.index(b"PK\x01\x02", central + 4)
    for header, crc_at, size_at in ((local, 14, 22), (central, 16, 24)):
        if crc is not None:
            struct.pack_into("<I", patched, header + crc_at, crc)
        if file_size is not None:
            struct.pack_into("<I", patched, header + size_at, file_size)
    return bytes(patched)


# --- xlsx written by hand ------------------------------------------------------------------------


def column_letters(index: int) -> str:
    letters, index = "", index + 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_xml(row: int, column: int, value) -> str:
    reference = f"{column_letters(column)}{row}"
    if isinstance(value, (int, float)):
        return f'<c r="{reference}"><v>{value}</v></c>'
    return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def rows_xml(rows: list[list], first_row: int = 1) -> str:
    out = []
    for offset, row in enumerate(rows):
        number = first_row + offset
        cells = "".join(cell_xml(number, c, v) for c, v in enumerate(row) if v not in ("", None))
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out)


def worksheet(body: str | bytes = "", *, before: str = "", after: str = "", dimension: str | None = None,
              prolog: str = "") -> bytes:
    """A worksheet part: `before` sits ahead of sheetData (dimension, cols), `after` behind it (merges)."""
    if isinstance(body, str):
        body = body.encode()
    dimension_xml = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (XML_DECL + prolog.encode() + f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            f'{dimension_xml}{before}<sheetData>'.encode() + body + f"</sheetData>{after}</worksheet>".encode())


def streamed_worksheet(rows: Callable[[], Chunks], *, head: str = "") -> Callable[[], Chunks]:
    def chunks() -> Chunks:
        yield XML_DECL + f'<worksheet xmlns="{MAIN_NS}"><sheetData>{head}'.encode()
        yield from rows()
        yield b"</sheetData></worksheet>"
    return chunks


def repeated(piece: bytes, count: int, *, batch: int = 65_536) -> Callable[[], Chunks]:
    def chunks() -> Chunks:
        full, rest = divmod(count, batch)
        block = piece * batch
        for _ in range(full):
            yield block
        yield piece * rest
    return chunks


def xlsx_members(sheets: list[tuple[str, bytes | Callable[[], Chunks]]], *, shared_strings=None, styles=None,
                 workbook: bytes | None = None, targets: list[str] | None = None, macro: bool = False,
                 ) -> list[tuple[str, bytes | Callable[[], Chunks]]]:
    """The parts of a minimal workbook; `targets` lets several sheets point at one part."""
    targets = targets or [f"worksheets/sheet{i + 1}.xml" for i in range(len(sheets))]
    names = [name for name, _ in sheets]
    overrides = "".join(
        f'<Override PartName="/xl/{target}" ContentType="application/vnd.openxmlformats-officedocument.'
        f'spreadsheetml.worksheet+xml"/>' for target in dict.fromkeys(targets))
    main_type = ("application/vnd.ms-excel.sheet.macroEnabled.main+xml" if macro else
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
    extra_types = ""
    relations = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{REL_NS}/worksheet" Target="{target}"/>'
        for i, target in enumerate(targets))
    if shared_strings is not None:
        extra_types += ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                        'officedocument.spreadsheetml.sharedStrings+xml"/>')
        relations += f'<Relationship Id="rIdS" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>'
    if styles is not None:
        extra_types += ('<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
                        'officedocument.spreadsheetml.styles+xml"/>')
        relations += f'<Relationship Id="rIdT" Type="{REL_NS}/styles" Target="styles.xml"/>'
    content_types = (
        XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main_type}"/>{overrides}{extra_types}</Types>'.encode())
    if workbook is None:
        entries = "".join(f'<sheet name={quoteattr(name)} sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                          for i, name in enumerate(names))
        workbook = XML_DECL + f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>{entries}</sheets></workbook>'.encode()
    members = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", XML_DECL + f'<Relationships xmlns="{PKG_REL_NS}"><Relationship Id="rId1" '
                                   f'Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'.encode()),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", XML_DECL + f'<Relationships xmlns="{PKG_REL_NS}">{relations}</Relationships>'.encode()),
    ]
    written = set()
    for (_, part), target in zip(sheets, targets):
        if target not in written:
            members.append((f"xl/{target}", part))
            written.add(target)
    if shared_strings is not None:
        members.append(("xl/sharedStrings.xml", shared_strings))
    if styles is not None:
        members.append(("xl/styles.xml", styles))
    return members


def xlsx(sheets, **options) -> bytes:
    return zip_bytes(xlsx_members(sheets, **options))


def appendix_rows() -> list[list]:
    """Appendix A as published, amounts as numbers, title rows and all (header on row 4)."""
    return numeric_rows(published_rows())


def appendix_sheet(**options) -> bytes:
    return worksheet(rows_xml(appendix_rows()), **options)


def appendix_openpyxl(formulas: bool = False) -> bytes:
    """Appendix A as Excel-like software writes it (shared strings, styles, docProps)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.properties.created = book.properties.modified = FIXED_TIMESTAMP
    sheet = book.active
    sheet.title = SHEET
    rows = appendix_rows()
    lines_since_total: list[int] = []
    for number, row in enumerate(rows, start=1):
        values = [None if value == "" else value for value in row]
        label = str(row[0]).lower()
        if formulas and "total" in label and "grand" not in label and lines_since_total:
            # Written by a program and never calculated: the subtotals are formulas with no saved value.
            first, last = lines_since_total[0], lines_since_total[-1]
            for column in (4, 5, 6):
                letter = column_letters(column)
                values[column] = f"=SUM({letter}{first}:{letter}{last})"
            lines_since_total = []
        elif isinstance(row[4] if len(row) > 4 else None, int) or isinstance(row[6] if len(row) > 6 else None, int):
            lines_since_total.append(number)
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        core = archive.read("docProps/core.xml")
    # openpyxl stamps the time of saving as 'modified'; the fixed date keeps the build byte-identical.
    core = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2020-02-18T00:00:00Z", core)
    return rezip(buffer.getvalue(), replace={"docProps/core.xml": core})


# --- OLE compound files (encrypted workbooks) ----------------------------------------------------

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def ole_bytes(streams: list[tuple[str, bytes]]) -> bytes:
    """A minimal compound file (version 3, 512-byte sectors) holding the given streams.

    Each stream is padded past the 4,096-byte mini-stream cut-off so that every
    one lives in ordinary sectors and no mini FAT is needed. Streams are listed
    in the directory's sort order (shorter names first) as one right-leaning chain.
    """
    streams = sorted(((name, data.ljust(max(len(data), 4096), b"\0")) for name, data in streams),
                     key=lambda item: (len(item[0]), item[0].upper()))
    directory_sectors = (len(streams) + 1 + 3) // 4
    sector = 1 + directory_sectors
    fat = [_FAT] + [i + 2 if i + 2 <= directory_sectors else _END for i in range(directory_sectors)]
    starts = []
    for _, data in streams:
        count = (len(data) + 511) // 512
        starts.append(sector)
        fat += [sector + i + 1 for i in range(count - 1)] + [_END]
        sector += count
    assert len(fat) <= 128, "one FAT sector is enough for a small container"
    fat += [_FREE] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded) + 2, kind, 1)
                + struct.pack("<III", _FREE, right, child) + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
                + struct.pack("<IQ", start, size))

    entries = [entry("Root Entry", 5, 1, _FREE, _END, 0)]
    for i, ((name, data), start) in enumerate(zip(streams, starts)):
        entries.append(entry(name, 2, _FREE, i + 2 if i + 1 < len(streams) else _FREE, start, len(data)))
    directory = b"".join(entries).ljust(directory_sectors * 512, b"\0")
    header = (bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<I", 0) + struct.pack("<108I", *[_FREE] * 108))
    body = b"".join(data.ljust(((len(data) + 511) // 512) * 512, b"\0") for _, data in streams)
    return header + struct.pack("<128I", *fat) + directory + body


# --- ODS written by hand -------------------------------------------------------------------------

ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
ODS_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
    b'xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type='
    b'"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
    b'manifest:media-type="text/xml"/></manifest:manifest>')


def ods_cell(value) -> str:
    if value in ("", None):
        return "<table:table-cell/>"
    if isinstance(value, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def ods_rows(rows: list[list], *, pad_columns_to: int = 0) -> str:
    out = []
    for row in rows:
        cells = "".join(ods_cell(value) for value in row)
        if pad_columns_to > len(row):
            cells += f'<table:table-cell table:number-columns-repeated="{pad_columns_to - len(row)}"/>'
        out.append(f"<table:table-row>{cells}</table:table-row>")
    return "".join(out)


def ods(table_body: str | Callable[[], Chunks], *, prolog: str = "", name: str = SHEET) -> bytes:
    head = (f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<office:document-content {ODS_NS} office:version="1.2">'
            f"<office:body><office:spreadsheet><table:table table:name={quoteattr(name)}>").encode()
    tail = b"</table:table></office:spreadsheet></office:body></office:document-content>"
    if isinstance(table_body, str):
        content: bytes | Callable[[], Chunks] = head + table_body.encode() + tail
    else:
        def content() -> Chunks:
            yield head
            yield from table_body()
            yield tail
    return zip_bytes([("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
                      ("META-INF/manifest.xml", ODS_MANIFEST), ("content.xml", content)])


# --- xls (BIFF8) through xlwt --------------------------------------------------------------------


def appendix_xls(extra_cells: list[tuple[int, int, object]] = ()) -> bytes:
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet(SHEET)
    for r, row in enumerate(appendix_rows()):
        for c, value in enumerate(row):
            if value not in ("", None):
                sheet.write(r, c, value)
    for r, c, value in extra_cells:
        sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def lying_dimensions(data: bytes) -> bytes:
    """The worksheet's DIMENSIONS record (0x0200, 14 bytes) rewritten to claim rows 1..2^31 and 16,384 columns."""
    patched = bytearray(data)
    at = data.index(struct.pack("<HH", 0x0200, 14))
    struct.pack_into("<IIHH", patched, at + 4, 0, 0x7FFFFFFF, 0, 0x4000)
    return bytes(patched)


# --- the files -----------------------------------------------------------------------------------


def png_bytes() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0\xff\xff\xff")) + chunk(b"IEND", b""))


def laughs(root: str) -> str:
    return LAUGHS_DTD.format(root=root)


def nested(open_tag: str, close_tag: str, depth: int) -> Callable[[], Chunks]:
    return lambda: iter([open_tag.encode() * depth, close_tag.encode() * depth])


def refless_cells(count: int) -> Callable[[], Chunks]:
    return repeated(b"<c><v>1</v></c>", count)


def appendix_csv_bytes() -> bytes:
    return APPENDIX_CSV.read_bytes()


def with_nul(data: bytes, late: bool) -> bytes:
    # 'CSE Analyst' is the last line but one section, some 8 KB in: past a 4 KB sniff for binary data.
    name = b"CSE Analyst" if late else b"Victim First"
    at = data.index(name)
    assert (at > 4096) == late
    return data[:at + 3] + b"\x00" + data[at + 3:]


def build_giant_line_csv() -> bytes:
    """40 MB in one field: under the 50 MB upload limit, one 'cell' to a delimiter count."""
    return b"Service Name " + b"x" * (40 * 1024 * 1024)


def build_zip_100k_members() -> bytes:
    """Appendix A and 100,000 empty members: about 9 MB of zip directory, so built at test time."""
    members = xlsx_members([(SHEET, appendix_sheet())])
    members += [(f"junk/{i}", b"") for i in range(100_000)]
    return zip_bytes(members, level=1)


def _members_2000_sheets() -> bytes:
    sheets = [(f"S{i + 1}", worksheet(f'<row r="1"><c r="A1"><v>{i + 1}</v></c></row>')) for i in range(2000)]
    return xlsx(sheets)


def _sheets_sharing_one_part() -> bytes:
    # 900 reference-less rows of 1,000 reference-less cells: 900,000 cells, just under the budget
    # for one part; 2,000 sheets read that part, so the workbook holds 1.8 billion cells.
    row = b"<row>" + b"<c><v>1</v></c>" * 1000 + b"</row>"
    part = streamed_worksheet(repeated(row, 900, batch=100))
    return xlsx([(f"S{i + 1}", part) for i in range(2000)], targets=["worksheets/sheet1.xml"] * 2000)


def _lying_sizes_hidden_rows() -> bytes:
    """The first 2 KB of the sheet is what its headers declare (CRC and size); 100 MB more follows.

    A reader that trusts the header sees a short sheet; one that reads to the end of
    the deflate stream finds millions of reference-less rows.
    """
    head = worksheet(rows_xml(appendix_rows()[:8]))[:-len(b"</sheetData></worksheet>")]
    declared = head[:2048]
    bomb = b"<row><c><v>1</v></c></row>"

    def chunks() -> Chunks:
        yield head
        yield from repeated(bomb, 2_000_000)()
        yield b"</sheetData></worksheet>"
    data = zip_bytes(xlsx_members([(SHEET, chunks)]))
    return patch_member(data, "xl/worksheets/sheet1.xml", file_size=len(declared), crc=zlib.crc32(declared))


def _lying_sizes_crc_mismatch() -> bytes:
    data = xlsx([(SHEET, appendix_sheet())])
    return patch_member(data, "xl/worksheets/sheet1.xml", file_size=1024)


def _bad_crc() -> bytes:
    data = xlsx([(SHEET, appendix_sheet())])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        crc = archive.getinfo("xl/worksheets/sheet1.xml").CRC
    return patch_member(data, "xl/worksheets/sheet1.xml", crc=crc ^ 0xFFFF)


def _duplicate_member_names() -> bytes:
    import warnings

    members = xlsx_members([(SHEET, appendix_sheet())])
    members.append(("xl/worksheets/sheet1.xml", _refless_one_row(2_000_000)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name: that is the attack
        return zip_bytes(members)


def _refless_one_row(count: int) -> Callable[[], Chunks]:
    def chunks() -> Chunks:
        yield XML_DECL + f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1">'.encode()
        yield from refless_cells(count)()
        yield b"</row></sheetData></worksheet>"
    return chunks


def _refless_after_xfd1() -> Callable[[], Chunks]:
    # 61 rows x 16,384 columns is just under the one-million budget a reference count sees;
    # the reference-less cells after XFD1 push row 1 out to column 916,385.
    def chunks() -> Chunks:
        yield XML_DECL + f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="XFD1"><v>1</v></c>'.encode()
        yield from refless_cells(900_000)()
        yield b'</row><row r="61"><c r="A61"><v>1</v></c></row></sheetData></worksheet>'
    return chunks


def _refless_rows_after(first: int, rows: int, cells_per_row: int) -> Callable[[], Chunks]:
    def chunks() -> Chunks:
        yield (XML_DECL + f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="{first}"><c r="A{first}"><v>1</v></c>'
               f"</row>".encode())
        yield from repeated(b"<row>" + b"<c><v>1</v></c>" * cells_per_row + b"</row>", rows)()
        yield b"</sheetData></worksheet>"
    return chunks


def _refless_prefixed(count: int) -> Callable[[], Chunks]:
    def chunks() -> Chunks:
        yield XML_DECL + f'<x:worksheet xmlns:x="{MAIN_NS}"><x:sheetData><x:row>'.encode()
        yield from repeated(b"<x:c><x:v>1</x:v></x:c>", count)()
        yield b"</x:row></x:sheetData></x:worksheet>"
    return chunks


def _giant_shared_string() -> bytes:
    text = ("Victim First " * 2400)[:30_000]
    shared = XML_DECL + f'<sst xmlns="{MAIN_NS}" count="300000" uniqueCount="1"><si><t>{text}</t></si></sst>'.encode()
    row = b"<c t=\"s\"><v>0</v></c>" * 1000

    def rows() -> Chunks:
        for number in range(1, 301):
            yield f'<row r="{number}">'.encode() + row + b"</row>"
    return xlsx([(SHEET, streamed_worksheet(rows))], shared_strings=shared)


def _million_shared_strings() -> bytes:
    def shared() -> Chunks:
        yield XML_DECL + f'<sst xmlns="{MAIN_NS}" count="3000000" uniqueCount="3000000">'.encode()
        yield from repeated(b"<si><t>a</t></si>", 3_000_000)()
        yield b"</sst>"
    return xlsx([(SHEET, appendix_sheet())], shared_strings=shared)


def _huge_styles() -> bytes:
    def styles() -> Chunks:
        yield XML_DECL + f'<styleSheet xmlns="{MAIN_NS}"><cellXfs count="1000000">'.encode()
        yield from repeated(b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>', 1_000_000)()
        yield b"</cellXfs></styleSheet>"
    return xlsx([(SHEET, appendix_sheet())], styles=styles)


def _whitespace_sheet(megabytes: int) -> Callable[[], Chunks]:
    body = rows_xml(appendix_rows()).encode()
    middle = body.index(b"</row>") + len(b"</row>")

    def chunks() -> Chunks:
        yield worksheet(body[:middle])[:-len(b"</sheetData></worksheet>")]
        yield from repeated(b" " * (1 << 20), megabytes, batch=1)()
        yield body[middle:] + b"</sheetData></worksheet>"
    return chunks


def _whitespace_bzip2() -> bytes:
    members = xlsx_members([(SHEET, _whitespace_sheet(1024))])
    return zip_bytes(members, compression=zipfile.ZIP_BZIP2)


def _repeated_rows() -> bytes:
    return xlsx([(SHEET, streamed_worksheet(repeated(b'<row r="1"><c r="A1"><v>1</v></c></row>', 1_500_000)))])


def _laughs_workbook() -> bytes:
    workbook = (XML_DECL + laughs("workbook").encode() + f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
                f'<sheet name="&lol9;" sheetId="1" r:id="rId1"/></sheets></workbook>'.encode())
    return xlsx([(SHEET, appendix_sheet())], workbook=workbook)


def _laughs_shared_strings() -> bytes:
    shared = (XML_DECL + laughs("sst").encode()
              + f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>'.encode())
    sheet = worksheet(rows_xml(appendix_rows()) + '<row r="100"><c r="A100" t="s"><v>0</v></c></row>')
    return xlsx([(SHEET, sheet)], shared_strings=shared)


def _laughs_sheet() -> bytes:
    sheet = worksheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
                      + rows_xml(appendix_rows(), first_row=2), prolog=laughs("worksheet"))
    return xlsx([(SHEET, sheet)])


def _xxe_shared_strings() -> bytes:
    shared = (XML_DECL + b'<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
              + f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&xxe;</t></si></sst>'.encode())
    sheet = worksheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + rows_xml(appendix_rows(), first_row=2))
    return xlsx([(SHEET, sheet)], shared_strings=shared)


def _deep_sheet() -> bytes:
    depth = 1_000_000
    return xlsx([(SHEET, streamed_worksheet(nested("<x>", "</x>", depth)))])


def _deep_workbook() -> bytes:
    depth = 1_000_000
    workbook = (XML_DECL + f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'.encode() + b"<x>" * depth
                + b"</x>" * depth + f'<sheets><sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>'.encode())
    return xlsx([(SHEET, worksheet('<row r="1"><c r="A1"><v>1</v></c></row>'))], workbook=workbook)


def _path_traversal() -> bytes:
    members = xlsx_members([(SHEET, appendix_sheet())])
    members += [(name, b"written outside the archive") for name in TRAVERSAL_NAMES]
    return zip_bytes(members)


# Where a naive extractor run from the repository root would write; the test checks none appears.
TRAVERSAL_NAMES = [
    "../../../../../../../../tmp/victims_hostile_traversal.txt",
    "/tmp/victims_hostile_absolute.txt",
    "..\\..\\..\\victims_hostile_backslash.txt",
]


def _macro_workbook() -> bytes:
    data = appendix_openpyxl()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").decode()
        relations = archive.read("xl/_rels/workbook.xml.rels").decode()
    types = types.replace("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                          "application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    types = types.replace("<Default ", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                                       "<Default ", 1)
    relations = relations.replace(
        "</Relationships>",
        '<Relationship Id="rIdVBA" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
        'Target="vbaProject.bin"/></Relationships>')
    # Not a compiled project, but the stream names and source an Auto_Open macro would carry.
    vba = ole_bytes([("PROJECT", b'ID="{00000000-0000-0000-0000-000000000000}"\r\nModule=Module1\r\n'),
                     ("Module1", b'Attribute VB_Name = "Module1"\r\nSub Auto_Open()\r\n'
                                 b'  Shell "calc.exe"\r\nEnd Sub\r\n')])
    return rezip(data, replace={"[Content_Types].xml": types.encode(), "xl/_rels/workbook.xml.rels": relations.encode()},
                 add=[("xl/vbaProject.bin", vba)])


def _encrypted() -> bytes:
    # An agile-encryption header (version 4.4) and a package of noise, as Excel writes a password-protected xlsx.
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0" encoding="UTF-8"?><encryption/>'
    package = struct.pack("<Q", 12_000) + bytes((i * 37 + 11) % 256 for i in range(12_000))
    return ole_bytes([("EncryptionInfo", info), ("EncryptedPackage", package)])


def _ods_repeated(cell: str, *, rows_repeated: int = 1, before: str = "") -> bytes:
    row_attribute = f' table:number-rows-repeated="{rows_repeated}"' if rows_repeated > 1 else ""
    return ods(f"<table:table-row{row_attribute}>{before}{cell}</table:table-row>")


def _ods_libreoffice_repeats() -> bytes:
    rows = appendix_rows()
    # How LibreOffice saves: each row padded to the last column, the rest of the sheet one repeated row.
    body = ods_rows(rows, pad_columns_to=16_384)
    body += ('<table:table-row table:number-rows-repeated="' + str(1_048_576 - len(rows)) + '">'
             '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>')
    return ods(body)


def _ods_laughs() -> bytes:
    body = ('<table:table-row><table:table-cell office:value-type="string"><text:p>&lol9;</text:p>'
            "</table:table-cell></table:table-row>" + ods_rows(appendix_rows()))
    return ods(body, prolog=laughs("office:document-content"))


def _ods_deep() -> bytes:
    depth = 500_000
    return ods(lambda: iter([b'<table:table-row><table:table-cell office:value-type="string"><text:p>',
                             b"<text:span>" * depth, b"deep", b"</text:span>" * depth,
                             b"</text:p></table:table-cell></table:table-row>"]))


def _csv_10000_columns() -> bytes:
    text = appendix_csv_bytes().decode("utf-8").splitlines()
    return ("\n".join(line + "," * (10_000 - line.count(",") - 1) for line in text) + "\n").encode()


def _unclosed_quote() -> bytes:
    data = appendix_csv_bytes()
    at = data.index(b"Victim First")
    return data[:at] + b'"' + data[at:]


def _appendix_csv() -> bytes:
    return appendix_csv_bytes()


def _hidden_columns_huge() -> bytes:
    return xlsx([(SHEET, appendix_sheet(before='<cols><col min="12" max="2147483647" width="9" hidden="1"/></cols>'))])


def _merge_whole_sheet() -> bytes:
    return xlsx([(SHEET, appendix_sheet(after='<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'))])


def _long_inline_string() -> bytes:
    body = rows_xml(appendix_rows()).encode()

    def ordered() -> Chunks:
        yield XML_DECL + f'<worksheet xmlns="{MAIN_NS}"><sheetData>'.encode() + body
        yield b'<row r="100"><c r="A100" t="inlineStr"><is><t>'
        yield from repeated(b"A" * (1 << 20), 100, batch=1)()
        yield b"</t></is></c></row></sheetData></worksheet>"
    return xlsx([(SHEET, ordered)])


# name -> (builder, what it attacks, expect, codes, words)
# expect: "load" (must load, Appendix A totals checked), "refuse" (exit 2, one of `codes`,
# any code when None), "load_or_refuse" (a real table behind an attack: either loads with the
# right totals, or is refused with one of `codes`). `words`: words the refusal must contain.
CORPUS: dict[str, dict] = {}
TEST_TIME = {"giant_line.csv": build_giant_line_csv, "zip_100k_members.xlsx": build_zip_100k_members,
             "sheets_2000.xlsx": lambda: _members_2000_sheets(), "columns_10000.csv": lambda: _csv_10000_columns()}


def entry(name: str, build: Callable[[], bytes] | None, attacks: str, expect: str,
          codes: list[str] | None = None, words: list[str] | None = None) -> None:
    CORPUS[name] = {"build": build, "attacks": attacks, "expect": expect, "codes": codes, "words": words or []}


# Controls: real figures, must load.
entry("control_appendix_a.xlsx", appendix_openpyxl, "nothing: Appendix A as openpyxl writes it (the baseline)", "load")
entry("control_appendix_a_handbuilt.xlsx", lambda: xlsx([(SHEET, appendix_sheet())]),
      "nothing: Appendix A in the hand-written xlsx the bombs are built from (inline strings)", "load")
entry("control_appendix_a.csv", _appendix_csv, "nothing: Appendix A as UTF-8 CSV", "load")
entry("control_appendix_a.ods", lambda: ods(ods_rows(appendix_rows())),
      "nothing: Appendix A in the hand-written ODS the ODS bombs are built from", "load")
entry("control_appendix_a.xls", appendix_xls, "nothing: Appendix A as an old BIFF8 .xls (xlwt)", "load")
entry("control_appendix_a_libreoffice_repeats.ods", _ods_libreoffice_repeats,
      "rows padded to column XFD and 1,048,5xx empty rows as one repeated row, as LibreOffice saves", "load")
entry("macro_appendix_a.xlsm", _macro_workbook,
      "xl/vbaProject.bin with an Auto_Open macro: values must load, nothing runs", "load")

# Cells without references.
entry("refless_cells_one_row.xlsx", lambda: xlsx([(SHEET, _refless_one_row(2_000_000))]),
      "2,000,000 <c> without r= in one row", "refuse", CELL_BUDGET)
entry("refless_cells_after_xfd1.xlsx", lambda: xlsx([(SHEET, _refless_after_xfd1())]),
      "<c r=\"XFD1\"> then 900,000 reference-less cells (row 1 runs past column XFD); a cell at A61",
      "refuse", RESOURCES)
entry("refless_rows_after_last_row.xlsx", lambda: xlsx([(SHEET, _refless_rows_after(1_048_576, 1000, 1))]),
      "<row r=\"1048576\"> followed by 1,000 rows without r= (past Excel's last row)", "refuse", CELL_BUDGET)
entry("refless_rows_after_row_900000.xlsx", lambda: xlsx([(SHEET, _refless_rows_after(900_000, 200_000, 4))]),
      "<row r=\"900000\"> then 200,000 reference-less rows of 4 reference-less cells (4.4 million grid cells)",
      "refuse", RESOURCES)
entry("refless_cells_many_rows.xlsx",
      lambda: xlsx([(SHEET, streamed_worksheet(repeated(b"<row>" + b"<c><v>1</v></c>" * 1500 + b"</row>", 1000, batch=50)))]),
      "1,000 rows without r= of 1,500 cells without r=", "refuse", CELL_BUDGET)
entry("refless_prefixed_cells.xlsx", lambda: xlsx([(SHEET, _refless_prefixed(2_000_000))]),
      "2,000,000 namespace-prefixed <x:c> without r=", "refuse", CELL_BUDGET)

# Extents.
entry("dimension_lies.xlsx", lambda: xlsx([(SHEET, appendix_sheet(dimension="A1:XFD1048576"))]),
      "Appendix A under <dimension ref=\"A1:XFD1048576\">", "refuse", CELL_BUDGET)
entry("corner_cells.xlsx", lambda: xlsx([(SHEET, worksheet(
    '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'))]),
      "one cell at A1, one at XFD1048576 (17 billion grid cells)", "refuse", CELL_BUDGET)
entry("merge_whole_sheet.xlsx", _merge_whole_sheet, "Appendix A with <mergeCell ref=\"A1:XFD1048576\">",
      "load_or_refuse", RESOURCES)
entry("hidden_columns_huge_range.xlsx", _hidden_columns_huge,
      "Appendix A with <col min=\"12\" max=\"2147483647\" hidden=\"1\">", "load_or_refuse", RESOURCES)

# Shared strings.
entry("giant_shared_string.xlsx", _giant_shared_string,
      "one 30,000-character shared string referenced by 300,000 cells (9 GB if copied per cell)", "refuse", RESOURCES)
entry("million_shared_strings.xlsx", _million_shared_strings,
      "Appendix A beside a sharedStrings.xml of 3,000,000 one-letter strings", "load_or_refuse", RESOURCES)
entry("shared_string_index_out_of_range.xlsx", lambda: xlsx([(SHEET, worksheet(
    rows_xml(appendix_rows()) + '<row r="100"><c r="A100" t="s"><v>4294967295</v></c></row>'))],
    shared_strings=XML_DECL + f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>a</t></si></sst>'.encode()),
      "Appendix A and a cell pointing at shared string 4,294,967,295 of 1", "load_or_refuse", DAMAGED)
entry("long_inline_string.xlsx", _long_inline_string, "Appendix A and one cell of 100 MB of text",
      "load_or_refuse", RESOURCES)

# Zip bombs and broken archives.
entry("bomb_whitespace_100mb.xlsx", lambda: xlsx([(SHEET, _whitespace_sheet(100))]),
      "Appendix A with 100 MB of whitespace between two rows (under the 200 MB expansion limit)",
      "load_or_refuse", RESOURCES)
entry("bomb_whitespace_1gb_bzip2.xlsx", _whitespace_bzip2, "1 GB of whitespace in a bzip2 member (800 bytes on disk)",
      "refuse", RESOURCES + DAMAGED + WRONG_FORMAT)
entry("bomb_repeated_rows.xlsx", _repeated_rows, "<row r=\"1\"> written 1,500,000 times", "refuse", CELL_BUDGET)
entry("lying_sizes_crc_mismatch.xlsx", _lying_sizes_crc_mismatch,
      "the sheet's headers claim 1 KB; it holds 30 KB (the CRC is of the whole)", "refuse", DAMAGED)
entry("lying_sizes_crc_matched.xlsx", _lying_sizes_hidden_rows,
      "headers claim the first 2 KB of the sheet, with that part's CRC; 50 MB of reference-less rows follow",
      "refuse", RESOURCES + DAMAGED)
entry("duplicate_member_names.xlsx", _duplicate_member_names,
      "two members named xl/worksheets/sheet1.xml: Appendix A, then 2,000,000 reference-less cells",
      "refuse", CELL_BUDGET + DAMAGED)
entry("zip_100k_members.xlsx", None, "Appendix A among 100,000 empty members (built at test time, 9 MB)",
      "load_or_refuse", RESOURCES)
entry("path_traversal.xlsx", _path_traversal, "Appendix A with members named ../../tmp/…, /tmp/…, ..\\..\\…",
      "load_or_refuse", DAMAGED)
entry("truncated.xlsx", lambda: appendix_openpyxl()[: len(appendix_openpyxl()) * 2 // 3],
      "the control workbook cut off at two thirds", "refuse", DAMAGED)
entry("bad_crc.xlsx", _bad_crc, "Appendix A with the sheet's CRC-32 wrong in both headers", "refuse", DAMAGED)

# XML.
entry("laughs_workbook.xlsx", _laughs_workbook, "billion laughs: a sheet name of &lol9; in workbook.xml",
      "refuse", DAMAGED)
entry("laughs_shared_strings.xlsx", _laughs_shared_strings, "billion laughs in sharedStrings.xml", "refuse", DAMAGED)
entry("laughs_sheet.xlsx", _laughs_sheet, "billion laughs in a worksheet's inline string", "refuse", DAMAGED)
entry("xxe_shared_strings.xlsx", _xxe_shared_strings, "an external entity (file:///etc/passwd) in sharedStrings.xml",
      "refuse", DAMAGED)
entry("deep_nesting_sheet.xlsx", _deep_sheet, "1,000,000 nested elements inside sheetData", "refuse")
entry("deep_nesting_workbook.xlsx", _deep_workbook, "1,000,000 nested elements in workbook.xml", "refuse")
entry("huge_styles.xlsx", _huge_styles, "Appendix A with a styles.xml of 1,000,000 cell formats (70 MB)",
      "load_or_refuse", RESOURCES)

# Many sheets.
entry("sheets_2000.xlsx", None, "2,000 sheets of one number each (built at test time, 670 KB)", "refuse")
entry("sheets_2000_one_part.xlsx", _sheets_sharing_one_part,
      "2,000 sheets all pointing at one 900,000-cell part (1.8 billion cells; one part's count is under budget)",
      "refuse", RESOURCES)

# Containers and wrong extensions.
entry("encrypted.xlsx", _encrypted, "an OLE container holding EncryptionInfo and EncryptedPackage streams",
      "refuse", DAMAGED, ["password"])
entry("csv_bytes_named.xlsx", _appendix_csv, "Appendix A CSV text named .xlsx", "refuse", WRONG_FORMAT)
entry("xlsx_bytes_named.csv", appendix_openpyxl, "the control workbook named .csv", "load_or_refuse", WRONG_FORMAT)
entry("png_named.xlsx", png_bytes, "a 1x1 PNG named .xlsx", "refuse", WRONG_FORMAT)
entry("empty.xlsx", lambda: b"", "zero bytes", "refuse", DAMAGED + WRONG_FORMAT)
entry("directory.xlsx", None, "a directory named like a workbook", "refuse", DAMAGED + WRONG_FORMAT)
entry("xlsx_bytes_named.xlsx.exe", appendix_openpyxl, "the control workbook named .xlsx.exe", "refuse", WRONG_FORMAT)

# ODS.
entry("ods_repeated_columns_content.ods", lambda: _ods_repeated(
    '<table:table-cell table:number-columns-repeated="1000000000" office:value-type="float" office:value="1"/>'),
      "one number cell repeated across 1,000,000,000 columns", "refuse", CELL_BUDGET)
entry("ods_repeated_rows_content.ods", lambda: _ods_repeated(
    '<table:table-cell office:value-type="float" office:value="1"/>', rows_repeated=5_000_000),
      "a row with a number repeated 5,000,000 times", "refuse", CELL_BUDGET)
entry("ods_repeated_empty_then_value.ods", lambda: _ods_repeated(
    '<table:table-cell office:value-type="float" office:value="1"/>',
    before='<table:table-cell table:number-columns-repeated="16000000"/>'),
      "16,000,000 repeated empty cells, then a number", "refuse", CELL_BUDGET)
entry("ods_repeated_empty_rows_then_value.ods", lambda: ods(
    '<table:table-row table:number-rows-repeated="3000000"><table:table-cell/></table:table-row>'
    '<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>'),
      "3,000,000 repeated empty rows, then a number", "refuse", CELL_BUDGET)
entry("ods_entity_bomb.ods", _ods_laughs, "billion laughs in content.xml", "refuse", DAMAGED)
entry("ods_deep_nesting.ods", _ods_deep, "500,000 nested text:span in one cell", "refuse")

# xls.
entry("xls_huge_dimensions.xls", lambda: lying_dimensions(appendix_xls()),
      "Appendix A under a DIMENSIONS record claiming 2^31 rows x 16,384 columns", "refuse", CELL_BUDGET)
entry("xls_last_cell.xls", lambda: appendix_xls([(65535, 255, 1)]),
      "Appendix A and a cell at row 65,536, column IV (the last BIFF8 cell)", "refuse", CELL_BUDGET)

# Formulas.
entry("formula_without_value.xlsx", lambda: appendix_openpyxl(formulas=True),
      "Appendix A whose section subtotals are =SUM() formulas never calculated (no <v>)", "refuse",
      ["formula_without_value"])

# CSV.
entry("giant_line.csv", None, "40 MB in one field on one line (built at test time)", "refuse", DAMAGED + RESOURCES)
entry("unclosed_quote.csv", _unclosed_quote, "Appendix A with a quote opened before 'Victim First' and never closed",
      "refuse")
entry("nul_bytes_early.csv", lambda: with_nul(appendix_csv_bytes(), late=False),
      "a NUL byte inside 'Victim First' (in the first 4 KB)", "load_or_refuse")
entry("nul_bytes_late.csv", lambda: with_nul(appendix_csv_bytes(), late=True),
      "a NUL byte inside 'CSE Analyst', 8 KB in (past the first 4 KB)", "load_or_refuse")
entry("utf16.csv", lambda: b"\xff\xfe" + appendix_csv_bytes().decode("utf-8").encode("utf-16-le"),
      "Appendix A as UTF-16 LE with BOM (Excel's 'Unicode text')", "load_or_refuse", DAMAGED + WRONG_FORMAT)
entry("columns_10000.csv", None, "Appendix A with every line padded to 10,000 columns (built at test time, 680 KB)",
      "load_or_refuse", RESOURCES)


def build(directory: Path = HERE) -> None:
    for name, spec in CORPUS.items():
        path = directory / name
        if name == "directory.xlsx":
            if path.is_file():
                path.unlink()
            path.mkdir(exist_ok=True)
            (path / ".keep").write_text("A directory named like a workbook; the loader must refuse it.\n")
        elif spec["build"] is not None:
            path.write_bytes(spec["build"]())
    expected = [{"file": name, "attacks": spec["attacks"], "expect": spec["expect"], "codes": spec["codes"],
                 "words": spec["words"], "built_at_test_time": name in TEST_TIME} for name, spec in CORPUS.items()]
    (directory / "expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n",
                                             encoding="utf-8")
    write_readme(directory, expected)


def write_readme(directory: Path, expected: list[dict]) -> None:
    totals = ", ".join(f"£{total:,} ({year})" for year, total in APPENDIX_TOTALS.items())
    lines = [
        "# Hostile corpus",
        "",
        "Files built to crash, hang or exhaust the loader (issue 12). Regenerate with",
        "",
        "    .venv/bin/python tests/data/hostile/build_hostile.py",
        "",
        "which also writes `expected.json` and this README from the same table. "
        "`tests/loaders/test_hostile_corpus.py` runs each through `python -m loaders FILE` "
        "with VICTIMS_PARSE_SECONDS=10 and VICTIMS_PARSE_MEMORY_MB=768; `bench/bench_hostile.py` prints "
        "seconds and peak MB for each.",
        "",
        f"Files that load must give Appendix A's {APPENDIX_AMOUNTS} amounts and its Grand Total: {totals}. "
        "A refusal is exit 2 and one line on stderr, `error [code]: FILE…`. "
        "\"any\" means no code is fixed, only a clean refusal. "
        "`load or refuse` marks a real table behind an attack: it may load (with the right totals) "
        "or be refused with one of the codes, never crash or hang.",
        "",
        "| file | what it attacks | expected outcome |",
        "| --- | --- | --- |",
    ]
    for item in expected:
        codes = " / ".join(f"`{code}`" for code in item["codes"]) if item["codes"] else "any code"
        outcome = {"load": "load", "refuse": f"refuse: {codes}", "load_or_refuse": f"load or refuse: {codes}"}[item["expect"]]
        name = item["file"] + (" (built at test time)" if item["built_at_test_time"] else "")
        lines.append(f"| `{name}` | {item['attacks'].replace('|', '/')} | {outcome} |")
    lines += ["", "The xls files are written by xlwt; `xls_huge_dimensions.xls` then has its DIMENSIONS "
              "record patched in place. The encrypted workbook and the macro project are compound files "
              "written by `ole_bytes` (no real encryption or compiled VBA: the loader must not need either)."]
    (directory / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build()
    for name in CORPUS:
        path = HERE / name
        if path.is_file():
            print(f"{path.stat().st_size:>9,}  {name}")
