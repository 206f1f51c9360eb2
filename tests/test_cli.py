import json

import pytest
from click.testing import CliRunner

from conftest import CORPUS, EXAMPLES, REPLAY_URL, ROOT
from extractor.cli import main
from extractor.model.local_model import MODEL_NAME
from extractor.schemas import Result


def run(*args, env=None, input=None):
    return CliRunner().invoke(main, list(args), env=env, input=input, catch_exceptions=False)


def records(output: str) -> list[Result]:
    return [Result.model_validate_json(line) for line in output.splitlines() if line.strip()]


def test_each_bad_input_becomes_one_error_record_naming_it(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "scan.txt").write_bytes(b"\xff\xd8\xff\xe0\0\x10JFIF\0")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\0\x10JFIF\0")  # not a text file: skipped, said so
    out = tmp_path / "results.jsonl"
    result = run("extract", str(tmp_path), str(tmp_path / "missing.txt"), "-o", str(out),
                 "--base-url", REPLAY_URL, "--model", "m")
    assert result.exit_code == 1
    by_id = {r.article_id: r for r in records(out.read_text())}
    assert sorted(by_id) == ["empty", "missing", "scan"]
    assert all(r.status == "error" and r.error.error_class == "input" for r in by_id.values())
    assert "empty" in by_id["empty"].error.message and "binary" in by_id["scan"].error.message
    assert "missing" in result.stderr and "skipping" in result.stderr and "photo.jpg" in result.stderr
    assert "0 articles extracted, 3 failed (input 3)" in result.stderr


def test_good_and_bad_inputs_in_one_run(tmp_path, cassette, endpoint):
    (tmp_path / "blank.txt").write_text("   ")
    good = EXAMPLES / "donetsk-shelling.txt"
    result = run("extract", str(tmp_path / "blank.txt"), str(good), "--published", "2025-06-10",
                 "--base-url", endpoint, "--model", MODEL_NAME, "--no-show",
                 env={"EXTRACTOR_API_KEY": "test-key-never-recorded"})
    assert result.exit_code == 1  # one input failed, and the other still completed
    blank, donetsk = records(result.stdout)
    assert (blank.article_id, blank.status) == ("blank", "error")
    assert (donetsk.article_id, donetsk.status) == ("donetsk-shelling", "ok")
    assert donetsk.published.isoformat() == "2025-06-10"
    facts = run("facts", "--csv", input=result.stdout)
    lines = facts.stdout.splitlines()
    assert lines[0].startswith("article_id,category,role,weapon_class,weapon,subject,value,low,high")
    assert len(lines) > 1 and all(line.startswith("donetsk-shelling,") for line in lines[1:])


def test_schema_prints_json_schema_with_version():
    document = json.loads(run("schema", "facts").stdout)
    assert document["title"] == "FactRow" and "verified" in document["properties"]
    assert "schema version" in document["$comment"]


def test_bad_published_date_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["extract", "x.txt", "--published", "yesterday"])
    assert result.exit_code == 2 and "ISO date" in result.output


def test_check_reports_findings_and_exits_nonzero_on_errors(tmp_path):
    text = (EXAMPLES / "odesa-overnight-attack.txt").read_text(encoding="utf-8")
    row = dict(category="munitions", role="launched", weapon_class="missile", weapon=None, subject="drones",
               value=64, low=None, high=None, approximate=False, lower_bound=False, upper_bound=False, date=None,
               date_precision=None, location=None, source=None, text="64", start=text.index("64"),
               end=text.index("64") + 2)
    gold = tmp_path / "odesa-overnight-attack.json"
    gold.write_text(json.dumps({"article_id": "odesa-overnight-attack", "facts": [row]}))
    result = run("check", str(gold), "--articles", str(EXAMPLES), "--json")
    assert result.exit_code == 1
    [report] = [json.loads(line) for line in result.stdout.splitlines()]
    assert [f["rule"] for f in report["findings"] if f["severity"] == "error"] == ["words_match_class"]
    row["weapon_class"] = "drone"
    gold.write_text(json.dumps({"article_id": "odesa-overnight-attack", "facts": [row]}))
    result = run("check", str(gold), "--articles", str(EXAMPLES), "--no-warnings")
    assert result.exit_code == 0 and "0 errors" in result.stdout


@pytest.mark.skipif(not CORPUS.exists(), reason=f"the gold articles are read from {CORPUS}")
def test_eval_run_with_the_rules_arm_writes_predictions_figures_report_and_record(tmp_path):
    record = tmp_path / "RESULTS.md"
    result = run("eval-run", "--arms", "rules", "--limit", "3", "-o", str(tmp_path / "eval"),
                 "--articles", str(CORPUS), "--record", str(record))
    assert result.exit_code == 0, result.output
    figures = json.loads((tmp_path / "eval" / "figures.json").read_text())
    assert figures["rules"]["figures"]["all"]["articles"] == 3
    assert (tmp_path / "eval" / "rules.facts.jsonl").exists() and (tmp_path / "eval" / "report.html").exists()
    assert "| rules |" in record.read_text() and "extractor eval-run" in record.read_text()
    # the predictions score the same through `extractor eval`
    scored = run("eval", str(tmp_path / "eval" / "rules.facts.jsonl"), str(ROOT / "eval" / "gold"),
                 "--json", str(tmp_path / "scores.json"))
    assert scored.exit_code == 0
    again = json.loads((tmp_path / "scores.json").read_text())
    # gold articles that were not run count as predicting nothing, so recall can only fall
    assert again["all"]["cells"]["headline"]["tp"] == figures["rules"]["figures"]["all"]["cells"]["headline"]["tp"]
