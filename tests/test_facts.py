import csv
import datetime as dt
import io
import json

import pytest
from conftest import example
from extractor.schemas import ErrorInfo, Result

from extractor import Extractor
from extractor.views.facts import FIELDS, fact_rows, to_csv, to_dataframe, to_jsonl

ODESA = example("odesa-overnight-attack")

# The contract's fields, in order. Evaluation scripts outside this repository read them: never rename one.
CONTRACT = ["article_id", "category", "role", "weapon_class", "weapon", "subject", "value", "low", "high",
            "approximate", "lower_bound", "upper_bound", "date", "date_precision", "location", "source", "text",
            "start", "end", "verified", "part_of", "title", "url", "event_id"]


def result_for(text=ODESA, published=dt.date(2025, 3, 8)) -> Result:
    return Extractor(use_model=False).extract(text, article_id="odesa", published=published)


def test_the_field_list_is_the_contract():
    assert FIELDS == CONTRACT


def test_one_row_per_number_across_categories():
    result = result_for()
    rows = list(fact_rows(result))
    assert [(r.category, r.role, r.value) for r in rows] == [
        ("munitions", "launched", 64), ("munitions", "launched", 3), ("munitions", "intercepted", 51),
        ("munitions", "intercepted", 2), ("munitions", "jammed", 9), ("casualties", "killed", 4),
        ("casualties", "injured", 17), ("casualties", "injured", 2), ("other", "attacks", 12)]
    drones, killed, children = rows[0], rows[5], rows[7]
    # "overnight" is the night that ended on the publication day
    assert (drones.weapon_class, drones.date, drones.date_precision) == ("drone", dt.date(2025, 3, 7), "day")
    assert drones.location == "Odesa region" and drones.source == "Ukraine's air force"
    assert (killed.value, killed.lower_bound, killed.weapon_class, killed.source) == (
        4, True, None, "Oleh Kiper")  # the office before the name left out
    assert children.part_of == ODESA.index("17") and killed.part_of is None
    unsure = {check.start for check in result.checks if check.rule == "unconfirmed"}
    for row in rows:  # no model: the checker passed them all, so code's confidence alone decides what is verified
        assert row.article_id == "odesa" and row.verified is (row.start not in unsure)


def test_ranges_leave_value_empty():
    [row] = fact_rows(result_for("Moscow has sent between 10,000 and 12,000 troops to the front."))
    assert (row.category, row.role, row.value, row.low, row.high) == ("forces", "deployed", None, 10000, 12000)


def test_error_records_have_no_rows():
    record = Result(article_id="x", status="error", model="m", backend="h", prompt_version="p",
                    schema_version="1.0", error=ErrorInfo(error_class="input", message="empty"))
    assert list(fact_rows(record)) == []


def test_jsonl_and_csv_carry_the_same_rows():
    rows = list(fact_rows(result_for("Air defence shot down 51 drones. 17 people were injured.")))
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
    frame = to_dataframe([result_for("Air defence shot down 51 drones."),
                          Result(article_id="x", status="error", schema_version="1.0",
                                 error=ErrorInfo(error_class="input", message="empty"))])
    assert isinstance(frame, pandas.DataFrame) and list(frame.columns) == CONTRACT
    assert frame[["article_id", "role", "value"]].values.tolist() == [["odesa", "intercepted", 51]]


def test_the_dataframe_has_dtypes_an_analyst_can_compute_with():
    pytest.importorskip("pandas")
    frame = to_dataframe([result_for()])
    assert str(frame["date"].dtype).startswith("datetime64")  # not objects
    assert {str(frame[name].dtype) for name in ("value", "start", "end", "part_of")} == {"Int64"}  # not float
    # parts: 51 of the 64 drones, two of the three missiles, the two children of the 17 injured
    assert str(frame["verified"].dtype) == "boolean" and frame["part_of"].isna().sum() == len(frame) - 3


def test_every_field_of_the_facts_view_says_what_it_means():
    from extractor.schemas import FactRow
    assert [name for name, field in FactRow.model_fields.items() if not (field.description or "").strip()] == []


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised():
    text = "=HYPERLINK(\"http://x\") said 5 drones were shot down over -Odesa. @sum: 3 civilians were killed."
    rows = list(fact_rows(Extractor(use_model=False).extract(text, article_id="=cmd|' /C calc'!A0")))
    table = list(csv.DictReader(io.StringIO("".join(to_csv(rows)))))
    cells = [cell for row in table for cell in row.values()]
    assert table and not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert table[0]["article_id"] == "'=cmd|' /C calc'!A0"  # kept, made inert
    assert table[0]["value"] == "5.0"  # numbers stay numbers


def test_a_jsonl_title_and_url_travel_onto_every_row(tmp_path):
    from extractor.runs.inputs import iter_items
    source = tmp_path / "wire.jsonl"
    source.write_text(json.dumps({"id": "w1", "title": "Strikes on Odesa", "url": "https://example.com/odesa",
                                  "text": "Russia launched 5 drones.", "published": "2025-03-08"}) + "\n")
    [item] = iter_items([str(source)])
    result = Extractor(use_model=False).process(item.article)
    assert (result.title, result.url) == ("Strikes on Odesa", "https://example.com/odesa")
    assert [(r.title, r.url) for r in result.facts] == [("Strikes on Odesa", "https://example.com/odesa")]


def test_a_number_inside_a_url_or_a_slug_is_no_count():
    text = ("Sources: https://newsukraine.example/news/russia-launched-almost-900-bombs-300-drones-1727606857.html "
            "and russia-launched-almost-900-bombs. Later 40 drones were launched.")
    rows = list(fact_rows(Extractor(use_model=False).extract(text)))
    assert [r.value for r in rows] == [40]


def test_the_library_exposes_its_version_and_the_one_reader_of_results_files(tmp_path):
    import extractor
    from importlib.metadata import version
    assert extractor.__version__ == version("extractor")
    path = tmp_path / "results.jsonl"
    path.write_text(result_for().model_dump_json() + "\n\n")
    [result] = extractor.read_results(path)
    assert result.article_id == "odesa" and len(result.facts) == 9
    path.write_text("not a result\n")
    with pytest.raises(extractor.InputError, match=":1: not a result"):
        list(extractor.read_results(path))


def test_without_the_model_the_error_says_how_to_read_with_code_alone(monkeypatch):
    import importlib.util

    import extractor
    if importlib.util.find_spec("llama_cpp") is not None:
        pytest.skip("the embedded model is installed here")
    monkeypatch.delenv("EXTRACTOR_BASE_URL", raising=False)
    with pytest.raises(extractor.SetupError, match=r"use_model=False"):
        extractor.Extractor().extract("Five were killed.")


def test_the_readme_data_dictionary_is_the_one_the_fields_describe():
    from conftest import ROOT

    from extractor.views.facts import data_dictionary
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- facts-dictionary -->\n")[1].split("<!-- /facts-dictionary -->")[0]
    assert table == data_dictionary()
    assert all(f"| `{name}` |" in table for name in CONTRACT)


def test_facts_as_parquet_keep_their_types(tmp_path):
    pandas = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    from click.testing import CliRunner

    from extractor.cli import main
    results = tmp_path / "results.jsonl"
    results.write_text(result_for().model_dump_json() + "\n")
    outcome = CliRunner().invoke(main, ["facts", str(results), "--parquet", str(tmp_path / "facts.parquet")])
    assert outcome.exit_code == 0, outcome.output
    frame = pandas.read_parquet(tmp_path / "facts.parquet")
    assert len(frame) == 9 and str(frame["value"].dtype) == "Int64" and str(frame["date"].dtype).startswith("datetime64")
