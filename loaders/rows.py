"""What each row under a header is: a service line, a section, a declared total, or nothing.

The rules follow how OPCC finance teams lay tables out: a label alone on a row
starts a strategic area; a row whose label ends in "total" declares a sum; the
header is repeated after page breaks; footnotes sit under the table; in an
outline layout a group row carries the sum of the lines below it, with no
word to say so. `detect` asks these questions once and writes the answers
into the Layout; `read` only follows them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from loaders.cells import (
    TOTAL_LABEL, Columns, TextCache, first_text, is_filled, is_note, only_filled_index, parse_amount_column, positions,
    repeated_header_rows,
)
from loaders.errors import LoaderError
from loaders.headers import HeaderMatch

TOTAL_WORDS = {"total", "totals", "subtotal", "sub", "grand", "overall", "sub-total", "£"}
# A group row must cover at least this many lines, and look no further than this for them.
GROUP_MIN_LINES, GROUP_MAX_LINES = 2, 60
TOLERANCE_GBP = 0.005
FOOTNOTE_MARK = re.compile(r"^\s*(?:\(?(\d{1,2})\)|(\d{1,2})(?:[\s.:)]|(?=[A-Z][a-z]))|[¹²³⁴⁵⁶⁷⁸⁹])")


class Body:
    """The rows below a header as columns, each money column parsed once and kept."""

    def __init__(self, rows: list[list], header_index: int) -> None:
        self.first = header_index + 1  # 0-based index of the first body row
        self.rows = rows[self.first:]
        self.cells = Columns(self.rows)
        self.texts = TextCache()
        self._amounts: dict[tuple[int, frozenset], tuple] = {}
        self._footnotes: frozenset[str] | None = None
        self.file_name: str | None = None

    def source_row(self, position: int) -> int:
        return self.first + position + 1

    @property
    def footnotes(self) -> frozenset[str]:
        """Marks the sheet's footnote rows explain ('2 Includes the uplift'): only those are marks."""
        if self._footnotes is None:
            self._footnotes = footnote_marks(self.rows, (self.cells[0], self.cells[1]))
        return self._footnotes

    def amounts(self, index: int) -> tuple[np.ndarray, dict[int, str], list[str], np.ndarray]:
        key = (index, self.footnotes)
        if key not in self._amounts:
            self._amounts[key] = parse_amount_column(self.cells[index], self.footnotes)
            self.cells.know_texts(index, self._amounts[key][2])
        return self._amounts[key]

    def column_texts(self, index: int) -> list[str]:
        distinct = self.cells.texts(index)
        self.texts.learn(distinct)
        values = self.cells[index]
        # Text cells already tidy (a finance export's names) are their own texts: no walk needed.
        if all(self.texts[value] == value for value in distinct) and set(map(type, values)) <= {str}:
            return list(values)
        return self.texts.column(values)


def footnote_marks(rows: list[list], first_columns: tuple[tuple, tuple] | None = None) -> frozenset[str]:
    """`first_columns`: columns A and B of the rows, None past a row's end, when already to hand."""
    marks = set()
    for row in _rows_with_blanks(rows, first_columns):
        # Counted in C first: a footnote row holds one cell, and nearly every row holds more.
        if len(row) - row.count(None) - row.count("") != 1:
            continue
        filled = [value for value in row if value not in (None, "")]
        if len(filled) == 1 and isinstance(filled[0], str):
            match = FOOTNOTE_MARK.match(filled[0])
            if match and len(filled[0].split()) > 1:
                marks.add(match.group(1) or match.group(2) or filled[0].strip()[0])
    return frozenset(marks)


def _rows_with_blanks(rows: list[list], first_columns: tuple[tuple, tuple] | None = None) -> list[list]:
    """The rows that could hold a single cell: blank in column A or B (a footnote row of
    one cell is blank in at least one of them), found by a scan in C of those two columns."""
    if len(rows) < 1_000:
        return rows
    wanted = set()
    for index in (0, 1):
        column = first_columns[index] if first_columns is not None else \
            tuple(row[index] if index < len(row) else None for row in rows)
        for blank in (None, ""):
            wanted.update(positions(column, blank))
    return [rows[position] for position in sorted(wanted)]


def body_of(memo: dict, sheet: str, rows: list[list], header_index: int, last_row: int | None = None) -> Body:
    """The table under a header, to `last_row` (1-based) when the sheet holds another table below it."""
    key = ("body", sheet, header_index, last_row)
    if key not in memo:
        memo[key] = Body(rows[:last_row] if last_row else rows, header_index)
    return memo[key]


@dataclass
class RowFindings:
    line_positions: list[int] = field(default_factory=list)
    section_rows: list[int] = field(default_factory=list)
    total_rows: list[int] = field(default_factory=list)
    group_rows: list[int] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)
    repeated_headers: list[int] = field(default_factory=list)


def is_total_label(label: str) -> bool:
    # Every total label contains the word; the regular expression only runs when it is there.
    return "total" in label.lower() and TOTAL_LABEL.search(label) is not None


def classify_rows(
    body: Body,
    header: HeaderMatch | None,
    *,
    amount_indexes: list[int],
    service_index: int | None,
    area_index: int | None,
    file_name: str,
    sheet: str,
    skip_positions: frozenset[int] = frozenset(),
) -> RowFindings:
    """Each row's role, worked out column by column and then in one pass in sheet order."""
    findings = RowFindings()
    if not body.rows:
        return findings
    cells = body.cells
    amounts = [body.amounts(index) for index in amount_indexes]
    amount_set = set(amount_indexes)
    area_filled = cells.filled(area_index).tolist() if area_index is not None else None
    header_rows = repeated_header_rows(cells, header) if header is not None else set()
    labels = body.column_texts(service_index) if service_index is not None else None
    area_texts = body.column_texts(area_index) if area_index is not None else None
    has_figure = np.zeros(len(body.rows), dtype=bool)
    for values, _, _, _ in amounts:
        has_figure |= ~np.isnan(values)
    problem_rows = set().union(*(problems for _, problems, _, _ in amounts))
    plain = _plain_lines(labels, area_texts, has_figure, service_index, area_index, amount_set,
                         problem_rows | header_rows | skip_positions)
    has_figure = has_figure.tolist()
    seen_grand_total = False
    current_area = None

    # A plain line (a name, a figure, no total word) only appends itself and may change the
    # force; the loop visits every other row and those changes, in sheet order, so a
    # 100,000-row long table is walked in bulk and its findings are the same.
    events = np.flatnonzero(~plain)
    if area_texts is not None:
        events = np.union1d(events, _area_changes(area_texts, plain, header_rows | set(skip_positions)))
    plain_positions = np.flatnonzero(plain)
    added = 0
    for position in events.tolist():
        upto = int(np.searchsorted(plain_positions, position, side="left"))
        if upto > added:
            findings.line_positions.extend(plain_positions[added:upto].tolist())
        added = max(added, upto + (1 if upto < len(plain_positions) and plain_positions[upto] == position else 0))
        row = body.rows[position]
        filled = len(row) - sum(1 for value in row if not is_filled(value))
        source_row = body.source_row(position)
        if not filled:
            continue
        if position in header_rows or position in skip_positions:
            findings.skipped_rows.append(source_row)
            if position in header_rows:
                findings.repeated_headers.append(source_row)
            continue
        area_text = ""
        if area_texts is not None:
            area_text = area_texts[position]
            if area_text:
                area_total = is_total_label(area_text)
                if area_text != current_area and not area_total:
                    current_area, seen_grand_total = area_text, False
                # In a national file every row repeats its force; the rest of the row decides its role.
                filled -= area_filled[position]
                if not filled and not area_total:
                    if has_figure[position] and service_index is None:
                        findings.line_positions.append(position)  # a per-force table: the force is the line
                    elif not has_figure[position]:
                        findings.skipped_rows.append(source_row)  # a note under the table, in the area column
                    continue
        label = (labels[position] if labels is not None else "") \
            or first_text(body.rows[position], amount_set, area_index)
        if not label and area_text and (service_index is None or is_total_label(area_text)):
            label = area_text  # "Total" written in the PCC column
        is_total = is_total_label(label)
        if position in problem_rows and not (is_total or filled == 1):
            _raise_first_problem(amounts, amount_indexes, position, file_name, sheet, source_row)
        if has_figure[position] and is_total:
            findings.total_rows.append(source_row)
            if "sub" not in label.lower():
                seen_grand_total = True
            continue
        if not has_figure[position]:
            if filled == 1 and not seen_grand_total and not is_note(label) \
                    and only_filled_index(body.rows[position], area_index) not in amount_set:
                findings.section_rows.append(source_row)
            else:
                findings.skipped_rows.append(source_row)
            continue
        if not label:
            raise LoaderError(
                "this row has amounts but no service name", file=file_name, sheet=sheet,
                row=source_row, column=service_index, code="no_service_column",
            )
        findings.line_positions.append(position)
    findings.line_positions.extend(plain_positions[added:].tolist())
    return findings


def _plain_lines(labels, area_texts, has_figure: np.ndarray, service_index, area_index, amount_set: set[int],
                 unusual: set[int]) -> np.ndarray:
    """Rows that can only be lines: a service name that is no total, a figure, nothing else to decide."""
    plain = np.zeros(len(has_figure), dtype=bool)
    if labels is None or service_index in amount_set or service_index == area_index:
        return plain
    named = _no_total(labels)
    if named is None:
        totals = {label: bool(label) and not is_total_label(label) for label in set(labels)}
        named = np.fromiter(map(totals.__getitem__, labels), dtype=bool, count=len(labels))
    else:
        named[positions(labels, "")] = False
    plain = has_figure & named
    if area_texts is not None:
        if area_index in amount_set:
            return np.zeros(len(has_figure), dtype=bool)
        if _no_total(area_texts) is None:
            areas = {text: not (text and is_total_label(text)) for text in set(area_texts)}
            plain &= np.fromiter(map(areas.__getitem__, area_texts), dtype=bool, count=len(area_texts))
    if unusual:
        plain[np.fromiter(unusual, dtype=np.intp, count=len(unusual))] = False
    return plain


def _no_total(texts: list[str]) -> np.ndarray | None:
    """All True when no text holds the word 'total' (one search of them all, lower-cased and
    joined, in place of a look at each), else None: then each must be asked."""
    if "total" in "\x00".join(set(texts)).lower():
        return None
    return np.ones(len(texts), dtype=bool)


def _area_changes(area_texts: list[str], plain: np.ndarray, passed_over: set[int]) -> np.ndarray:
    """Plain lines whose force differs from the force of the last row above that names one.

    Only rows the walk looks at count: a repeated header's 'PCC' cell names no force.
    """
    carries = {text: bool(text) and not is_total_label(text) for text in set(area_texts)}
    codes = {text: number for number, text in enumerate(carries)}
    code = np.fromiter(map(codes.__getitem__, area_texts), dtype=np.int64, count=len(area_texts))
    naming = np.fromiter(carries.values(), dtype=bool, count=len(carries))[code]  # codes number carries' keys
    if passed_over:
        naming[np.fromiter(passed_over, dtype=np.intp, count=len(passed_over))] = False
    positions = np.flatnonzero(naming)
    if not positions.size:
        return positions
    carried = code[positions]
    changed = np.concatenate([[True], carried[1:] != carried[:-1]])
    found = positions[changed]
    return found[plain[found]]  # those that are plain lines, in order (an intersect1d without its sort)


def _raise_first_problem(amounts, amount_indexes, position: int, file_name: str, sheet: str, source_row: int):
    for (_, problems, _, _), index in zip(amounts, amount_indexes):
        if position in problems:
            raise LoaderError(problems[position], file=file_name, sheet=sheet, row=source_row, column=index,
                              code="bad_amount")


def find_group_rows(body: Body, findings: RowFindings, amount_indexes: list[int],
                    detail_indexes: list[int] = ()) -> list[tuple[int, int, int]]:
    """Lines that are really group rows: each equals the sum of the lines below it.

    An outline layout puts "Victims 1,395,707" above the lines it sums, with no
    word "total". Counting it as a line doubles the money. A row is taken as a
    group only when, between two boundaries (sections, totals), every line is
    either a group row or one of its details, and each group covers at least
    two non-zero lines, and a group row names nothing but itself (no provider,
    no commissioning text): CHISVA's £50,000 is Number 5's £34,000 plus Domestic
    Homicide Reviews' £16,000 in Leicestershire's framework, and it is a line.
    Each group comes back as (its row, the first and the last row it sums).
    """
    if not findings.line_positions or not amount_indexes:
        return []
    positions = np.asarray(findings.line_positions)
    grid = np.column_stack([body.amounts(index)[0][positions] for index in amount_indexes])
    grid = np.nan_to_num(grid)
    boundaries = sorted(findings.section_rows + findings.total_rows)
    rows = (positions + (body.first + 1)).tolist()  # body.source_row of each, at once
    segment = np.searchsorted(np.asarray(boundaries, dtype=np.int64), np.asarray(rows), side="left") \
        if boundaries else np.zeros(len(rows), dtype=np.int64)
    named = np.zeros(len(body.rows), dtype=bool)
    for index in detail_indexes:
        named |= body.cells.filled(index).astype(bool)
    bare = (~named[positions]).tolist()
    groups = []
    # Runs of lines between two boundaries, each from where the segment changes to before the next change.
    starts = [0] + (np.flatnonzero(segment[1:] != segment[:-1]) + 1).tolist()
    for start, stop in zip(starts, starts[1:] + [len(rows)]):
        groups += _groups_in_run(grid[start:stop], rows[start:stop], bare[start:stop])
    return groups


def _groups_in_run(grid: np.ndarray, rows: list[int], bare: list[bool]) -> list[tuple[int, int, int]]:
    count = len(rows)
    if count < GROUP_MIN_LINES + 1:
        return []
    cumulative = np.vstack([np.zeros(grid.shape[1]), np.cumsum(grid, axis=0)])
    found, position = [], 0
    while position < count:
        value = grid[position]
        matched = None
        if bare[position] and np.any(np.abs(value) > TOLERANCE_GBP):
            for size in range(GROUP_MIN_LINES, min(GROUP_MAX_LINES, count - position - 1) + 1):
                detail = cumulative[position + 1 + size] - cumulative[position + 1]
                if np.all(np.abs(detail - value) < TOLERANCE_GBP):
                    matched = size
                    break
        if matched is None:
            return []  # a line outside every group: this run is not an outline
        found.append((rows[position], rows[position + 1], rows[position + matched]))
        position += 1 + matched
    return found


def spans_of(body: Body, findings: RowFindings, amount_indexes: list[int], rows: list[int],
             file_name: str, sheet: str) -> list[tuple[int, int, int]]:
    """For rows the user names as totals (--total-rows), the run of lines each one sums.

    A summary block may sit above all the lines ("Domestic abuse 153,308", "Sexual violence
    64,856", then six grants), so the run is looked for among all the other lines, not only
    those right below; a row that sums no run is refused, never taken on trust.
    """
    named = set(rows)
    if not named:
        return []
    lines = {body.source_row(p) for p in findings.line_positions}
    for row in sorted(named - lines):
        raise LoaderError(
            f"--total-rows: row {row} is not a line of the table (it is a declared total, a section or blank); "
            "name the rows that were read as lines but are totals of other lines",
            file=file_name, sheet=sheet, row=row, code="bad_option",
        )
    positions = [p for p in findings.line_positions if body.source_row(p) not in named]
    if not positions:
        return []
    grid = np.nan_to_num(np.column_stack([body.amounts(index)[0][np.asarray(positions)] for index in amount_indexes]))
    cumulative = np.vstack([np.zeros(grid.shape[1]), np.cumsum(grid, axis=0)])
    line_rows = [body.source_row(p) for p in positions]
    spans = []
    for row in sorted(named):
        value = np.nan_to_num(np.array([body.amounts(index)[0][row - body.first - 1] for index in amount_indexes]))
        found = None
        for first in range(len(positions)):
            for last in range(first + GROUP_MIN_LINES - 1, min(len(positions), first + 4 * GROUP_MAX_LINES)):
                if np.all(np.abs(cumulative[last + 1] - cumulative[first] - value) < TOLERANCE_GBP):
                    found = (row, line_rows[first], line_rows[last])
                    break
            if found:
                break
        if found is None:
            raise LoaderError(
                f"--total-rows: row {row} is not the sum of any run of lines in the table, so it cannot be "
                "taken as their total; name only rows that add up the lines they stand for",
                file=file_name, sheet=sheet, row=row, code="bad_option",
            )
        spans.append(found)
    return spans
