"""Reading a workbook whose formulas were never calculated, when a person has chosen to, with those cells said.

detect refuses such a formula in the table (it would read as a blank and the
table would be short). Staff who cannot get the file recalculated may still
choose to load it, on the upload page or with --accept-unsaved-formulas; the
cells are then read as missing, and every such load carries a note naming
them, so the shortfall is never silent.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from loaders.errors import LoaderError
from loaders.readers import Workbook

ACCEPT_FLAG = "--accept-unsaved-formulas"
# Where the loader's own advice ("open the file in Excel or LibreOffice, save it") needs a command.
RECALCULATE = "libreoffice --headless --convert-to xlsx --outdir recalculated {file}"
_CELLS_NAMED = 12


def accepting_unsaved_formulas(book: Workbook) -> tuple[Workbook, dict[str, list[str]]]:
    """The same workbook with its uncalculated formulas read as missing cells, and those cells by sheet."""
    cells = {sheet: list(found) for sheet, found in book.unsaved_formula_cells.items() if found}
    return dataclasses.replace(book, unsaved_formula_cells={}), cells


def missing_cells_note(cells: dict[str, list[str]], sheets: list[str]) -> str | None:
    """The sentence every such load carries: which cells were read as missing, and what that does."""
    named = [cell for sheet in sheets for cell in cells.get(sheet, ())]
    if not named:
        return None
    shown = ", ".join(named[:_CELLS_NAMED]) + (f" and {len(named) - _CELLS_NAMED} more" if len(named) > _CELLS_NAMED
                                               else "")
    count = f"{len(named)} cell{'s' if len(named) != 1 else ''}"
    return (f"{count} ({shown}) hold a formula with no saved value and were read as missing, as chosen: "
            "the lines and totals they hold are left out, so the figures are short by whatever they hold")


def recalculate_advice(file_name: str) -> str:
    """The one line that tells a person how to get saved values, or to load without them."""
    return (f"to recalculate it: {RECALCULATE.format(file=file_name)} and load recalculated/{Path(file_name).stem}.xlsx "
            f"(an .xlsx); or give {ACCEPT_FLAG} to read those cells as missing")


def with_command_advice(error: LoaderError, file_name: str) -> LoaderError:
    """The refusal as one line whose advice is a command, not "open it in Excel" (there is no Excel at a prompt).

    detect's problem names what is wrong, then, after its first semicolon,
    what a person at a desktop would do; the command line keeps the first part
    and gives the command instead.
    """
    what = error.problem.split(";", 1)[0]
    return dataclasses.replace(error, problem=f"{what}; {recalculate_advice(file_name)}")
