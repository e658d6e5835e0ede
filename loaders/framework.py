"""Walking a framework table row by row: sections, service lines, totals, notes.

The rules follow how OPCC finance teams lay tables out: a label alone on a row
starts a strategic area; a row whose label ends in "total" declares a sum; the
header is repeated after page breaks; footnotes sit under the table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import zip_longest
from operator import itemgetter

import numpy as np
import pandas as pd
import pyarrow as pa

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

    Each service line is stored once in `lines`; each amount points at its line
    and its year, so the tidy frame is built with vectorised takes instead of a
    dict per amount.
    """

    lines: dict[str, list] = field(default_factory=lambda: {column: [] for column in LINE_COLUMNS})
    years: list[str] = field(default_factory=list)
    amount_line: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.intp))
    amount_year: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.intp))  # index into years
    amount_gbp: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.float64))
    declared: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.amount_gbp)

    def tidy_frame(self) -> pd.DataFrame:
        """The tidy rows in TIDY_COLUMNS order, one per amount, in the order the walk met them."""
        line_of_amount = pa.array(self.amount_line)
        columns = {}
        for column in TIDY_COLUMNS:
            if column == "financial_year":
                values = pa.array(self.years, type=pa.string()).take(pa.array(self.amount_year))
            elif column == "amount_gbp":
                columns[column] = self.amount_gbp
                continue
            elif column == "source_row":
                columns[column] = np.asarray(self.lines[column], dtype=np.int64)[self.amount_line]
                continue
            else:
                values = pa.array(self.lines[column], type=pa.string()).take(line_of_amount)
            columns[column] = pd.array(values, dtype="str")
        return pd.DataFrame(columns)


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
    """Read the table below the header: each row a section, a total, a service line or nothing.

    Work that looks at every cell (is it blank, is it a repeated header, what
    amount does it hold, what text) is done a column at a time; the loop over
    rows then only follows the sections and totals, which depend on order.
    """
    result = WalkResult()
    first = header.row_index + 1
    body = rows[first:]
    if not body:
        return result
    cells = _Columns(body)
    text_columns = [(c.index, c.field) for c in header.columns if c.field not in ("amount", None)]
    amount_columns = [
        (c.index, c.financial_year or undated_year, c.scale)
        for c in header.amount_columns
        if c.financial_year or (undated_year and not any(a.financial_year for a in header.amount_columns))
    ]
    amount_indexes = {index for index, _, _ in amount_columns}
    service_index = header.field_column("service").index
    area_index = next((i for i, f in text_columns if f == "area"), None)
    strategic_index = next((i for i, f in text_columns if f == "strategic_area"), None)
    texts = _TextCache()  # a force's providers and reaches repeat on every line

    amounts = []
    for index, _, scale in amount_columns:
        values, problems, strings = _parse_amounts(cells[index], scale)
        amounts.append((values, problems))
        cells.know_texts(index, strings)  # spares building a set of every figure in the column
    filled_counts = cells.filled_counts(body)
    area_filled = cells.filled(area_index) if area_index is not None else None
    header_rows = _repeated_header_rows(cells, header)
    for index, _ in text_columns:
        texts.learn(cells.texts(index))
    labels = texts.column(cells[service_index])
    area_texts = texts.column(cells[area_index]) if area_index is not None else None
    strategic_texts = texts.column(cells[strategic_index]) if strategic_index is not None else None
    has_figure = np.zeros(len(body), dtype=bool)
    for values, _ in amounts:
        has_figure |= ~np.isnan(values)
    problem_rows = set().union(*(problems for _, problems in amounts))
    # Plain lists for the loop: indexing a numpy array one element at a time is slow.
    filled_counts, has_figure = filled_counts.tolist(), has_figure.tolist()
    area_filled = area_filled.tolist() if area_filled is not None else None

    current_section = UNASSIGNED_AREA
    block_start = first + 1  # 1-based row just below the header
    current_area = area or "Unspecified"
    seen_grand_total = False
    found_lines: list[tuple[int, str, str, str]] = []  # position, area, strategic area, service

    for position in range(len(body)):
        filled = filled_counts[position]
        if not filled or position in header_rows:
            continue
        source_row = first + position + 1
        if area_texts is not None:
            area_text = area_texts[position]
            if area_text:
                if area_text != current_area:
                    current_area = area_text
                    current_section, block_start, seen_grand_total = UNASSIGNED_AREA, source_row, False
                # In a national file every row repeats its force; the rest of the row decides its role.
                filled -= area_filled[position]
                if not filled:
                    continue
        label = labels[position] or _first_text(body[position], amount_indexes, area_index)
        # Every total label contains the word; the regular expression only runs when it is there.
        is_total = "total" in label.lower() and TOTAL_LABEL.search(label) is not None
        if position in problem_rows and not (is_total or filled == 1):
            _raise_first_problem(amounts, amount_columns, position, file_name, sheet, source_row)

        if has_figure[position] and is_total:
            remainder = [w for w in re.split(r"[\s:]+", label.lower()) if w and w not in TOTAL_WORDS]
            is_subtotal = "sub" in label.lower() or bool(remainder and current_section != UNASSIGNED_AREA
                                                          and remainder[0] in current_section.lower())
            for (values, _), (_, financial_year, _) in zip(amounts, amount_columns):
                amount = values[position]
                if amount == amount:
                    result.declared.append({
                        "area": current_area,
                        "label": label,
                        "kind": "subtotal" if is_subtotal else "grand_total",
                        "strategic_area": current_section if is_subtotal else "",
                        "financial_year": financial_year,
                        "declared_gbp": float(amount),
                        "covers_from_row": block_start if is_subtotal else first + 1,
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

        if not has_figure[position]:
            if filled == 1 and not seen_grand_total and not is_note(label) \
                    and _only_filled_index(body[position], area_index) not in amount_indexes:
                current_section = section_name(label)
                block_start = source_row + 1
            continue
        if not label:
            raise LoaderError(
                "this row has amounts but no service name", file=file_name, sheet=sheet,
                row=source_row, column=service_index,
            )
        if strategic_texts is not None and strategic_texts[position]:
            # A strategic area cell merged down its group holds its text in the first row only.
            named = section_name(strategic_texts[position])
            if named != current_section:
                current_section, block_start = named, source_row
        found_lines.append((position, current_area, current_section, label))

    line_rows, line_areas, line_sections, line_labels = (list(part) for part in zip(*found_lines)) \
        if found_lines else ([], [], [], [])
    _fill_lines(result, cells, texts, text_columns, line_rows, line_areas, line_sections, line_labels,
                file_name=file_name, sheet=sheet, first=first)
    _fill_amounts(result, amounts, amount_columns, line_rows)
    return result


class _Columns:
    """The rows below the header turned into columns; a ragged CSV row is padded with blanks."""

    def __init__(self, body: list[list]) -> None:
        self.height = len(body)
        self._columns = list(zip_longest(*body))
        self._texts: dict[int, list[str]] = {}

    def __getitem__(self, index: int) -> tuple:
        if index < len(self._columns):
            return self._columns[index]
        return (None,) * self.height

    def filled(self, index: int) -> np.ndarray:
        """1 where the cell holds something: not blank, not only spaces."""
        column = self[index]
        blanks = {value for value in set(column) if not _is_filled(value)}
        return np.fromiter((value not in blanks for value in column), dtype=np.int64, count=self.height)

    def know_texts(self, index: int, strings: list[str]) -> None:
        self._texts[index] = strings

    def texts(self, index: int) -> list[str]:
        """The distinct strings in a column, each once."""
        if index not in self._texts:
            self._texts[index] = [value for value in set(self[index]) if value.__class__ is str]
        return self._texts[index]

    def filled_counts(self, body: list[list]) -> np.ndarray:
        """How many cells of each row hold something, counted by list.count where it can be."""
        counts = np.array([len(row) - row.count("") - row.count(None) for row in body], dtype=np.int64)
        # Only a file with cells of nothing but spaces pays for looking at them one by one.
        for index, column in enumerate(self._columns):
            spaces = [value for value in self.texts(index) if value and value.isspace()]
            for value in spaces:
                counts[_positions(column, value)] -= 1
        return counts


def _first_text(row: list, amount_indexes: set[int], area_index: int | None) -> str:
    """The label of a row with no service name: its first filled cell outside the money columns."""
    for index, value in enumerate(row):
        if index not in amount_indexes and index != area_index and _is_filled(value):
            return _text(value)
    return ""


def _only_filled_index(row: list, area_index: int | None) -> int | None:
    return next((index for index, value in enumerate(row) if index != area_index and _is_filled(value)), None)


def _is_filled(value: object) -> bool:
    return value is not None and (value.__class__ is not str or (value != "" and not value.isspace()))


_PROBLEM = object()  # stands in for an amount cell that is not money, until its row's role is known


def _parse_amounts(values: tuple, scale: float) -> tuple[np.ndarray, dict[int, str], list[str]]:
    """One money column as floats (NaN where blank); by row, what is wrong with any cell that
    is not money; and the column's distinct texts other than blank."""
    readings: dict[str, object] = {}  # each distinct text read once: a repeated header repeats its words

    def read(value: object) -> object:
        if value.__class__ is str and value in readings:
            return readings[value]
        try:
            reading = parse_amount(value)
        except AmountError:
            reading = _PROBLEM
        if value.__class__ is str:
            readings[value] = reading
        return reading

    # Most cells hold a plain number; parse_amount reads everything else.
    parsed = [value if value.__class__ is float else None if value == "" else read(value) for value in values]
    problems = {}
    if _PROBLEM in parsed:
        messages: dict[object, str] = {}
        for position in _positions(parsed, _PROBLEM):
            parsed[position] = None
            value = values[position]
            key = (value.__class__, value)
            if key not in messages:
                try:
                    parse_amount(value)
                except AmountError as problem:
                    messages[key] = str(problem)
            problems[position] = messages[key]
    if scale != 1.0:
        parsed = [None if value is None or value != value else round(value * scale, 2) for value in parsed]
    return np.array(parsed, dtype=np.float64), problems, list(readings)


def _raise_first_problem(amounts, amount_columns, position: int, file_name: str, sheet: str, source_row: int):
    for (_, problems), (index, _, _) in zip(amounts, amount_columns):
        if position in problems:
            raise LoaderError(problems[position], file=file_name, sheet=sheet, row=source_row, column=index)


def _repeated_header_rows(cells: _Columns, header: HeaderMatch) -> set[int]:
    """Rows that repeat the header (after a page break): at least two of its column names again.

    A cell repeats its column's name when its words are one of the column's
    header keys; for a header of no words, such as "(£)", only the same text
    counts (a dash or a blank has no words either, and is data).

    header_key(text) can only equal a key if every word of the key appears in
    the text, whatever its case. A search over each column's distinct texts,
    joined, finds the few that hold all of them; only those are compared in full.
    """
    counts: dict[int, int] = {}
    for column in header.columns:
        strings = cells.texts(column.index)
        if not strings or not column.keys:
            continue
        lowered = "\x00".join(strings).lower()
        ends = np.cumsum(np.fromiter(map(len, strings), dtype=np.int64, count=len(strings)) + 1)
        holding: set[int] = set()
        for key in column.keys - {""}:
            if len(lowered) == ends[-1] - 1:
                holding |= _strings_holding_all(lowered, ends, key.split())
            else:  # a letter lower-cases to two ('İ'), so positions in the joined text drift
                holding |= {number for number, value in enumerate(strings)
                            if all(word in value.lower() for word in key.split())}
        worded_keys = column.keys - {""}
        repeats = [strings[number] for number in holding if header_key(strings[number]) in worded_keys]
        if "" in column.keys:
            repeats += [value for value in strings if value not in repeats and _text(value) in column.texts]
        for value in repeats:
            for position in _positions(cells[column.index], value):
                counts[position] = counts.get(position, 0) + 1
    needed = min(2, len(header.columns))
    return {position for position, matches in counts.items() if matches >= needed}


def _strings_holding_all(lowered: str, ends: np.ndarray, words: list[str]) -> set[int]:
    """Which of the lower-cased strings joined by \\x00 (each ending before `ends`) contain every word."""
    holding: set[int] | None = None
    for word in sorted(words, key=len, reverse=True):  # the rarest (longest) word first
        starts = [found.start() for found in re.finditer(re.escape(word), lowered)]
        found_in = set(np.searchsorted(ends, starts, side="right").tolist())
        holding = found_in if holding is None else holding & found_in
        if not holding:
            return set()
    return holding or set()


def _positions(values: tuple | list, wanted: object) -> list[int]:
    """Where `wanted` occurs, found by tuple.index (a scan in C) rather than a loop over every cell."""
    found = []
    position = -1
    try:
        while True:
            position = values.index(wanted, position + 1)
            found.append(position)
    except ValueError:
        return found


def _fill_lines(result, cells, texts, text_columns, line_rows, line_areas, line_sections, line_labels,
                *, file_name: str, sheet: str, first: int) -> None:
    lines = result.lines
    by_field = {}
    pick = itemgetter(*line_rows) if len(line_rows) > 1 else (lambda column: tuple(column[p] for p in line_rows))
    for index, column_field in text_columns:
        if column_field not in ("area", "service", "strategic_area"):  # the walk has these already
            by_field[column_field] = texts.column(pick(cells[index]))
    blank = [""] * len(line_rows)
    commissioning = by_field.get("commissioning_type", blank)
    normalised = {text: normalise_commissioning(text) for text in set(commissioning)}
    explicit_partners = by_field.get("funding_partners", blank)
    lines["area"] = line_areas
    lines["strategic_area"] = line_sections
    lines["service"] = line_labels
    lines["provider"] = by_field.get("provider", blank)
    lines["provision"] = by_field.get("provision", blank)
    lines["commissioning_type"] = [normalised[text][0] for text in commissioning]
    lines["funding_partners"] = [
        explicit or normalised[text][1] for explicit, text in zip(explicit_partners, commissioning)
    ]
    lines["geography"] = by_field.get("geography", blank)
    lines["source_file"] = [file_name] * len(line_rows)
    lines["source_sheet"] = [sheet] * len(line_rows)
    lines["source_row"] = [first + position + 1 for position in line_rows]


def _fill_amounts(result, amounts, amount_columns, line_rows: list[int]) -> None:
    """Each line's amounts in column order, lines in sheet order, blanks left out."""
    if not line_rows or not amounts:
        return
    chosen = np.asarray(line_rows, dtype=np.intp)
    grid = np.column_stack([values[chosen] for values, _ in amounts])  # lines x years
    present = ~np.isnan(grid)
    result.amount_line, result.amount_year = np.nonzero(present)
    result.years = [financial_year for _, financial_year, _ in amount_columns]
    result.amount_gbp = grid[present]


class _TextCache(dict):
    """_text of each distinct string cell, worked out once per walk."""

    def __missing__(self, value: str) -> str:
        text = self[value] = _text(value)
        return text

    def learn(self, distinct: list[str]) -> None:
        """Cache a column's distinct strings, taking the ones already tidy together.

        Nearly every cell is already one line with single spaces. Joined, they
        are checked by a few string methods that run in C: any whitespace but
        the plain space is not printable, and a double space or a space beside
        the joining character is one _text would remove. Only if something is
        found does each string pay for _text.
        """
        fresh = [value for value in distinct if value not in self]
        if not fresh:
            return
        joined = "\x00".join(fresh)
        tidy = (
            "".join(fresh).isprintable()
            and "  " not in joined and " \x00" not in joined and "\x00 " not in joined
            and not joined.startswith(" ") and not joined.endswith(" ")
        )
        if tidy:
            self.update(zip(fresh, fresh))
        else:
            self.update((value, _text(value)) for value in fresh)

    def column(self, values: tuple) -> list[str]:
        # Only strings are cached: 1, 1.0 and True are one dict key but read differently.
        return [self[value] if value.__class__ is str else _text(value) for value in values]

