import datetime as dt
import io
import json

from extractor.runs.inputs import iter_items


def items(*specs, stdin=None, published=None):
    return list(iter_items([str(s) for s in specs], published, stdin=stdin))


def test_text_file_becomes_an_article_named_by_its_stem(tmp_path):
    f = tmp_path / "strike.txt"
    f.write_text("Russia fired 5 missiles.", encoding="utf-8")
    [item] = items(f, published=dt.date(2024, 1, 2))
    assert item.article.id == "strike" and item.article.published == dt.date(2024, 1, 2) and item.error is None


def test_bad_files_become_errors_that_name_the_input_and_cause(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text("  \n\t ")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    (tmp_path / "latin1.txt").write_bytes("Kyiv \xe9t\xe9".encode("latin-1"))
    (tmp_path / "good.txt").write_text("Eight people were injured.")
    (tmp_path / ".hidden").write_text("skipped")
    result = {i.article_id: i for i in items(tmp_path, tmp_path / "missing.txt")}
    assert sorted(result) == ["blank", "empty", "good", "image", "latin1", "missing"]
    assert result["good"].article.text == "Eight people were injured."
    assert "empty" in str(result["empty"].error) and "empty" in str(result["blank"].error)
    assert "binary" in str(result["image"].error)
    assert "not UTF-8" in str(result["latin1"].error)
    assert "no such file" in str(result["missing"].error)
    assert all(str(tmp_path) in str(i.error) or i.article_id == "missing" for i in result.values() if i.error)


def test_jsonl_lines_each_become_an_item_and_bad_lines_errors(tmp_path):
    f = tmp_path / "batch.jsonl"
    f.write_text("\n".join([
        json.dumps({"id": "a", "text": "Five killed.", "published": "2024-03-08"}),
        "{not json",
        json.dumps({"id": "c", "text": ""}),
        json.dumps({"id": "d", "text": "Two injured.", "published": "last week"}),
        json.dumps(["not", "an", "object"]),
    ]) + "\n")
    got = items(f)
    assert [i.article_id for i in got] == ["a", f"{f}:2", "c", "d", f"{f}:5"]
    assert got[0].article.published == dt.date(2024, 3, 8)
    assert [i.error is None for i in got] == [True, False, False, False, False]
    assert "ISO date" in str(got[3].error)


def test_stdin_takes_text_or_jsonl():
    [item] = items("-", stdin=io.BytesIO(b"Ten drones were shot down."))
    assert item.article.id == "stdin"
    got = items("-", stdin=io.BytesIO(b'{"id": "x", "text": "One killed."}\n{"id": "y", "text": "Two killed."}\n'))
    assert [i.article.id for i in got] == ["x", "y"]
    [item] = items("-", stdin=io.BytesIO(b"\xff\xfe\x00binary"))
    assert item.error is not None


def test_the_runs_own_output_is_never_read_as_input(tmp_path):
    (tmp_path / "a.txt").write_text("Five killed.")
    (tmp_path / "results.jsonl").write_text('{"id": "old", "text": "x"}\n')
    assert [i.article_id for i in items(tmp_path)] == ["a", "old"]
    found = list(iter_items([str(tmp_path)], skip=[str(tmp_path / "results.jsonl")]))
    assert [i.article_id for i in found] == ["a"]
