import csv
import datetime as dt
import io
import json

import pytest
from conftest import example
from extractor.schemas import Draft, ErrorInfo, Result

from extractor.assemble import assemble
from extractor.views.facts import FIELDS, fact_rows, to_csv, to_dataframe, to_jsonl

ODESA = example("odesa-overnight-attack")

# The contract's fields, in order. Evaluation scripts outside this repository read them: never rename one.
CONTRACT = ["article_id", "category", "role", "weapon_class", "weapon", "subject", "value", "low", "high",
            "approximate", "lower_bound", "upper_bound", "date", "date_precision", "location", "source", "text",
            "start", "end", "verified"]


def result_for(*rows, text=ODESA, published=dt.date(2025, 3, 8)) -> Result:
    extraction, warnings = assemble(Draft.model_validate({"facts": list(rows)}), text, published)
    return Result(article_id="odesa", text_sha256="0" * 64, published=published, model="m", backend="h",
                  prompt_version="p", schema_version="1.0", extraction=extraction, warnings=warnings)


def test_the_field_list_is_the_contract():
    assert FIELDS == CONTRACT


def test_one_row_per_number_across_categories():
    result = result_for(
        {"number": "64", "subject": "Shahed drones", "role": "launched", "weapon_class": "drone", "weapon": "Shahed",
         "date": "overnight", "place": "the Odesa region", "source": "Ukraine's air force"},
        {"number": "at least four", "subject": "people", "role": "killed", "source": "Regional governor Oleh Kiper"},
        {"number": "more than a dozen", "subject": "times fired at the port city", "role": "other"},
    )
    rows = list(fact_rows(result))
    assert [(r.category, r.role) for r in rows] == [
        ("munitions", "launched"), ("casualties", "killed"), ("other", "times_fired_at_the_port_city")]
    drones, killed, other = rows
    assert (drones.value, drones.weapon_class, drones.weapon, drones.date, drones.date_precision) == (
        64, "drone", "Shahed", dt.date(2025, 3, 8), "day")
    assert drones.location == "the Odesa region" and drones.source == "Ukraine's air force"
    assert (killed.value, killed.lower_bound, killed.weapon_class) == (4, True, None)
    assert (other.value, other.lower_bound) == (12, True)
    for row in rows:
        assert row.article_id == "odesa" and row.verified is False
        assert ODESA[row.start:row.end] == row.text


def test_ranges_leave_value_empty():
    text = "Moscow has sent between 10,000 and 12,000 troops to the front."
    [row] = fact_rows(result_for({"number": "between 10,000 and 12,000", "subject": "troops", "role": "deployed"},
                                 text=text))
    assert (row.category, row.role, row.value, row.low, row.high) == ("forces", "deployed", None, 10000, 12000)


def test_error_records_have_no_rows():
    record = Result(article_id="x", status="error", model="m", backend="h", prompt_version="p",
                    schema_version="1.0", error=ErrorInfo(error_class="input", message="empty"))
    assert list(fact_rows(record)) == []


def test_jsonl_and_csv_carry_the_same_rows():
    rows = list(fact_rows(result_for(
        {"number": "51", "subject": "drones", "role": "intercepted", "weapon_class": "drone"},
        {"number": "17", "subject": "people", "role": "injured"})))
    as_json = [json.loads(line) for line in to_jsonl(rows)]
    as_csv = list(csv.DictReader(io.StringIO("".join(to_csv(rows)))))
    assert [list(r) for r in as_json] == [CONTRACT, CONTRACT]
    assert list(as_csv[0]) == CONTRACT
    assert [r["text"] for r in as_csv] == [r["text"] for r in as_json] == ["51", "17"]
    assert as_csv[1]["weapon_class"] == "" and as_json[1]["weapon_class"] is None


def test_csv_of_nothing_is_just_the_header():
    assert "".join(to_csv([])) == ",".join(CONTRACT) + "\n"


def test_many_results_become_one_dataframe():
    pandas = pytest.importorskip("pandas")
    frame = to_dataframe([result_for({"number": "51", "subject": "drones", "role": "intercepted",
                                      "weapon_class": "drone"}),
                          Result(article_id="x", status="error", schema_version="1.0",
                                 error=ErrorInfo(error_class="input", message="empty"))])
    assert isinstance(frame, pandas.DataFrame) and list(frame.columns) == CONTRACT
    assert frame[["article_id", "role", "value"]].values.tolist() == [["odesa", "intercepted", 51.0]]
