"""The results file a run owns: never an input, never someone else's file, resumable without losing a line."""

import json

import pytest
from extractor.schemas import SCHEMA_VERSION, ErrorInfo, Result

from extractor.errors import OutputError
from extractor.runs.outputs import Output


def result(article_id: str, status: str = "ok") -> str:
    error = ErrorInfo(error_class="transport", message="down") if status == "error" else None
    return Result(article_id=article_id, status=status, schema_version=SCHEMA_VERSION, error=error).model_dump_json()


def test_an_input_is_never_the_output(tmp_path):
    inputs = tmp_path / "same.jsonl"
    original = "".join(json.dumps({"id": f"a{i}", "text": "Five were killed."}) + "\n" for i in range(100))
    inputs.write_text(original)
    with pytest.raises(OutputError, match="is an input"):
        Output(inputs).open(inputs=[str(inputs)])
    assert inputs.read_text() == original


def test_a_file_that_is_not_results_is_refused_untouched(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n\nabout the war\n")
    with pytest.raises(OutputError, match="not a results file"):
        Output(notes).open()
    assert notes.read_text() == "my notes\n\nabout the war\n"


def test_resume_keeps_every_valid_line_and_sets_the_others_aside(tmp_path):
    path = tmp_path / "results.jsonl"
    path.write_text("\n".join([result("a"), "{malformed", result("b"), "edited by hand", result("c", "error")]) + "\n")
    with Output(path).open() as out:
        assert (out.ok, out.failed, out.rejected) == ({"a", "b"}, {"c"}, 2)
    assert [json.loads(line)["article_id"] for line in path.read_text().splitlines()] == ["a", "b", "c"]
    assert (tmp_path / "results.jsonl.rejected").read_text() == "{malformed\nedited by hand\n"


def test_retry_failed_drops_only_error_records_through_an_atomic_rewrite(tmp_path):
    path = tmp_path / "results.jsonl"
    path.write_text("\n".join([result("a"), result("b", "error")]) + "\n")
    with Output(path).open(retry_failed=True) as out:
        assert out.ok == {"a"} and not out.holds("b")
    assert [json.loads(line)["article_id"] for line in path.read_text().splitlines()] == ["a"]
    assert not (tmp_path / "results.jsonl.tmp").exists()


def test_a_second_writer_is_refused_until_the_first_closes(tmp_path):
    path = tmp_path / "results.jsonl"
    first = Output(path).open()
    with pytest.raises(OutputError, match="another run"):
        Output(path).open()
    first.close()
    Output(path).open().close()


def made(article_id: str, model: str | None, policy: str) -> str:
    return Result(article_id=article_id, model=model, policy=policy, schema_version=SCHEMA_VERSION).model_dump_json()


def test_a_file_made_one_way_refuses_a_resume_made_another_and_retry_all_redoes_it(tmp_path):
    path = tmp_path / "results.jsonl"
    path.write_text(made("a", "qwen", "agreement") + "\n" + made("b", "qwen", "agreement") + "\n")
    ours = dict(model=None, prompt_version=None, policy="code alone", schema_version=SCHEMA_VERSION)
    with pytest.raises(OutputError, match="made otherwise.*'qwen' there, None now.*--retry-all"):
        Output(path).open(made_by=ours)
    assert len(path.read_text().splitlines()) == 2  # untouched
    with Output(path).open(made_by=dict(ours, model="qwen", policy="agreement")) as out:  # the same way: resumes
        assert out.ok == {"a", "b"}
    with Output(path).open(retry_all=True, made_by=ours) as out:
        assert not out.holds("a") and path.read_text() == ""


def test_the_command_line_refuses_to_mix_policies_in_one_file(tmp_path):
    from click.testing import CliRunner

    from extractor.cli import main
    article = tmp_path / "a.txt"
    article.write_text("Russia launched 48 drones overnight.")
    out = tmp_path / "out.jsonl"
    out.write_text(made("a", "qwen", "agreement") + "\n")
    refused = CliRunner().invoke(main, ["extract", str(article), "-o", str(out), "--no-model"])
    assert refused.exit_code == 1 and "made otherwise" in refused.output and "--retry-all" in refused.output
    redone = CliRunner().invoke(main, ["extract", str(article), "-o", str(out), "--no-model", "--retry-all"])
    assert redone.exit_code == 0, redone.output
    [line] = out.read_text().splitlines()
    assert json.loads(line)["model"] is None and json.loads(line)["policy"].startswith("code alone")
