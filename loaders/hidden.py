"""Hidden columns of an xlsx sheet, which calamine does not report.

Finance teams hide working columns (last year's figures, a formula's parts)
and publish the rest; reading a hidden column as the table's figures would
count money the publisher left out. Only the `<cols>` element at the head of
each sheet's XML is read, so the cost is a few KB however large the sheet.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile

from defusedxml import ElementTree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
COL = re.compile(rb"<(?:\w+:)?col\b[^>]*>")
HEAD_BYTES = 65_536


def _attribute(tag: bytes, name: bytes) -> bytes | None:
    match = re.search(rb"\b" + name + rb'="([^"]*)"', tag)
    return match.group(1) if match else None


def hidden_columns_reader(data: bytes):
    """A function from sheet name to its hidden 0-based column indexes; empty where unknown."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # noqa: BLE001 - a part calamine could read without is not worth refusing over
        return lambda sheet: set()
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    paths = {}
    for sheet in workbook.iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(RELATIONSHIP))
        if target:
            paths[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join("xl", target))

    def hidden(sheet: str) -> set[int]:
        path = paths.get(sheet)
        if path is None:
            return set()
        try:
            with archive.open(path) as part:
                head = part.read(HEAD_BYTES)
        except Exception:  # noqa: BLE001
            return set()
        head = head.split(b"<sheetData", 1)[0]
        found = set()
        for tag in COL.findall(head):
            if _attribute(tag, b"hidden") in (b"1", b"true"):
                low, high = int(_attribute(tag, b"min") or 0), int(_attribute(tag, b"max") or 0)
                if 1 <= low <= high:
                    found |= set(range(low - 1, min(high, low + 16_384)))
        return found

    return hidden
