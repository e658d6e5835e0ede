"""Everything a member of staff sees before pressing Store: the rows, the totals check and the warnings.

Warnings never stop an upload: a negative figure may be a clawback, a
service may really be funded twice. They name the row so the person can
check the file, then decide. What is already in the store (providers,
aliases, the years each area has) comes in as a StoreContext, so these
checks are plain functions of data and are tested without a database.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

import store
from analysis.money import format_gbp
from analysis.providers import suggest_aliases
from loaders import LoadResult, LoaderError
from loaders.commissioning import OTHER, normalise_commissioning
from loaders.detect import detect
from loaders.load import load_layout, options_from
from loaders.readers import Workbook
from loaders.worker import Limits
from loaders.schema import UNASSIGNED_AREA
from uploads.duplicates import STORED_FILE_COLUMNS, stored_files
from uploads.errors import UploadError
from uploads.layout import Layout, layout_view, read_upload
from uploads.unplaced import UnplacedColumn, unplaced_columns

NEGATIVE_AMOUNT = "negative_amount"
DUPLICATE_SERVICE = "duplicate_service"
UNKNOWN_COMMISSIONING = "unknown_commissioning_type"
NO_COMMISSIONING_COLUMN = "no_commissioning_column"
UNPLACED_COLUMN = "unplaced_column"
PROVIDER_LOOKALIKE = "provider_lookalike"
YEAR_ALREADY_STORED = "year_already_stored"
LOADER_NOTE = "loader_note"
SAVED_LAYOUT_UNUSED = "saved_layout_unused"

# A warning lists at most this many rows; a file with hundreds of negatives needs fixing, not a list.
MAX_ROWS_NAMED = 8



@dataclass(frozen=True)
class UploadWarning:
    kind: str
    message: str


@dataclass(frozen=True)
class StoreContext:
    """What an upload is compared with: the store's providers, aliases and current datasets."""

    providers: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()  # (alias, canonical name)
    datasets: pd.DataFrame = field(default_factory=pd.DataFrame)  # store.list_datasets(current_only=True)
    layouts: tuple[tuple[str, str], ...] = ()  # (area casefolded, the Layout saved with its last upload, as JSON)
    # Every stored version, current or not, with its file's sha256 and its lines' content key (uploads.duplicates).
    stored_files: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=STORED_FILE_COLUMNS))

    def layout_for(self, area: str) -> dict | None:
        import json

        wanted = " ".join(area.split()).casefold()
        return next((json.loads(text) for key, text in self.layouts if key == wanted), None)

    @classmethod
    def empty(cls) -> "StoreContext":
        return cls()


def read_store_context(engine: Engine) -> StoreContext:
    spend = store.load_spend(engine, current_only=True)
    aliases = store.list_aliases(engine)
    import json

    datasets = store.list_datasets(engine, current_only=True)
    layouts = []
    for area in sorted(set(datasets["area"].dropna()) if not datasets.empty else set()):
        saved = store.latest_layout(engine, area)
        if saved is not None:
            layouts.append((" ".join(area.split()).casefold(), json.dumps(saved)))
    return StoreContext(
        providers=tuple(sorted(set(spend["provider"].dropna().astype(str).str.strip()) - {""})),
        aliases=tuple(zip(aliases["alias"], aliases["canonical_name"])),
        datasets=datasets,
        layouts=tuple(layouts),
        stored_files=stored_files(store.list_datasets(engine), store.load_spend(engine, current_only=False)),
    )


@dataclass
class UploadPreview:
    """A file read and checked, not yet stored; commit_upload stores exactly this."""

    file_name: str
    data: bytes
    area: str
    year: str | None
    result: LoadResult
    layout: Layout
    warnings: list[UploadWarning]
    overlapping: pd.DataFrame  # current datasets of this area holding any of the file's years
    # Columns with a heading that are not used, each with a sample of its values (uploads/unplaced.py).
    unplaced: list[UnplacedColumn] = field(default_factory=list)

    @property
    def unplaced_lookalikes(self) -> list[UnplacedColumn]:
        """Unused columns that read like a strategic area, provider or service: Store asks before leaving them out."""
        return [column for column in self.unplaced if column.looks_like]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def tidy(self) -> pd.DataFrame:
        return self.result.tidy

    @property
    def years(self) -> list[str]:
        return sorted(self.result.tidy["financial_year"].unique())

    @property
    def mismatches(self) -> int:
        reconciliation = self.result.reconciliation
        return 0 if reconciliation.empty else int((~reconciliation["matches"]).sum())

    @property
    def total_gbp(self) -> float:
        """Every amount in the file added up, over all its years (what Store promises to store)."""
        return float(self.tidy["amount_gbp"].sum())

    def totals_by_year(self) -> pd.DataFrame:
        return (
            self.result.tidy.groupby("financial_year", as_index=False)
            .agg(lines=("amount_gbp", "size"), amount_gbp=("amount_gbp", "sum"))
        )


def preview_upload(
    data: bytes,
    file_name: str,
    *,
    area: str,
    year: str | None = None,
    sheet: str | None = None,
    units: str | None = None,
    column_fields: dict[int, str] | None = None,
    saved_layout: dict | None = None,
    context: StoreContext | None = None,
    limits: Limits | None = None,
    book: Workbook | None = None,
) -> UploadPreview:
    """Read the file as the loader does and gather the warnings; raises LoaderError or UploadError.

    `saved_layout` is the Layout stored with this area's last upload: the file
    is read by it first, and afresh (with a warning saying why) if it no longer fits.
    `book` is the file as read_upload returned it (the read the layout was drawn from);
    without it the file is read now, in a worker under `limits`.
    """
    area = " ".join((area or "").split())
    if not area:
        raise UploadError("Name the area (the PCC) this file is for before uploading it")
    context = context or StoreContext.empty()
    if saved_layout is None and not column_fields:
        saved_layout = context.layout_for(area)  # this area's last upload, unless staff have remapped columns
    book = book or read_upload(data, file_name, limits)
    settings = dict(sheet=sheet, area=area, year=year or None, units=units or None, column_fields=column_fields)
    notes = []
    try:
        try:
            layout = detect(book, options_from(**settings, layout=saved_layout))
        except LoaderError as misfit:
            if saved_layout is None or misfit.code != "layout_mismatch":
                raise
            notes.append(UploadWarning(SAVED_LAYOUT_UNUSED, f"The Layout saved with this area's last upload does "
                                                            f"not fit this file ({misfit.problem}), so it was read afresh."))
            layout = detect(book, options_from(**settings))
        result = load_layout(book, layout, settles_units=bool(units))
    except LoaderError as error:
        if error.code == "bad_option" and error.problem.startswith("--year: "):
            error.problem = error.problem[len("--year: "):]  # typed in the form's year box, not a flag
        if error.code == "year_unknown" and "--year" in error.problem:
            error.problem = error.problem.split("; give it")[0] + "; enter the financial year on the form, e.g. 2020/21"
        raise
    view = layout_view(file_name, book.sheet_names, result.layout)
    overlapping = overlapping_datasets(context.datasets, area, result.tidy)
    unplaced = unplaced_columns(result, lambda: book.rows(result.sheet))
    warnings = (
        notes
        + [UploadWarning(UNPLACED_COLUMN, column.message) for column in unplaced]
        + [UploadWarning(LOADER_NOTE, note) for note in result.warnings]
        + negative_amounts(result.tidy)
        + duplicate_services(result.tidy)
        + commissioning_warnings(result, lambda: book.rows(result.sheet))
        + provider_lookalikes(result.tidy, context)
        + years_already_stored(overlapping, result.tidy)
    )
    return UploadPreview(
        file_name=file_name, data=data, area=area, year=year or None, result=result,
        layout=view, warnings=warnings, overlapping=overlapping, unplaced=unplaced,
    )


def _rows_named(rows: list[int]) -> str:
    rows = sorted(set(int(row) for row in rows))
    shown = ", ".join(str(row) for row in rows[:MAX_ROWS_NAMED])
    more = f" and {len(rows) - MAX_ROWS_NAMED} more" if len(rows) > MAX_ROWS_NAMED else ""
    return f"row{'s' if len(rows) > 1 else ''} {shown}{more}"


def negative_amounts(tidy: pd.DataFrame) -> list[UploadWarning]:
    negative = tidy[tidy["amount_gbp"] < 0]
    return [
        UploadWarning(
            NEGATIVE_AMOUNT,
            f"Row {line.source_row} ('{line.service}', {line.financial_year}) has a negative amount, "
            f"{format_gbp(line.amount_gbp)}: check it is a refund or clawback and not a typing slip.",
        )
        for line in negative.head(MAX_ROWS_NAMED).itertuples()
    ] + ([UploadWarning(NEGATIVE_AMOUNT, f"{len(negative) - MAX_ROWS_NAMED} more negative amounts are not listed.")]
         if len(negative) > MAX_ROWS_NAMED else [])


def duplicate_services(tidy: pd.DataFrame) -> list[UploadWarning]:
    """The same service name twice in one year for one area: funded twice, or pasted twice?"""
    per_year = tidy.groupby(["area", "service", "financial_year"], sort=True)["source_row"].agg(list)
    repeated = per_year[per_year.map(len) > 1]
    warnings = []
    for (area, service), years in repeated.groupby(level=["area", "service"], sort=True):
        rows = [row for listed in years for row in listed]
        year_names = ", ".join(years.index.get_level_values("financial_year"))
        times = max(len(listed) for listed in years)
        warnings.append(UploadWarning(
            DUPLICATE_SERVICE,
            f"'{service}' is listed {'twice' if times == 2 else f'{times} times'} in {year_names} "
            f"({_rows_named(rows)}); keep both only if they are separate funding lines.",
        ))
    return warnings


def commissioning_warnings(result: LoadResult, sheet_rows) -> list[UploadWarning]:
    """Commissioning text the loader did not recognise, with the words the file used."""
    column = result.sheet_layout.role_column("commissioning_type")
    if column is None:
        return [UploadWarning(
            NO_COMMISSIONING_COLUMN,
            "The file has no commissioning-type column, so every line is recorded as 'Other'; "
            "map a column to Commissioning type if one holds it.",
        )]
    others = result.tidy[result.tidy["commissioning_type"] == OTHER]
    if others.empty:
        return []
    rows = sheet_rows()
    unrecognised: dict[str, list[int]] = {}
    for source_row in others["source_row"].unique():
        raw = rows[source_row - 1][column.index] if column.index < len(rows[source_row - 1]) else None
        text = " ".join(str(raw).split()) if raw is not None else ""
        if text and text.casefold() != OTHER.casefold() and normalise_commissioning(text)[0] == OTHER:
            unrecognised.setdefault(text, []).append(int(source_row))
    return [
        UploadWarning(
            UNKNOWN_COMMISSIONING,
            f"Commissioning type '{text}' ({_rows_named(rows_)}) is not one we recognise, so it is recorded "
            "as 'Other'; the recognised types are procured (sole or jointly funded), grant funding, "
            "statutory contribution and not applicable.",
        )
        for text, rows_ in unrecognised.items()
    ]


def provider_lookalikes(tidy: pd.DataFrame, context: StoreContext) -> list[UploadWarning]:
    """A provider new to the store whose name is very like one already there.

    The suggestion rules (ignore case, "&", "NHS", punctuation; never pair a
    city with a county council) are analysis.providers.suggest_aliases', so
    the upload warning and the Providers page agree.
    """
    aliases = dict(context.aliases)
    known = set(context.providers) | set(aliases) | set(aliases.values())
    in_file = set(tidy["provider"].dropna().astype(str).str.strip()) - {""}
    new = in_file - known
    if not new or not known:
        return []
    # Each known name once and each new name once: the counts only break ties in the suggestion.
    names = pd.DataFrame({"provider": sorted(new) + sorted(known - set(aliases))})
    suggestions = suggest_aliases(names, aliases)
    warnings, reported = [], set()
    for pair in suggestions.itertuples():
        members = {pair.alias, pair.canonical_name}
        new_names = members & new
        if len(new_names) != 1 or members <= new:
            continue
        (new_name,) = new_names
        (known_name,) = members - new_names
        if new_name in reported:
            continue
        reported.add(new_name)
        rows = tidy.loc[tidy["provider"].str.strip() == new_name, "source_row"].tolist()
        warnings.append(UploadWarning(
            PROVIDER_LOOKALIKE,
            f"Provider '{new_name}' ({_rows_named(rows)}) looks like '{known_name}', already in the store; "
            "if they are the same organisation, add an alias on the Manage data page.",
        ))
    return warnings


def _same_area(first: str, second: str) -> bool:
    return first.strip().casefold() == second.strip().casefold()


def overlapping_datasets(datasets: pd.DataFrame, area: str, tidy: pd.DataFrame) -> pd.DataFrame:
    """Current datasets for the same area (or any area the file names) holding one of its years."""
    if datasets is None or datasets.empty:
        return pd.DataFrame(columns=["id", "name", "area", "financial_years", "shared_years"])
    areas = {area} | (set(tidy["area"]) - {"Unspecified", UNASSIGNED_AREA})
    years = set(tidy["financial_year"])
    shared = datasets["financial_years"].fillna("").map(
        lambda listed: ", ".join(sorted(years & {year.strip() for year in listed.split(",")}))
    )
    same_area = datasets["area"].map(lambda stored: any(_same_area(stored, named) for named in areas))
    chosen = datasets.assign(shared_years=shared)[same_area & (shared != "")]
    return chosen.reset_index(drop=True)


def years_already_stored(overlapping: pd.DataFrame, tidy: pd.DataFrame) -> list[UploadWarning]:
    return [
        UploadWarning(
            YEAR_ALREADY_STORED,
            f"{dataset.area} already has {dataset.shared_years} in '{dataset.name}' (dataset {dataset.id}); "
            "choose below whether this file replaces it or is kept alongside it.",
        )
        for dataset in overlapping.itertuples()
    ]


def as_replacement_of(preview: UploadPreview, dataset_id: int) -> list[UploadWarning]:
    """The warnings for a file chosen as the new version of `dataset_id` (Manage data's Replace), where there is no
    choice below to make: the replaced dataset is said as what changes, any other holding these years as before."""
    others = preview.overlapping[preview.overlapping["id"] != dataset_id] if not preview.overlapping.empty \
        else preview.overlapping
    replaced = [
        UploadWarning(YEAR_ALREADY_STORED,
                      f"This file replaces '{dataset.name}' (dataset {dataset.id}) and its {dataset.shared_years}; "
                      "the version it replaces is kept in the history.")
        for dataset in preview.overlapping.itertuples() if dataset.id == dataset_id
    ]
    also = [
        UploadWarning(YEAR_ALREADY_STORED,
                      f"{dataset.area} also has {dataset.shared_years} in '{dataset.name}' (dataset {dataset.id}), "
                      "which this replacement leaves as it is; totals count only the most recent framework "
                      "for each area and year.")
        for dataset in others.itertuples()
    ]
    return [warning for warning in preview.warnings if warning.kind != YEAR_ALREADY_STORED] + replaced + also


def reconciliation_table(preview: UploadPreview) -> pd.DataFrame:
    """The totals check as the page shows it: declared against computed, the gap in £ and %."""
    reconciliation = preview.result.reconciliation
    return pd.DataFrame({
        "Total in the file": reconciliation["label"],
        "Row": reconciliation["source_row"],
        "Year": reconciliation["financial_year"],
        "Declared (£)": reconciliation["declared_gbp"],
        "Rows add up to (£)": reconciliation["computed_gbp"],
        "Difference (£)": reconciliation["difference_gbp"],
        "Difference (%)": reconciliation["difference_pct"],
        "Reconciles": reconciliation["matches"].astype(bool),
    })
