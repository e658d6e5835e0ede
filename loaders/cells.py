"""The cells under a header, read a column at a time: shared by detect and read.

A national file has 100,000 amounts: every question asked of every cell (is
it blank, is it money, which distinct texts does a column hold) is answered
once per column, mostly by list and tuple methods that run in C, and kept.
"""
from __future__ import annotations

import re
from itertools import zip_longest
from typing import TYPE_CHECKING

import numpy as np

from loaders.amounts import AmountError, has_own_unit, parse_amount
from loaders.headers import header_key

if TYPE_CHECKING:
    from loaders.headers import HeaderMatch

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


# Control characters no one types: a NUL from a broken export, a bell, a DEL. Whitespace
# ones (tab, line breaks) become single spaces through split(); these are dropped, so a
# NUL can never reach the store (PostgreSQL refuses it) or a page.
_UNTYPEABLE = dict.fromkeys([*range(0x00, 0x09), 0x0E, 0x0F, *range(0x10, 0x1C), 0x7F, 0x200B, 0xFEFF])


def tidy_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).translate(_UNTYPEABLE).split())


class Columns:
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
        filled = np.ones(self.height, dtype=np.int64)
        for blank in [value for value in set(column) if not is_filled(value)]:
            filled[positions(column, blank)] = 0  # found by tuple.index, in C, not cell by cell
        return filled

    def know_texts(self, index: int, strings: list[str]) -> None:
        self._texts[index] = strings

    def texts(self, index: int) -> list[str]:
        """The distinct strings in a column, each once."""
        if index not in self._texts:
            self._texts[index] = [value for value in set(self[index]) if value.__class__ is str]
        return self._texts[index]



def first_text(row: list, amount_indexes: set[int], area_index: int | None) -> str:
    """The label of a row with no service name: its first filled cell outside the money columns."""
    for index, value in enumerate(row):
        if index not in amount_indexes and index != area_index and is_filled(value):
            return tidy_text(value)
    return ""


def only_filled_index(row: list, area_index: int | None) -> int | None:
    return next((index for index, value in enumerate(row) if index != area_index and is_filled(value)), None)


def is_filled(value: object) -> bool:
    return value is not None and (value.__class__ is not str or (value != "" and not value.isspace()))


PROBLEM = object()  # stands in for an amount cell that is not money, until its row's role is known


def parse_amount_column(values: tuple, footnotes: frozenset[str] = frozenset()
                        ) -> tuple[np.ndarray, dict[int, str], list[str], np.ndarray]:
    """One money column as floats in the file's own unit (NaN where blank); by row, what is
    wrong with any cell that is not money; the column's distinct texts; and where a cell
    states its own unit ("£1.2m"), so the column's unit is not applied to it again."""
    readings: dict[str, object] = {}  # each distinct text read once: a repeated header repeats its words

    def read(value: object) -> object:
        if value.__class__ is str and value in readings:
            return readings[value]
        try:
            reading = parse_amount(value, footnotes)
        except AmountError:
            reading = PROBLEM
        if value.__class__ is str:
            readings[value] = reading
        return reading

    # A CSV's cells are all text: its plain numbers ("531529.00") are read in bulk first.
    strings = {value for value in values if value.__class__ is str}
    plain = plain_numbers(strings)
    if len(plain) == len(strings) and set(map(type, values)) == {str}:
        # Every cell a plain number, none blank (a finance export's amounts): float() on each, in C.
        # Nothing to report, and no cell can state a unit of its own.
        return (np.fromiter(map(float, values), dtype=np.float64, count=len(values)), {}, plain,
                np.zeros(len(values), dtype=bool))
    readings.update(zip(plain, map(float, plain)))
    unread = object()
    known = readings.get
    # Most cells hold a plain number; parse_amount reads everything else.
    parsed = [value if value.__class__ is float else None if value == "" else known(value, unread)
              for value in values]
    if unread in parsed:
        for position in positions(parsed, unread):
            parsed[position] = read(values[position])
    problems = {}
    if PROBLEM in parsed:
        messages: dict[object, str] = {}
        for position in positions(parsed, PROBLEM):
            parsed[position] = None
            value = values[position]
            key = (value.__class__, value)
            if key not in messages:
                try:
                    parse_amount(value, footnotes)
                except AmountError as problem:
                    messages[key] = str(problem)
            problems[position] = messages[key]
    own_unit = np.zeros(len(values), dtype=bool)
    # Only text with letters can carry a unit ("£1.2m"); upper() == lower() finds the rest in C.
    plain_set = set(plain)
    with_unit = [text for text in readings
                 if text not in plain_set and text.upper() != text.lower() and has_own_unit(text)]
    for text in with_unit:
        own_unit[positions(values, text)] = True
    return np.array(parsed, dtype=np.float64), problems, list(readings), own_unit


# What parse_amount reads at once as float(text): ASCII digits, with pence after a point or not.
_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_PLAIN_NUMBERS = re.compile(r"(?:[0-9]+(?:\.[0-9]+)?\n)*[0-9]+(?:\.[0-9]+)?")


def plain_numbers(strings: set[str]) -> list[str]:
    """The strings that are plain numbers, found by one regular expression over them all joined
    when every one is (a finance export's amount column), one by one otherwise."""
    if not strings:
        return []
    listed = list(strings)
    joined = "\n".join(listed)
    # A cell holding a line break ("12\n34") would pass as two numbers joined: then one by one.
    if joined.count("\n") == len(listed) - 1 and _PLAIN_NUMBERS.fullmatch(joined):
        return listed
    return [text for text in listed if _PLAIN_NUMBER.fullmatch(text)]


def repeated_header_rows(cells: Columns, header: HeaderMatch) -> set[int]:
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
        joined = "\x00".join(strings)
        lowered = joined.lower()
        ends = None  # where each string ends in the joined text, once a key's words are all in it
        holding: set[int] = set()
        for key in column.keys - {""}:
            if len(lowered) == len(joined):
                if not all(word in lowered for word in key.split()):
                    continue  # no string holds every word: a column of 80,000 amounts holds no 'amount'
                if ends is None:
                    ends = np.cumsum(np.fromiter(map(len, strings), dtype=np.int64, count=len(strings)) + 1)
                holding |= strings_holding_all(lowered, ends, key.split())
            else:  # a letter lower-cases to two ('İ'), so positions in the joined text drift
                holding |= {number for number, value in enumerate(strings)
                            if all(word in value.lower() for word in key.split())}
        worded_keys = column.keys - {""}
        repeats = [strings[number] for number in holding if header_key(strings[number]) in worded_keys]
        if "" in column.keys:
            repeats += [value for value in strings if value not in repeats and tidy_text(value) in column.texts]
        for value in repeats:
            for position in positions(cells[column.index], value):
                counts[position] = counts.get(position, 0) + 1
    needed = min(2, len(header.columns))
    return {position for position, matches in counts.items() if matches >= needed}


def strings_holding_all(lowered: str, ends: np.ndarray, words: list[str]) -> set[int]:
    """Which of the lower-cased strings joined by \\x00 (each ending before `ends`) contain every word."""
    holding: set[int] | None = None
    for word in sorted(words, key=len, reverse=True):  # the rarest (longest) word first
        starts = [found.start() for found in re.finditer(re.escape(word), lowered)]
        found_in = set(np.searchsorted(ends, starts, side="right").tolist())
        holding = found_in if holding is None else holding & found_in
        if not holding:
            return set()
    return holding or set()


def positions(values: tuple | list, wanted: object) -> list[int]:
    """Where `wanted` occurs, found by tuple.index (a scan in C) rather than a loop over every cell."""
    found = []
    position = -1
    try:
        while True:
            position = values.index(wanted, position + 1)
            found.append(position)
    except ValueError:
        return found


class TextCache(dict):
    """_text of each distinct string cell, worked out once per walk."""

    def __missing__(self, value: str) -> str:
        text = self[value] = tidy_text(value)
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
            self.update((value, tidy_text(value)) for value in fresh)

    def column(self, values: tuple) -> list[str]:
        # Only strings are cached: 1, 1.0 and True are one dict key but read differently.
        return [self[value] if value.__class__ is str else tidy_text(value) for value in values]

