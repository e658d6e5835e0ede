"""The data package from /api/v1/datapackage.zip passes Frictionless validation, and holds every line once."""
from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from frictionless import Package

from loaders.schema import COMMISSIONING_TYPES


@pytest.fixture
def unpacked(client, tmp_path):
    response = client.get("/api/v1/datapackage.zip")
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    zipfile.ZipFile(io.BytesIO(response.content)).extractall(tmp_path)
    return tmp_path


def validate(folder):
    return Package(str(folder / "datapackage.json")).validate()


def test_frictionless_finds_the_package_valid(unpacked):
    report = validate(unpacked)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [task.name for task in report.tasks] == ["spend_lines", "datasets"]


def test_the_package_holds_every_line_the_api_lists(client, unpacked):
    package = Package(str(unpacked / "datapackage.json"))
    lines = package.get_resource("spend_lines").read_rows()
    every = client.get("/api/v1/spend", params={"page_size": 10_000}).json()
    # The API's spend lines are those counted once; the package holds allocations too, marked.
    counted = [row for row in lines if row["counts_toward_total"]]
    assert len(counted) == every["total_lines"]
    assert sum(row["amount_gbp"] for row in counted) == pytest.approx(every["total_gbp"])
    datasets = package.get_resource("datasets").read_rows()
    assert {row["id"] for row in datasets} == {row["dataset"] for row in lines}


def test_the_schema_says_types_years_commissioning_types_keys_sources_and_licence(unpacked):
    descriptor = json.loads((unpacked / "datapackage.json").read_text(encoding="utf-8"))
    spend = descriptor["resources"][0]["schema"]
    fields = {field["name"]: field for field in spend["fields"]}
    assert fields["amount_gbp"]["type"] == "number" and fields["source_row"]["type"] == "integer"
    assert fields["financial_year"]["constraints"]["pattern"] == r"\d{4}/\d{2}"
    assert fields["commissioning_type"]["constraints"]["enum"] == COMMISSIONING_TYPES
    assert spend["primaryKey"][0] == "dataset" and "source_row" in spend["primaryKey"]
    assert spend["foreignKeys"][0]["reference"] == {"resource": "datasets", "fields": ["id"]}
    assert descriptor["licenses"][0]["path"].startswith("https://")
    assert "OPCC Leicestershire decision record EXE0003/20, 18 February 2020, Appendix A" in \
        [source["title"] for source in descriptor["sources"]]


@pytest.mark.parametrize("column, bad", [("financial_year", "2020-21"), ("commissioning_type", "Bribes"),
                                         ("amount_gbp", "lots")])
def test_the_validation_would_catch_a_broken_line(unpacked, column, bad):
    path = unpacked / "data" / "spend_lines.csv"
    with path.open(encoding="utf-8-sig", newline="") as source:
        rows = list(csv.reader(source))
    rows[1][rows[0].index(column)] = bad
    with path.open("w", encoding="utf-8-sig", newline="") as target:
        csv.writer(target, lineterminator="\r\n").writerows(rows)
    report = validate(unpacked)
    assert not report.valid
    assert {error.field_name for error in report.tasks[0].errors} == {column}
