"""Every route, filter and refusal of /api/v1, on the bundled datasets.

Figures are the published ones the bundled files hold: Leicestershire's
Appendix A adds to £4,395,961 for 2020/21, Durham's 2015-16 projects come to
£14,968 more than the £485,577 allocation printed over them (data/bundled.json).
"""
from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

import store
from api.params import MAX_PAGE_SIZE
from api.routes import api_app
from loaders import load_file
from tests.pages.conftest import DATA_DIR

LEICESTERSHIRE = "Leicestershire"


def rows_of(response) -> list[dict]:
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, as every export"
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_datasets_lists_each_current_dataset_with_its_citation_and_checksum(client, bundled_manifest):
    listed = client.get("/api/v1/datasets").json()["datasets"]
    assert [d["name"] for d in listed] == [entry["name"] for entry in bundled_manifest]
    first = listed[0]
    assert first["citation"] == bundled_manifest[0]["citation"]
    assert len(first["sha256"]) == 64 and first["version"] == 1 and first["financial_years"] == "2018/19, 2019/20, 2020/21"
    # Who uploaded a file is staff business, as on the pages.
    assert "uploaded_by" not in first


def test_datasets_of_one_area_and_as_csv(client):
    durham = client.get("/api/v1/datasets", params={"area": "Durham"}).json()["datasets"]
    assert {d["area"] for d in durham} == {"Durham"}
    assert [r["name"] for r in rows_of(client.get("/api/v1/datasets.csv", params={"area": "Durham"}))] == \
        [d["name"] for d in durham]


def test_spend_for_one_area_and_year_adds_to_the_published_total(client):
    body = client.get("/api/v1/spend", params={"area": LEICESTERSHIRE, "from": "2020/21", "to": "2020/21"}).json()
    assert body["filters"] == {"area": LEICESTERSHIRE, "dataset": None, "years": ["2020/21"], "narrowed_by": None}
    assert {line["financial_year"] for line in body["lines"]} == {"2020/21"}
    assert body["total_gbp"] == pytest.approx(4_395_961)
    assert sum(line["amount_gbp"] for line in body["lines"]) == pytest.approx(4_395_961)
    victim_first = [line for line in body["lines"] if line["amount_gbp"] == 558_322]
    assert victim_first and victim_first[0]["source_sheet"] == "Appendix A" and victim_first[0]["source_column"]
    assert all(line["source_file"] and line["source_row"] >= 1 for line in body["lines"])


def test_spend_as_csv_by_path_and_by_accept_header_hold_the_same_lines(client):
    query = {"area": LEICESTERSHIRE, "from": "2020/21", "to": "2020/21"}
    by_path = rows_of(client.get("/api/v1/spend.csv", params=query))
    by_accept = rows_of(client.get("/api/v1/spend", params=query, headers={"Accept": "text/csv"}))
    assert by_path == by_accept
    assert sum(float(r["amount_gbp"]) for r in by_path) == pytest.approx(4_395_961)
    assert {"source_file", "source_sheet", "source_row", "source_column"} <= set(by_path[0])


@pytest.mark.parametrize("name, column, value", [
    ("strategic_area", "strategic_area", "Victims"),
    ("commissioning", "commissioning_type", "Grant funding"),
    ("geography", "geography", None),
    ("provider", "provider", "catch 22"),
])
def test_each_narrowing_filter_keeps_only_its_lines(client, name, column, value):
    everything = client.get("/api/v1/spend", params={"area": LEICESTERSHIRE}).json()["lines"]
    if value is None:
        value = everything[0][column]
    narrowed = client.get("/api/v1/spend", params={"area": LEICESTERSHIRE, name: value}).json()
    assert narrowed["lines"] and narrowed["filters"]["narrowed_by"]
    expected = [l for l in everything if (value.lower() in l[column].lower() if name == "provider" else l[column] == value)]
    assert narrowed["lines"] == expected


def test_a_repeated_filter_takes_either_value(client):
    both = client.get("/api/v1/spend", params=[("area", "all"), ("commissioning", "Grant funding"),
                                                 ("commissioning", "Statutory contribution")]).json()
    assert {l["commissioning_type"] for l in both["lines"]} == {"Grant funding", "Statutory contribution"}


def test_one_dataset_shows_its_allocation_lines_that_totals_leave_out(client):
    datasets = client.get("/api/v1/datasets").json()["datasets"]
    allocation = next(d for d in datasets if d["kind"] == "allocation")
    counted = client.get("/api/v1/spend", params={"area": allocation["area"]}).json()["lines"]
    assert not any(l["dataset"] == allocation["id"] for l in counted)
    own = client.get("/api/v1/spend", params={"dataset": allocation["id"]}).json()
    assert own["lines"] and {l["dataset"] for l in own["lines"]} == {allocation["id"]}
    assert not any(l["counts_toward_total"] for l in own["lines"])
    assert own["total_gbp"] == pytest.approx(114_843.25)  # the emergent-issues TOTAL, pence and all


def test_pages_cover_every_line_once_and_link_to_the_next(client):
    whole = client.get("/api/v1/spend", params={"area": "all"}).json()
    seen, url, pages = [], "/api/v1/spend?area=all&page_size=40", 0
    while url:
        response = client.get(url)
        body = response.json()
        assert response.headers["X-Total-Count"] == str(whole["total_lines"])
        seen += body["lines"]
        url, pages = body["next"], pages + 1
        if url:
            assert response.headers["Link"] == f'<{url}>; rel="next"'
    assert seen == whole["lines"] and pages == -(-whole["total_lines"] // 40)


def test_checks_give_every_declared_total_with_its_rows_sum_and_difference(client):
    body = client.get("/api/v1/checks", params={"area": "Durham"}).json()
    allocation = next(t for t in body["totals"] if t["declared_gbp"] == 485_577)
    assert allocation["rows_sum_gbp"] == 500_545 and allocation["difference_gbp"] == 14_968
    assert allocation["matches"] is False and allocation["source_sheet"]
    assert body["counts"]["do_not_add_up"] >= 1 and body["text_and_table"]
    every = client.get("/api/v1/checks").json()
    assert len(every["totals"]) == every["counts"]["checked"] > len(body["totals"])
    as_csv = rows_of(client.get("/api/v1/checks.csv"))
    assert len(as_csv) == every["counts"]["checked"]


def test_summary_names_the_scope_and_each_page(client):
    body = client.get("/api/v1/summary", params={"area": LEICESTERSHIRE}).json()
    assert body["scope"]["years_label"] == "2018/19 to 2020/21" and body["scope"]["focus_year"] == "2020/21"
    assert body["overview"]["total_gbp"] == pytest.approx(4_395_961)
    for page in ("overview", "trends", "strategic_areas", "providers", "geography", "commissioning", "compare_areas"):
        assert body[page]["from"].startswith("analysis."), page


def test_openapi_document_lists_every_route(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    for route in ("datasets", "spend", "checks", "summary", "datapackage.zip", "openapi.json"):
        assert f"/api/v1/{route}" in document["paths"]
    spend_parameters = {p["name"] for p in document["paths"]["/api/v1/spend"]["get"]["parameters"]}
    assert spend_parameters == {"area", "dataset", "from", "to", "strategic_area", "commissioning", "geography",
                                "provider", "page", "page_size"}


@pytest.mark.parametrize("route, query, parameter", [
    ("spend", {"colour": "red"}, "colour"),
    ("spend", {"area": "Atlantis"}, "area"),
    ("spend", {"dataset": "999"}, "dataset"),
    ("spend", {"dataset": "one"}, "dataset"),
    ("spend", {"area": "Durham", "dataset": "1"}, "dataset"),
    ("spend", {"from": "2020-21"}, "from"),
    ("spend", {"area": LEICESTERSHIRE, "to": "2030/31"}, "to"),
    ("spend", {"commissioning": "Bribes"}, "commissioning"),
    ("spend", {"strategic_area": "Nowhere"}, "strategic_area"),
    ("spend", {"geography": "Narnia"}, "geography"),
    ("spend", {"provider": "x" * 201}, "provider"),
    ("spend", {"page": "0"}, "page"),
    ("spend", {"page_size": str(MAX_PAGE_SIZE + 1)}, "page_size"),
    ("spend", [("area", "Durham"), ("area", "Essex")], "area"),
    ("summary", {"page": "2"}, "page"),
    ("checks", {"area": "Atlantis"}, "area"),
    ("datasets", {"kind": "framework"}, "kind"),
    ("openapi.json", {"v": "2"}, "v"),
    ("datapackage.zip", {"area": "Durham"}, "area"),
])
def test_a_bad_parameter_is_a_400_naming_it(client, route, query, parameter):
    response = client.get(f"/api/v1/{route}", params=query)
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == parameter


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_no_route_writes(client, method):
    response = getattr(client, method)("/api/v1/spend")
    assert response.status_code == 405 and "GET" in response.headers["Allow"]
    assert response.json()["error"]["status"] == 405


def test_an_unknown_route_is_a_json_404(client):
    response = client.get("/api/v1/spending")
    assert response.status_code == 404 and "openapi.json" in response.json()["error"]["message"]


def test_cors_allows_get_from_anywhere_and_nothing_else(client):
    got = client.get("/api/v1/datasets", headers={"Origin": "https://news.example"})
    assert got.headers["access-control-allow-origin"] == "*"
    preflight = client.options("/api/v1/spend", headers={"Origin": "https://news.example",
                                                         "Access-Control-Request-Method": "DELETE"})
    assert preflight.status_code == 400
    allowed = client.options("/api/v1/spend", headers={"Origin": "https://news.example",
                                                       "Access-Control-Request-Method": "GET"})
    assert allowed.status_code == 200 and "POST" not in allowed.headers["access-control-allow-methods"]


def test_each_client_is_limited_per_minute(bundled_store):
    app = Starlette(routes=[Mount("/api/v1", app=api_app(requests_per_minute=3))])
    client = TestClient(app)
    assert [client.get("/api/v1/openapi.json").status_code for _ in range(3)] == [200] * 3
    refused = client.get("/api/v1/openapi.json")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert "3 requests" in refused.json()["error"]["message"]


def test_a_deleted_dataset_is_gone_from_every_route(client, bundled_store):
    engine = store.make_engine(bundled_store)
    durham = store.list_datasets(engine, current_only=True).query("area == 'Durham'")
    for dataset_id in durham["id"]:
        store.delete_dataset(engine, int(dataset_id), "admin@example.org")
    assert "Durham" not in {d["area"] for d in client.get("/api/v1/datasets").json()["datasets"]}
    assert client.get("/api/v1/spend", params={"area": "Durham"}).status_code == 400
    assert not any(l["area"] == "Durham" for l in client.get("/api/v1/spend").json()["lines"])


PAYLOADS = ['=HYPERLINK("http://example.invalid","Victim First")', "@SUM(1+1)*cmd", "+1+1", "-1+1", "\u200b=1+1"]


def test_csv_text_a_spreadsheet_would_run_is_written_as_text(client, bundled_store):
    # Essex's real line, stored again under provider names a spreadsheet would run.
    path = DATA_DIR / "essex_domestic_abuse_contract_2018-19.xlsx"
    loaded = load_file(path, area="Essex")
    tidy = pd.concat([loaded.tidy.assign(provider=payload) for payload in PAYLOADS], ignore_index=True)
    tidy["source_row"] = range(2, 2 + len(tidy))
    store.save_dataset(store.make_engine(bundled_store), tidy, None, name="Essex, payload providers", area="Essex",
                       kind="decision", original_filename="essex_payloads.xlsx", original_bytes=b"payloads",
                       uploaded_by="staff@example.org")
    providers = {r["provider"] for r in rows_of(client.get("/api/v1/spend.csv", params={"area": "Essex",
                                                                                          "provider": "1"}))}
    providers |= {r["provider"] for r in rows_of(client.get("/api/v1/spend.csv", params={"area": "Essex",
                                                                                           "provider": "HYPERLINK"}))}
    assert providers == {"'" + payload for payload in PAYLOADS}
