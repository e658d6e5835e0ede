"""The /api/v1/ routes: GET only, JSON or CSV, every bad parameter a 400 that names it.

Mounted beside the dashboard by app.py; `api_app()` is the whole API as one
Starlette application (its own CORS and rate limit, so Streamlit's routes are
untouched), which the tests drive with Starlette's TestClient.
"""
from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from analysis.export import to_csv_bytes
from analysis.filters import Filters, describe_narrowing, filtered_rows
from api import datapackage, openapi
from api.params import FILTER_KEYS, PAGE_KEYS, ParamError, read_filters, read_page, refuse_unknown
from api.rate_limit import RateLimit
from api.reads import Snapshot, snapshot
from api.summary import checks_figures, page_figures
from store import StoreError

CSV_TYPE = "text/csv; charset=utf-8"
SPEND_COLUMNS = ["dataset", "dataset_name", "dataset_kind", "area", "financial_year", "strategic_area", "service",
                 "provider", "provision", "commissioning_type", "funding_partners", "geography", "amount_gbp",
                 "counts_toward_total", "count_note", "source_file", "source_sheet", "source_row", "source_column"]
DATASET_COLUMNS = ["id", "name", "area", "kind", "financial_years", "citation", "uploaded_at", "original_filename",
                   "sha256", "version", "version_id", "row_count", "total_gbp"]


def wants_csv(request: Request) -> bool:
    """`.csv` on the path, or an Accept header that asks for CSV before JSON."""
    if request.url.path.endswith(".csv"):
        return True
    accept = request.headers.get("accept", "")
    return "text/csv" in accept and ("application/json" not in accept
                                     or accept.index("text/csv") < accept.index("application/json"))


def _table(request: Request, frame: pd.DataFrame, key: str, extra: dict | None = None, name: str = "") -> Response:
    if wants_csv(request):
        return Response(to_csv_bytes(frame), media_type=CSV_TYPE,
                        headers={"Content-Disposition": f'attachment; filename="{name or key}.csv"'})
    return JSONResponse((extra or {}) | {key: _records(frame)})


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as JSON objects: missing values as null (JSON has no NaN)."""
    return frame.astype(object).where(frame.notna(), None).to_dict(orient="records")


def _filters_echo(filters: Filters, datasets: pd.DataFrame) -> dict:
    lineage = dict(zip(datasets["id"], datasets["lineage_id"]))
    return {"area": filters.areas[0] if filters.areas else "all",
            "dataset": None if filters.dataset_id is None else int(lineage[filters.dataset_id]),
            "years": list(filters.years), "narrowed_by": describe_narrowing(filters) or None}


def _visible_datasets(shot: Snapshot) -> pd.DataFrame:
    listing = shot.datasets
    return pd.DataFrame({
        "id": listing["lineage_id"].astype("int64"), "name": listing["name"], "area": listing["area"],
        "kind": listing["kind"], "financial_years": listing["financial_years"], "citation": listing["citation"],
        "uploaded_at": pd.to_datetime(listing["uploaded_at"], utc=True).map(lambda t: t.isoformat()),
        "original_filename": listing["original_filename"], "sha256": listing["sha256"],
        "version": listing["version"].astype("int64"), "version_id": listing["id"].astype("int64"),
        "row_count": listing["row_count"], "total_gbp": listing["total_gbp"],
    })[DATASET_COLUMNS]


def spend_lines(shot: Snapshot, rows: pd.DataFrame) -> pd.DataFrame:
    """The lines as published: text as text, each with its dataset's id (the dashboard's `dataset=`) and cell."""
    lineage = dict(zip(shot.datasets["id"], shot.datasets["lineage_id"]))
    lines = rows.assign(dataset=rows["dataset_id"].map(lineage).astype("int64"))[SPEND_COLUMNS]
    text = [c for c in SPEND_COLUMNS if c not in ("dataset", "amount_gbp", "source_row", "counts_toward_total")]
    return lines.astype({c: "object" for c in text}).reset_index(drop=True)


def datasets_route(request: Request) -> Response:
    refuse_unknown(request.query_params, ("area",))
    shot = snapshot()
    listing = _visible_datasets(shot)
    area = request.query_params.get("area")
    if area is not None and area != "all":
        if area not in set(listing["area"]):
            raise ParamError("area", f"no dataset for an area called {area!r}")
        listing = listing.loc[listing["area"].eq(area)]
    return _table(request, listing.reset_index(drop=True), "datasets", name="datasets")


def spend_route(request: Request) -> Response:
    query = request.query_params
    refuse_unknown(query, FILTER_KEYS + PAGE_KEYS)
    shot = snapshot()
    filters = read_filters(query, shot.marked, shot.datasets)
    page = read_page(query)
    rows = filtered_rows(shot.marked, filters)
    start = (page.number - 1) * page.size
    shown = spend_lines(shot, rows.iloc[start:start + page.size])
    following = None
    if start + page.size < len(rows):
        following = str(request.url.replace(query=urlencode(
            [(k, v) for k, v in query.multi_items() if k != "page"] + [("page", str(page.number + 1))])))
    headers = {"X-Total-Count": str(len(rows))} | ({"Link": f'<{following}>; rel="next"'} if following else {})
    response = _table(request, shown, "lines", {
        "filters": _filters_echo(filters, shot.datasets), "total_lines": int(len(rows)),
        "total_gbp": float(rows["amount_gbp"].sum()), "page": page.number, "page_size": page.size,
        "next": following,
    }, name="spend_lines")
    response.headers.update(headers)
    return response


def checks_route(request: Request) -> Response:
    refuse_unknown(request.query_params, ("area",))
    shot = snapshot()
    checks = shot.checks
    area = request.query_params.get("area")
    if area is not None and area != "all":
        if area not in set(shot.datasets["area"]):
            raise ParamError("area", f"no dataset for an area called {area!r}")
        checks = checks.for_areas([area])
    totals = checks.totals.assign(dataset_id=checks.totals["dataset_id"].map(
        dict(zip(shot.datasets["id"], shot.datasets["lineage_id"])))).rename(columns={"dataset_id": "dataset"})
    if wants_csv(request):
        return _table(request, totals, "totals", name="checks")
    return JSONResponse({"counts": checks_figures(checks), "totals": _records(totals),
                         "text_and_table": _records(checks.discrepancies), "unchecked": _records(checks.unchecked)})


def summary_route(request: Request) -> Response:
    query = request.query_params
    refuse_unknown(query, FILTER_KEYS)
    shot = snapshot()
    filters = read_filters(query, shot.marked, shot.datasets)
    return JSONResponse(shot.remembered(("summary", filters), lambda: (
        {"filters": _filters_echo(filters, shot.datasets)} | page_figures(shot.marked, filters, shot.aliases)
        | {"checks": checks_figures(shot.checks.for_areas(filters.areas))})))


def openapi_route(request: Request) -> Response:
    refuse_unknown(request.query_params, ())
    return JSONResponse(openapi.document())


def datapackage_route(request: Request) -> Response:
    refuse_unknown(request.query_params, ())
    shot = snapshot()
    return Response(datapackage.zipped(shot, lambda: (spend_lines(shot, shot.marked), _visible_datasets(shot))),
                    media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="victims_services_spend.zip"'})


def index_route(request: Request) -> Response:
    refuse_unknown(request.query_params, ())
    return JSONResponse({"openapi": "/api/v1/openapi.json", "routes": sorted(openapi.document()["paths"])})


def _error(status: int, message: str, parameter: str | None = None) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "parameter": parameter, "message": message}}, status_code=status)


def _param_error(request: Request, error: ParamError) -> JSONResponse:
    return _error(400, error.message, error.parameter)


def _store_error(request: Request, error: StoreError) -> JSONResponse:
    return _error(503, str(error))


def _http_error(request: Request, error: HTTPException) -> JSONResponse:
    message = {404: "no such route; see /api/v1/openapi.json", 405: "read-only: only GET is allowed"}
    response = _error(error.status_code, message.get(error.status_code, str(error.detail)))
    if error.status_code == 405:
        response.headers["Allow"] = "GET, HEAD"
    return response


ROUTES = [
    Route("/", index_route, methods=["GET"]),
    Route("/datasets", datasets_route, methods=["GET"]),
    Route("/datasets.csv", datasets_route, methods=["GET"]),
    Route("/spend", spend_route, methods=["GET"]),
    Route("/spend.csv", spend_route, methods=["GET"]),
    Route("/checks", checks_route, methods=["GET"]),
    Route("/checks.csv", checks_route, methods=["GET"]),
    Route("/summary", summary_route, methods=["GET"]),
    Route("/openapi.json", openapi_route, methods=["GET"]),
    Route("/datapackage.zip", datapackage_route, methods=["GET"]),
]


def api_app(requests_per_minute: int | None = None) -> Starlette:
    """The API on its own: what app.py mounts at /api/v1."""
    return Starlette(
        routes=ROUTES,
        middleware=[
            # Outermost first: a refused client costs no store read; CORS headers go on every answer.
            Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"], allow_headers=["Accept"],
                       expose_headers=["X-Total-Count", "Link", "Retry-After"]),
            Middleware(RateLimit, requests_per_minute=requests_per_minute),
        ],
        exception_handlers={ParamError: _param_error, StoreError: _store_error, HTTPException: _http_error},
    )
