"""The OpenAPI 3.1 document of /api/v1/, written out by hand: a few routes, each parameter said once."""
from __future__ import annotations

from functools import cache

from api.params import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from api.rate_limit import DEFAULT_REQUESTS_PER_MINUTE
from loaders.schema import COMMISSIONING_TYPES

_YEAR = {"type": "string", "pattern": r"^\d{4}/\d{2}$", "example": "2020/21"}


def _query(name: str, description: str, schema: dict, repeat: bool = False) -> dict:
    if repeat:
        schema = {"type": "array", "items": schema}
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema,
            **({"style": "form", "explode": True} if repeat else {})}


FILTERS = [
    _query("area", "A PCC area, or 'all' (the default): as the dashboard's area=", {"type": "string"}),
    _query("dataset", "One dataset's id (from /datasets): its lines only, allocations included",
           {"type": "integer", "minimum": 1}),
    _query("from", "First financial year", _YEAR),
    _query("to", "Last financial year", _YEAR),
    _query("strategic_area", "Only these strategic areas (repeat the parameter for several)", {"type": "string"}, True),
    _query("commissioning", "Only these commissioning types", {"type": "string", "enum": COMMISSIONING_TYPES}, True),
    _query("geography", "Only lines with this geographical reach", {"type": "string"}, True),
    _query("provider", "Provider name contains (any case)", {"type": "string", "maxLength": 200}),
]
PAGING = [
    _query("page", "Page number, from 1", {"type": "integer", "minimum": 1, "default": 1}),
    _query("page_size", f"Lines per page, at most {MAX_PAGE_SIZE:,}",
           {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE}),
]
AREA = [_query("area", "A PCC area, or 'all'", {"type": "string"})]

_ERROR = {"description": "A parameter is unknown or its value is wrong; `parameter` names it",
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_LIMIT = {"description": f"More than the minute's requests from this client (default {DEFAULT_REQUESTS_PER_MINUTE})",
          "headers": {"Retry-After": {"schema": {"type": "integer"}}},
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _get(summary: str, parameters: list, *, csv: bool = False, media: str = "application/json") -> dict:
    content = {media: {}} | ({"text/csv": {}} if csv else {})
    responses = {"200": {"description": summary, "content": content}, "429": _LIMIT}
    if parameters:
        responses["400"] = _ERROR
    return {"get": {"summary": summary, "parameters": parameters, "responses": responses}}


@cache
def document() -> dict:
    csv_note = " As CSV with `Accept: text/csv` or the `.csv` path (formula-safe, UTF-8 with a byte-order mark)."
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Victims' services spend: open data API",
            "version": "1",
            "description": "Read-only. What a signed-out visitor of the dashboard sees: the current datasets, "
                           "their spend lines each with its source file, sheet, row and column, the checks of "
                           "every declared total, and each page's headline figures. Filters take the dashboard's "
                           "own URL parameters. Unknown parameters and bad values are refused with a 400 naming "
                           "the parameter.",
        },
        "paths": {
            "/api/v1/datasets": _get("The current datasets: id, name, area, kind, years, citation, uploaded, "
                                     "sha256, version." + csv_note, AREA, csv=True),
            "/api/v1/datasets.csv": _get("The datasets as CSV", AREA, media="text/csv"),
            "/api/v1/spend": _get("Spend lines matching the filters, paged (X-Total-Count, Link: next), each "
                                  "with its source cell." + csv_note, FILTERS + PAGING, csv=True),
            "/api/v1/spend.csv": _get("Spend lines as CSV", FILTERS + PAGING, media="text/csv"),
            "/api/v1/checks": _get("Every declared total and allocation with its rows' sum and the difference, "
                                   "and each known text-against-table disagreement." + csv_note, AREA, csv=True),
            "/api/v1/checks.csv": _get("The declared totals' checks as CSV", AREA, media="text/csv"),
            "/api/v1/summary": _get("The headline figures every chart page shows for these filters, computed "
                                    "by the functions the pages call", FILTERS),
            "/api/v1/datapackage.zip": _get("Every current line and dataset as a Frictionless data package",
                                            [], media="application/zip"),
            "/api/v1/openapi.json": _get("This document", []),
        },
        "components": {"schemas": {"Error": {"type": "object", "properties": {"error": {
            "type": "object", "properties": {"status": {"type": "integer"},
                                             "parameter": {"type": ["string", "null"]},
                                             "message": {"type": "string"}}}}}}},
    }
