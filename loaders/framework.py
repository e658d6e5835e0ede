"""Walking a framework table row by row: sections, service lines, totals, notes.

The rules follow how OPCC finance teams lay tables out: a label alone on a row
starts a strategic area; a row whose label ends in "total" declares a sum; the
header is repeated after page breaks; footnotes sit under the table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from loaders.amounts import AmountError, parse_amount
from loaders.commissioning import normalise_commissioning
from loaders.errors import LoaderError
from loaders.headers import HeaderMatch, header_key
from loaders.schema import TIDY_COLUMNS, UNASSIGNED_AREA

TOTAL_LABEL = re.compile(
    r"^(?:grand\s+|overall\s+)?(?:sub[\s-]?)?totals?\b|\b(?:sub[\s-]?)?totals?\s*(?:\(£\)|£)?\s*:?$",
    re.IGNORECASE,
)
NOTE_START = re.compile(
    r"^(?:[*†‡¹²³#]|\(?\d+\)|\d+\.\s|source\b|sources\b|note\b|notes\b|nb\b|n\.b\.|please\b|"
    r"figures\b|all figures\b|key\b|updated\b|prepared by\b)",
    re.IGNORECASE,
)
TOTAL_WORDS = {"total", "totals", "subtotal", "sub", "grand", "overall", "sub-total", "£"}

DECLARED_COLUMNS = [
    "area", "label", "kind", "strategic_area", "financial_year", "declared_gbp",
    "covers_from_row", "covers_to_row", "source_file", "source_sheet", "source_row",
]


def section_name(label: str) -> str:
    """'CROSS CUTTING' -> 'Cross Cutting'; short acronyms such as 'VAWG' stay as written."""
    text = " ".join(label.split()).rstrip(":").strip()
    if text.isupper() and not (len(text) <= 4 and " " not in text):
        text = " ".join(word.capitalize() if len(word) > 3 or word.isalpha() else word for word in text.split())
        text = re.sub(r"\b(And|Of|The|For|In|To)\b", lambda m: m.group(0).lower(), text)
    return text


def is_note(label: str) -> bool:
    return bool(NOTE_START.match(label)) or len(label.split()) > 10 or label.rstrip().endswith(".")


# A service line's columns: all but the year and amount, which each amount carries.
LINE_COLUMNS = [column for column in TIDY_COLUMNS if column not in ("financial_year", "amount_gbp")]
_NUMBER_TYPES = (float, int)


@dataclass
class WalkResult:
    """What the walk found, kept by column: a national file has 100,000 amounts.

    Each service line is stored once in `lines`; each amount points at its line,
    so the tidy frame is built with one vectorised take instead of a dict per amount.
    """

    lines: dict[str, list] = field(default_factory=lambda: {column: [] for column in LINE_COLUMNS})
    amount_line: list[int] = field(default_factory=list)
    amount_year: list[str] = field(default_factory=list)
    amount_gbp: list[float] = field(default_factory=list)
    declared: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.amount_gbp)

    def tidy_frame(self) -> pd.DataFrame:
        """The tidy rows in TIDY_COLUMNS order, one per amount, in the order the walk met them."""
        lines = pd.DataFrame(self.lines, columns=LINE_COLUMNS)
        tidy = lines.take(np.asarray(self.amount_line, dtype=np.intp)).reset_index(drop=True)
        tidy["financial_year"] = self.amount_year
        tidy["amount_gbp"] = np.asarray(self.amount_gbp, dtype=np.float64)
        return tidy[TIDY_COLUMNS]


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def walk_rows(
    rows: list[list],
    header: HeaderMatch,
    *,
    file_name: str,
    sheet: str,
    area: str | None,
    undated_year: str | None,
) -> WalkResult:
    result = WalkResult()
    text_columns = [(c.index, c.field) for c in header.columns if c.field not in ("amount", None)]
    amount_columns = [
        (c.index, c.financial_year or undated_year, c.scale)
        for c in header.amount_columns
        if c.financial_year or (undated_year and not any(a.financial_year for a in header.amount_columns))
    ]
    amount_indexes = {index for index, _, _ in amount_columns}
    header_words = _header_words(header)
    service_index = header.field_column("service").index
    area_index = next((i for i, f in text_columns if f == "area"), None)
    lines = result.lines
    texts = _TextCache()  # a force's providers and reaches repeat on every line

    current_section = UNASSIGNED_AREA
    block_start = header.row_index + 2  # 1-based row just below the header
    current_area = area or "Unspecified"
    seen_grand_total = False

    for row_index in range(header.row_index + 1, len(rows)):
        row = rows[row_index]
        source_row = row_index + 1
        # Written out rather than calling a helper per cell: this runs for every cell of the sheet.
        filled = [
            (i, v) for i, v in enumerate(row)
            if v is not None and v != "" and (
                not v.isspace() if v.__class__ is str else v.__class__ in _NUMBER_TYPES or _text(v) != ""
            )
        ]
        if not filled:
            continue
        if _is_repeated_header(row, header_words):
            continue
        width = len(row)
        area_text = texts.of(row[area_index]) if area_index is not None and area_index < width else ""
        if area_text:
            if area_text != current_area:
                current_area = area_text
                current_section, block_start, seen_grand_total = UNASSIGNED_AREA, source_row, False
            # In a national file every row repeats its force; the rest of the row decides its role.
            filled = [(i, v) for i, v in filled if i != area_index]
            if not filled:
                continue
        label = texts.of(row[service_index]) if service_index < width else ""
        if not label:
            label = next((_text(v) for i, v in filled if i not in amount_indexes), "")
        # Every total label contains the word; the regular expression only runs when it is there.
        is_total = "total" in label.lower() and TOTAL_LABEL.search(label) is not None

        figures: list[tuple[int, str, float]] = []
        for index, financial_year, scale in amount_columns:
            if index >= len(row):
                continue
            value = row[index]
            try:
                # Most cells hold a plain number; parse_amount reads everything else.
                if value.__class__ is float:
                    amount = value if value == value else None
                else:
                    amount = parse_amount(value)
                if amount is not None and scale != 1.0:
                    amount = round(amount * scale, 2)
            except AmountError as problem:
                if is_total or (len(filled) == 1 and not figures):
                    amount = None
                else:
                    raise LoaderError(str(problem), file=file_name, sheet=sheet, row=source_row, column=index)
            if amount is not None:
                figures.append((index, financial_year, amount))

        if is_total and figures:
            remainder = [w for w in re.split(r"[\s:]+", label.lower()) if w and w not in TOTAL_WORDS]
            is_subtotal = "sub" in label.lower() or bool(remainder and current_section != UNASSIGNED_AREA
                                                          and remainder[0] in current_section.lower())
            for _, financial_year, amount in figures:
                result.declared.append({
                    "area": current_area,
                    "label": label,
                    "kind": "subtotal" if is_subtotal else "grand_total",
                    "strategic_area": current_section if is_subtotal else "",
                    "financial_year": financial_year,
                    "declared_gbp": amount,
                    "covers_from_row": block_start if is_subtotal else header.row_index + 2,
                    "covers_to_row": source_row - 1,
                    "source_file": file_name,
                    "source_sheet": sheet,
                    "source_row": source_row,
                })
            if is_subtotal:
                block_start = source_row + 1
            else:
                seen_grand_total = True
            continue

        if not figures:
            if len(filled) == 1 and not seen_grand_total and not is_note(label) and filled[0][0] not in amount_indexes:
                current_section = section_name(label)
                block_start = source_row + 1
            continue
        if not label:
            raise LoaderError(
                "this row has amounts but no service name", file=file_name, sheet=sheet,
                row=source_row, column=service_index,
            )

        base = {column_field: texts.of(row[index]) if index < width else "" for index, column_field in text_columns}
        category, partners = normalise_commissioning(base.get("commissioning_type", ""))
        explicit_partners = base.get("funding_partners", "")
        line_number = len(lines["source_row"])
        if base.get("strategic_area"):
            # A strategic area cell merged down its group holds its text in the first row only.
            named = section_name(base["strategic_area"])
            if named != current_section:
                current_section, block_start = named, source_row
        lines["area"].append(current_area)
        lines["strategic_area"].append(current_section)
        lines["service"].append(label)
        lines["provider"].append(base.get("provider", ""))
        lines["provision"].append(base.get("provision", ""))
        lines["commissioning_type"].append(category)
        lines["funding_partners"].append(explicit_partners or partners)
        lines["geography"].append(base.get("geography", ""))
        lines["source_file"].append(file_name)
        lines["source_sheet"].append(sheet)
        lines["source_row"].append(source_row)
        for _, financial_year, amount in figures:
            result.amount_line.append(line_number)
            result.amount_year.append(financial_year)
            result.amount_gbp.append(amount)
    return result


class _TextCache(dict):
    """_text of each distinct string cell, worked out once per walk."""

    def __missing__(self, value: str) -> str:
        text = self[value] = _text(value)
        return text

    def of(self, value: object) -> str:
        # Only strings are cached: 1, 1.0 and True are one dict key but read differently.
        return self[value] if value.__class__ is str else _text(value)


def _header_words(header: HeaderMatch) -> list[tuple[int, frozenset[str], tuple[str, ...]]]:
    """Per column, the header keys that mark a repeat and the longest word of each.

    header_key(text) can only equal a key if the key's longest word appears in
    text.lower(), so that cheap test rules out nearly every data cell before the
    regular expressions run: on a national file this was most of the walk's time.
    """
    return [
        (column.index, column.keys, tuple(max(key.split(), key=len, default="") for key in column.keys))
        for column in header.columns
    ]


def _is_repeated_header(row: list, header_words: list[tuple[int, frozenset[str], tuple[str, ...]]]) -> bool:
    matches = 0
    width = len(row)
    for index, keys, words in header_words:
        if index < width:
            value = row[index]
            if isinstance(value, str):
                lowered = value.lower()
                if (words[0] in lowered if len(words) == 1 else any(word in lowered for word in words)) \
                        and header_key(value) in keys:
                    matches += 1
    return matches >= min(2, len(header_words))
