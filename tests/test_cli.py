import json

import pytest
from click.testing import CliRunner
from conftest import CORPUS, EXAMPLES, REPLAY_URL, ROOT
from extractor.schemas import Result

from extractor.cli import main
from extractor.model.local_model import MODEL_NAME


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
    assert "Events within an article" in record.read_text()  # eval/events lies beside eval/gold
    # the predictions score the same through `extractor eval`
    scored = run("eval", str(tmp_path / "eval" / "rules.facts.jsonl"), str(ROOT / "eval" / "gold"),
                 "--json", str(tmp_path / "scores.json"))
    assert scored.exit_code == 0
    again = json.loads((tmp_path / "scores.json").read_text())
    # gold articles that were not run count as predicting nothing, so recall can only fall
    assert again["all"]["cells"]["headline"]["tp"] == figures["rules"]["figures"]["all"]["cells"]["headline"]["tp"]


@pytest.mark.skipif(not CORPUS.exists(), reason=f"the gold articles are read from {CORPUS}")
def test_eval_run_records_no_events_section_for_gold_with_no_events_gold_beside_it(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "003.json").write_text((ROOT / "eval" / "gold" / "003.json").read_text())
    record = tmp_path / "RESULTS.md"
    result = run("eval-run", "--arms", "rules", "-o", str(tmp_path / "eval"), "--gold", str(tmp_path / "gold"),
                 "--articles", str(CORPUS), "--record", str(record))
    assert result.exit_code == 0, result.output
    assert "| rules |" in record.read_text() and "Events within" not in record.read_text()


@pytest.mark.skipif(not CORPUS.exists(), reason=f"the gold articles are read from {CORPUS}")
def test_eval_run_resumes_a_stopped_run_without_running_or_writing_an_article_twice(tmp_path):
    out = tmp_path / "eval"
    first = run("eval-run", "--arms", "rules", "--limit", "3", "-o", str(out), "--articles", str(CORPUS))
    assert first.exit_code == 0, first.output
    whole = {kind: (out / f"rules.{kind}.jsonl").read_text() for kind in ("facts", "runs")}
    # a run stopped while writing its third article: its costs line half-written
    runs = whole["runs"].splitlines(keepends=True)
    (out / "rules.runs.jsonl").write_text("".join(runs[:2]) + runs[2][:20])
    resumed = run("eval-run", "--arms", "rules", "--limit", "3", "-o", str(out), "--articles", str(CORPUS),
                  "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert resumed.output.count("rules ") == first.output.count("rules ") - 2  # only the third was run again
    assert (out / "rules.facts.jsonl").read_text() == whole["facts"]
    assert [json.loads(line)["article_id"] for line in (out / "rules.runs.jsonl").read_text().splitlines()] == \
        [json.loads(line)["article_id"] for line in runs]
    figures = json.loads((out / "figures.json").read_text())
    assert figures["rules"]["figures"]["all"]["articles"] == 3
    reused = run("eval-run", "--arms", "rules", "--reuse", "rules", "-o", str(tmp_path / "empty"))
    assert reused.exit_code != 0 and "holds no earlier run" in reused.output


# ---- settings and mistakes: one line, never a traceback ----------------------------------------------------------

def invoke(*args, env=None, input=None):
    """The command line as a user meets it: exceptions are not re-raised, output as printed."""
    return CliRunner().invoke(main, list(args), env=env, input=input)


@pytest.mark.parametrize("args, env, says", [
    (["extract", "x.txt"], {"EXTRACTOR_MAX_TOKENS": "lots"}, "EXTRACTOR_MAX_TOKENS"),
    (["extract", "x.txt", "-c", "0"], None, "-c"),
    (["extract", "x.txt", "-c", "-1"], None, "-c"),
    (["extract", "x.txt", "--rpm", "0.001"], None, "--rpm"),
    (["extract", "x.txt", "--rpm", "nan"], None, "--rpm"),  # nan passes every comparison: it meant no limit
    (["extract", "x.txt", "--timeout", "nan"], None, "--timeout"),  # and here failed every article
    (["extract", "x.txt", "--tpm", "inf"], None, "--tpm"),
    (["extract", "x.txt"], {"EXTRACTOR_TIMEOUT": "nan"}, "EXTRACTOR_TIMEOUT"),
    (["extract", "x.txt", "--base-url", "http://[::1/v1", "--model", "m"], None, "is not a URL"),  # a traceback
    (["extract", "x.txt", "--mode", "yaml"], None, "--mode"),
    (["extract", "x.txt", "--base-url", "http://127.0.0.1:99999/v1", "--model", "m"], None, "port"),
    (["extract", "x.txt", "--base-url", "http://127.0.0.1:8000/v1"], None, "--model"),
    (["eval-run", "--arms", "code,foo"], None, "foo"),
    (["facts", "--csv", "--table", "x.jsonl"], None, "--csv and --table"),
])
def test_a_bad_setting_is_one_line_and_exit_status_2(tmp_path, args, env, says):
    result = invoke(*args, env=env)
    assert result.exit_code == 2, result.output
    assert says in result.output and "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_facts_of_a_file_that_is_not_results_is_one_line(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    result = invoke("facts", str(notes))
    assert result.exit_code == 1 and f"{notes}:1: not a result" in result.output
    assert isinstance(result.exception, SystemExit)


def test_the_output_is_never_an_input_and_never_someone_elses_file(tmp_path):
    same = tmp_path / "same.jsonl"
    same.write_text(json.dumps({"id": "a", "text": "Five were killed."}) + "\n")
    result = invoke("extract", str(same), "-o", str(same), "--no-model")
    assert result.exit_code == 1 and "is an input" in result.output
    assert same.read_text() == json.dumps({"id": "a", "text": "Five were killed."}) + "\n"
    notes = tmp_path / "notes.txt"
    notes.write_text("important\n")
    result = invoke("extract", str(same), "-o", str(notes), "--no-model")
    assert result.exit_code == 1 and "not a results file" in result.output and notes.read_text() == "important\n"


def test_text_in_square_brackets_is_printed_as_written(tmp_path):
    articles = tmp_path / "a.jsonl"
    articles.write_text(json.dumps({"id": "[/b] odd [red]id", "text": "Russia fired 5 missiles at Kharkiv."}) + "\n"
                        + json.dumps({"id": "[bold]", "text": ""}) + "\n")
    result = invoke("extract", str(articles), "--no-model", "-o", str(tmp_path / "r.jsonl"))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "[bold]" in result.stderr and "no text" in result.stderr
    table = invoke("facts", str(tmp_path / "r.jsonl"), "--table")
    assert table.exit_code == 0 and "[/b] odd [red]id" in table.stdout


def test_the_table_has_article_location_and_verified_and_keeps_its_columns_when_piped(tmp_path):
    out = tmp_path / "r.jsonl"
    invoke("extract", str(EXAMPLES / "odesa-overnight-attack.txt"), "--no-model", "-o", str(out))
    table = invoke("facts", str(out), "--table").stdout
    header = table.splitlines()[1]
    assert all(column in header for column in ("article", "location", "verified", "source"))
    assert "odesa-overnight-attack" in table  # not squeezed to a few characters


def test_a_rerun_that_still_holds_error_records_exits_1_and_says_why(tmp_path):
    articles = tmp_path / "a.jsonl"
    articles.write_text(json.dumps({"id": "good", "text": "Russia fired 5 missiles."}) + "\n"
                        + json.dumps({"id": "bad", "text": ""}) + "\n")
    out = tmp_path / "r.jsonl"
    first = invoke("extract", str(articles), "--no-model", "-o", str(out))
    again = invoke("extract", str(articles), "--no-model", "-o", str(out))
    assert first.exit_code == again.exit_code == 1
    assert "1 article extracted, 1 failed (input 1)" in first.stderr
    assert "0 articles extracted; 2 already in the output (1 of them error records" in again.stderr


@pytest.mark.skipif(not CORPUS.exists(), reason=f"the gold articles are read from {CORPUS}")
def test_the_readme_sequence_scores_only_what_both_hold_from_any_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # eval finds the gold and the corpus relative to the repository
    (tmp_path / "in").mkdir()
    for article_id in ("104", "105"):
        (tmp_path / "in" / f"{article_id}.txt").write_text((CORPUS / f"{article_id}.txt").read_text())
    assert invoke("extract", "in", "--no-model", "-o", "results.jsonl").exit_code == 0
    result = invoke("eval", "results.jsonl")
    assert result.exit_code == 0, result.output
    assert "scoring the 2 articles present in both" in result.stderr and "with no prediction" in result.stderr
    assert "0.000 [" not in result.stdout
    nothing = invoke("extract", str(EXAMPLES), "--no-model", "-o", "examples.jsonl")
    assert nothing.exit_code == 0
    result = invoke("eval", "examples.jsonl")
    assert result.exit_code == 2 and "share no article id" in result.output


def test_an_endpoint_that_refuses_connections_is_given_up_after_the_first_article(tmp_path):
    articles = tmp_path / "a.jsonl"
    articles.write_text("".join(json.dumps({"id": f"a{i}", "text": f"Russia fired {i + 2} missiles."}) + "\n"
                                for i in range(4)))
    out = tmp_path / "r.jsonl"
    result = invoke("extract", str(articles), "-o", str(out), "--base-url", "http://127.0.0.1:9/v1", "--model", "m",
                    "--no-cache", env={"EXTRACTOR_TRANSPORT_RETRIES": "1"})
    records_ = sorted(records(out.read_text()), key=lambda r: r.article_id)
    assert result.exit_code == 1 and all(r.error.error_class == "transport" for r in records_)
    assert [r.attempts.requests for r in records_] == [2, 0, 0, 0]  # the first article's retries, then no more
    assert "refused connections" in result.stderr and "not asked" in records_[1].error.message


def test_a_terminal_gets_a_table_and_a_pipe_or_json_gets_json_lines(tmp_path, monkeypatch):
    import extractor.cli.progress as shown
    article = EXAMPLES / "odesa-overnight-attack.txt"
    piped = invoke("extract", str(article), "--no-model")
    assert json.loads(piped.stdout.splitlines()[0])["article_id"] == "odesa-overnight-attack"
    monkeypatch.setattr(shown, "on_terminal", lambda: True)
    table = invoke("extract", str(article), "--no-model")
    asked = invoke("extract", str(article), "--no-model", "--json")
    assert "odesa-overnight-attack: 9 facts" in table.stdout and not table.stdout.lstrip().startswith("{")
    assert "--json prints the JSON lines" in table.stdout
    assert json.loads(asked.stdout.splitlines()[0])["status"] == "ok"


@pytest.mark.parametrize("command", ["calibrate", "learn-reader"])
@pytest.mark.parametrize("split", ["test", "test2", "all"])
def test_learning_never_learns_from_a_test_split(command, split):
    from click.testing import CliRunner

    from extractor.cli import main

    answer = CliRunner().invoke(main, [command, "--split", split, "-o", "never-written.json"])
    assert answer.exit_code == 2 and f"'{split}' is not one of 'dev', 'calib'" in answer.output
