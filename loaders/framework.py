"""Walking a framework table row by row: sections, service lines, totals, notes.

The rules follow how OPCC finance teams lay tables out: a label alone on a row
starts a strategic area; a row whose label ends in "total" declares a sum; the
header is repeated after page breaks; footnotes sit under the table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.amounts import AmountError, parse_amount
from loaders.commissioning import normalise_commissioning
from loaders.errors import LoaderError
from loaders.headers import HeaderMatch, header_key
from loaders.schema import UNASSIGNED_AREA

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


@dataclass
class WalkResult:
    records: list[dict] = field(default_factory=list)
    declared: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


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
    header_keys = {c.index: c.keys for c in header.columns}
    service_index = header.field_column("service").index
    area_index = next((i for i, f in text_columns if f == "area"), None)

    current_section = UNASSIGNED_AREA
    block_start = header.row_index + 2  # 1-based row just below the header
    current_area = area or "Unspecified"
    seen_grand_total = False

    for row_index in range(header.row_index + 1, len(rows)):
        row = rows[row_index]
        source_row = row_index + 1
        filled = [(i, v) for i, v in enumerate(row) if v is not None and v != "" and _text(v) != ""]
        if not filled:
            continue
        if _is_repeated_header(row, header_keys):
            continue
        if area_index is not None and area_index < len(row) and _text(row[area_index]):
            if _text(row[area_index]) != current_area:
                current_area = _text(row[area_index])
                current_section, block_start, seen_grand_total = UNASSIGNED_AREA, source_row, False
            # In a national file every row repeats its force; the rest of the row decides its role.
            filled = [(i, v) for i, v in filled if i != area_index]
            if not filled:
                continue
        label = _text(row[service_index]) if service_index < len(row) else ""
        if not label:
            label = next((_text(v) for i, v in filled if i not in amount_indexes), "")

        figures: list[tuple[int, str, float]] = []
        for index, financial_year, scale in amount_columns:
            if index >= len(row):
                continue
            try:
                amount = parse_amount(row[index])
                if amount is not None and scale != 1.0:
                    amount = round(amount * scale, 2)
            except AmountError as problem:
                if TOTAL_LABEL.search(label) or (len(filled) == 1 and not figures):
                    amount = None
                else:
                    raise LoaderError(str(problem), file=file_name, sheet=sheet, row=source_row, column=index)
            if amount is not None:
                figures.append((index, financial_year, amount))

        if TOTAL_LABEL.search(label) and figures:
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

        base = {column_field: _text(row[index]) if index < len(row) else "" for index, column_field in text_columns}
        category, partners = normalise_commissioning(base.get("commissioning_type", ""))
        explicit_partners = base.get("funding_partners", "")
        record_base = {
            "area": current_area,
            "strategic_area": section_name(base["strategic_area"]) if base.get("strategic_area") else current_section,
            "service": label,
            "provider": base.get("provider", ""),
            "provision": base.get("provision", ""),
            "commissioning_type": category,
            "funding_partners": explicit_partners or partners,
            "geography": base.get("geography", ""),
            "source_file": file_name,
            "source_sheet": sheet,
            "source_row": source_row,
        }
        for _, financial_year, amount in figures:
            result.records.append({**record_base, "financial_year": financial_year, "amount_gbp": amount})
    return result


def _is_repeated_header(row: list, header_keys: dict[int, frozenset[str]]) -> bool:
    matches = 0
    for index, keys in header_keys.items():
        if index < len(row) and isinstance(row[index], str) and header_key(row[index]) in keys:
            matches += 1
    return matches >= min(2, len(header_keys))
