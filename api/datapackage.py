"""Every current spend line, and the datasets they come from, as a Frictionless data package.

A zip of data/spend_lines.csv, data/datasets.csv and datapackage.json, whose
Table Schemas give each column's type, the financial-year pattern, the
commissioning-type enum, the primary keys and the link from each line to its
dataset, so `frictionless validate datapackage.json` checks the whole table.
The CSVs are written by the project's one export function
(analysis.export.to_csv_bytes: formula-safe, UTF-8 with a byte-order mark).
Built once per store version.
"""
from __future__ import annotations

import io
import json
import threading
import zipfile

import pandas as pd

from analysis.export import to_csv_bytes
from loaders.schema import COMMISSIONING_TYPES, FINANCIAL_YEAR_PATTERN
from store.models import DATASET_KINDS  # the store's own check constraint: every kind it can hold

NAME = "victims-services-spend"
# The figures are transcribed from documents PCCs publish under the Elected
# Local Policing Bodies (Specified Information) Order 2011; their re-use terms
# are each publisher's, and each line's source document is cited in datasets.csv.
LICENSES = [{
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0 (UK public sector information; check each cited source's own terms)",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}]

_TEXT = {"type": "string"}
SPEND_FIELDS = [
    ("dataset", {"type": "integer", "description": "The dataset's id (datasets.csv id; the dashboard's dataset=)"}),
    ("dataset_name", _TEXT),
    ("dataset_kind", {"type": "string", "constraints": {"enum": list(DATASET_KINDS)}}),
    ("area", {"type": "string", "description": "Police and Crime Commissioner area", "constraints": {"required": True}}),
    ("financial_year", {"type": "string", "description": "UK financial year, April to March: 2020/21",
                        "constraints": {"required": True, "pattern": FINANCIAL_YEAR_PATTERN.strip("^$")}}),
    ("strategic_area", _TEXT), ("service", _TEXT), ("provider", _TEXT), ("provision", _TEXT),
    ("commissioning_type", {"type": "string", "constraints": {"enum": COMMISSIONING_TYPES}}),
    ("funding_partners", _TEXT), ("geography", _TEXT),
    ("amount_gbp", {"type": "number", "description": "Pounds sterling, as published",
                    "constraints": {"required": True}}),
    ("counts_toward_total", {"type": "boolean", "description": "False for allocations, which spend part of a "
                             "framework line, and for decisions a framework already covers: never add them twice"}),
    ("count_note", _TEXT),
    ("source_file", _TEXT), ("source_sheet", _TEXT),
    ("source_row", {"type": "integer", "constraints": {"minimum": 1}}),
    ("source_column", {"type": "string", "description": "With source_row, the cell the amount was read from"}),
]
DATASET_FIELDS = [
    ("id", {"type": "integer"}), ("name", _TEXT), ("area", _TEXT),
    ("kind", {"type": "string", "constraints": {"enum": list(DATASET_KINDS)}}),
    ("financial_years", _TEXT), ("citation", {"type": "string", "description": "The published document"}),
    ("uploaded_at", {"type": "datetime", "format": "any"}), ("original_filename", _TEXT), ("sha256", _TEXT),
    ("version", {"type": "integer"}), ("version_id", {"type": "integer"}),
    ("row_count", {"type": "integer"}), ("total_gbp", {"type": "number"}),
]
SPEND_KEY = ["dataset", "source_file", "source_sheet", "source_row", "source_column", "financial_year"]


def _schema(fields, primary_key, foreign_keys=()) -> dict:
    schema = {
        "fields": [{"name": name} | spec for name, spec in fields],
        # An empty cell is an empty text, never a missing value: a line with no provider named is still a line.
        "missingValues": [],
        "primaryKey": primary_key,
    }
    if foreign_keys:
        schema["foreignKeys"] = list(foreign_keys)
    return schema


def descriptor(datasets: pd.DataFrame) -> dict:
    sources = [{"title": str(row.citation or row.name), "path": str(row.original_filename)}
               for row in datasets.itertuples(index=False)]
    csv = {"format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
           "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True}}
    return {
        "name": NAME,
        "title": "Police and Crime Commissioners' spending on victims' services",
        "description": "Every current spend line in the dashboard's store, one row per service line per financial "
                       "year, each with the file, sheet, row and column it was read from. Add up only the lines "
                       "whose counts_toward_total is true, or a pound will be counted twice.",
        "licenses": LICENSES,
        "sources": sources,
        "resources": [
            {"name": "spend_lines", "path": "data/spend_lines.csv", "profile": "tabular-data-resource", **csv,
             "schema": _schema(SPEND_FIELDS, SPEND_KEY, [
                 {"fields": ["dataset"], "reference": {"resource": "datasets", "fields": ["id"]}}])},
            {"name": "datasets", "path": "data/datasets.csv", "profile": "tabular-data-resource", **csv,
             "schema": _schema(DATASET_FIELDS, ["id"])},
        ],
    }


def build(lines: pd.DataFrame, datasets: pd.DataFrame) -> bytes:
    """The zip's bytes: the two CSVs and datapackage.json."""
    spend_csv = to_csv_bytes(lines[[name for name, _ in SPEND_FIELDS]])
    datasets_csv = to_csv_bytes(datasets[[name for name, _ in DATASET_FIELDS]])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor(datasets), indent=2, ensure_ascii=False))
        archive.writestr("data/spend_lines.csv", spend_csv)
        archive.writestr("data/datasets.csv", datasets_csv)
    return buffer.getvalue()


_lock = threading.Lock()
_built: dict[tuple[str, str], bytes] = {}


def zipped(shot, tables) -> bytes:
    """build(*tables()), once per store version (shot: api.reads.Snapshot)."""
    key = (shot.url, shot.version)
    with _lock:
        if key not in _built:
            _built.clear()
            _built[key] = build(*tables())
        return _built[key]
