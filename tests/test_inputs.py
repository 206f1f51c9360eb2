import datetime as dt
import io
import json
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.runs.inputs import Reading, count_inputs, iter_items


def items(*specs, stdin=None, published=None, **reading):
    return list(iter_items([str(s) for s in specs], Reading(published, **reading), stdin=stdin))


def test_text_file_becomes_an_article_named_by_its_stem(tmp_path):
    f = tmp_path / "strike.txt"
    f.write_text("Russia fired 5 missiles.", encoding="utf-8")
    [item] = items(f, published=dt.date(2024, 1, 2))
    assert item.article.id == "strike" and item.article.published == dt.date(2024, 1, 2) and item.error is None


def test_bad_files_become_errors_that_name_the_input_and_cause(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text("  \n\t ")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
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


def test_a_directory_holds_text_files_only_and_ids_keep_their_folder(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(f"Two were killed in {folder}.")
    (tmp_path / "notes.md").write_text("Three were injured.")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\0\x10JFIF\0")
    skipped = []
    got = list(iter_items([str(tmp_path)], on_skip=lambda path, why: skipped.append(path.name)))
    assert [i.article_id for i in got] == ["a/report", "b/report", "notes"]
    assert skipped == ["photo.jpg"] and count_inputs([str(tmp_path)]) == 3


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


def test_one_bad_byte_costs_one_line_not_the_rest_of_the_file(tmp_path):
    f = tmp_path / "big.jsonl"
    lines = [json.dumps({"id": f"a{i}", "text": f"{i} drones were shot down."}).encode() for i in range(2000)]
    lines[999] = b'{"id": "a999", "text": "caf\xe9 bombed"}'
    f.write_bytes(b"\n".join(lines) + b"\n")
    got = items(f)
    assert len(got) == 2000 and [i.article_id for i in got if i.error] == [f"{f}:1000"]
    assert "not UTF-8" in str(got[999].error) and got[-1].article.id == "a1999"


def test_a_huge_file_or_line_is_refused_without_reading_it(tmp_path):
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"Ten drones were shot down. " * 200_000)  # 5.4 MB
    f = tmp_path / "lines.jsonl"
    f.write_bytes(json.dumps({"id": "long", "text": "x" * 2_000_000}).encode() + b"\n"
                  + json.dumps({"id": "ok", "text": "Two killed."}).encode() + b"\n")
    started = time.perf_counter()
    [big] = items(huge)
    long, ok = items(f)
    assert time.perf_counter() - started < 1.0
    assert "more than" in str(big.error) and "longer than" in str(long.error) and ok.article.id == "ok"


def test_csv_front_matter_and_dates_from_names(tmp_path):
    table = tmp_path / "wire.csv"
    table.write_text('id,text,published\nw1,"Four were killed, officials said.",2024-05-01\nw2,"Two injured.",\n')
    story = tmp_path / "2025-03-08-odesa.md"
    story.write_text("---\npublished: 2025-03-09\n---\nRussia fired 5 missiles.")
    named = tmp_path / "2025-03-07-kyiv.txt"
    named.write_text("Russia fired 6 missiles.")
    got = {i.article_id: i.article for i in items(table, story, named, published_from_name=True)}
    assert got["w1"].published == dt.date(2024, 5, 1) and got["w2"].published is None
    assert got["2025-03-08-odesa"].text == "Russia fired 5 missiles."
    assert got["2025-03-08-odesa"].published == dt.date(2025, 3, 9)  # front matter wins over the name
    assert got["2025-03-07-kyiv"].published == dt.date(2025, 3, 7)


def test_stdin_takes_text_or_jsonl():
    [item] = items("-", stdin=io.BytesIO(b"Ten drones were shot down."))
    assert item.article.id == "stdin"
    got = items("-", stdin=io.BytesIO(b'{"id": "x", "text": "One killed."}\n{"id": "y", "text": "Two killed."}\n'))
    assert [i.article.id for i in got] == ["x", "y"]
    [item] = items("-", stdin=io.BytesIO(b"\xff\xfe\x00binary"))
    assert item.error is not None


def test_the_runs_own_output_is_never_read_as_input(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "a", "text": "Five killed."}\n')
    (tmp_path / "results.jsonl").write_text('{"id": "old", "text": "x"}\n')
    assert [i.article_id for i in items(tmp_path)] == ["a", "old"]
    found = list(iter_items([str(tmp_path)], skip=[str(tmp_path / "results.jsonl")]))
    assert [i.article_id for i in found] == ["a"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode),
                          st.dictionaries(st.sampled_from(["id", "text", "published"]),
                                          st.one_of(st.text(max_size=40), st.integers(), st.none()))
                          .map(lambda d: json.dumps(d).encode())), max_size=20))
def test_any_bytes_in_a_jsonl_file_give_one_item_per_line_and_never_raise(lines):
    lines = [line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines]
    data = b"\n".join(lines) + b"\n"
    got = list(iter_items(["-"], stdin=io.BytesIO(b"{}\n" + data)))
    assert len(got) == 1 + sum(1 for line in lines if line.strip())
    assert all((i.article is None) != (i.error is None) for i in got)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_in_a_text_file_give_one_item(data):
    got = list(iter_items(["-"], stdin=io.BytesIO(b"x" + data)))  # not JSONL: one article, or one error
    assert len(got) == 1 and (got[0].article is None) != (got[0].error is None)


# ---- every input gets its record: hostile and careless inputs ------------------------------------------------------

def _extract(*args):
    from click.testing import CliRunner

    from extractor.cli import main
    return CliRunner().invoke(main, ["extract", *map(str, args), "--no-model"])


def test_a_lone_surrogate_in_an_id_or_a_text_is_an_error_record_and_the_rerun_works(tmp_path):
    lines = tmp_path / "in.jsonl"
    lines.write_text('{"id": "bad\\udfff", "text": "Two were killed."}\n'
                     '{"id": "worse", "text": "Two were \\ud800 killed."}\n'
                     '{"id": "ok", "text": "Three were killed."}\n')
    out = tmp_path / "out.jsonl"
    for _ in range(2):  # the rerun once crashed on what the first run had dropped
        result = _extract(lines, "-o", out)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        records = [json.loads(line) for line in out.read_text().splitlines()]
        assert [r["article_id"] for r in records] == ["bad\\udfff", "worse", "ok"]
    assert [r["status"] for r in records] == ["error", "error", "ok"]
    assert "lone surrogate" in records[0]["error"]["message"] and "lone surrogate" in records[1]["error"]["message"]


def test_absurd_publication_dates_are_error_records_and_the_others_are_written(tmp_path):
    lines = tmp_path / "in.jsonl"
    lines.write_text(json.dumps({"id": "digits", "text": "Two were killed."})[:-1] + ', "published": ' + "9" * 5000
                     + "}\n" + json.dumps({"id": "year1", "text": "On Thursday two were killed.",
                                           "published": "0001-01-01"}) + "\n"
                     + json.dumps({"id": "ok", "text": "On Thursday two were killed.", "published": "2025-03-08"})
                     + "\n")
    out = tmp_path / "out.jsonl"
    result = _extract(lines, "-o", out)
    assert "Traceback" not in result.output
    records = {r["article_id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert records[f"{lines}:1"]["status"] == "error" and records["year1"]["error"]["error_class"] == "input"
    assert records["ok"]["status"] == "ok"


def test_on_thursday_before_the_first_day_of_the_calendar_is_no_date_not_an_overflow():
    from extractor.reading.dates import resolve
    assert resolve("on Thursday", dt.date(1, 1, 1)) == (None, None, None)
    assert resolve("on Thursday", dt.date(2025, 3, 8))[0] == dt.date(2025, 3, 6)


def test_a_fifo_or_a_device_is_an_error_record_not_a_hang_or_an_endless_read(tmp_path):
    import os
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    (tmp_path / "good.txt").write_text("Two were killed.")
    started = time.perf_counter()
    named = {i.article_id: i for i in items(fifo, zero, tmp_path / "good.txt")}
    assert "a FIFO" in str(named["pipe"].error) and "a device" in str(named["zero"].error)
    assert named["good"].article is not None and time.perf_counter() - started < 5
    skipped = []
    found = list(iter_items([str(tmp_path)], on_skip=lambda p, why: skipped.append(p.name)))
    assert [i.article_id for i in found] == ["good"] and sorted(skipped) == ["pipe.txt", "zero.txt"]


def test_a_folder_of_articles_skips_what_is_not_an_article_and_says_so(tmp_path):
    (tmp_path / "001.txt").write_text("Two were killed.")
    (tmp_path / "README.md").write_text("Sources: https://example.com/news/drones-1727606857.html")
    (tmp_path / "LICENSE").write_text("MIT")
    (tmp_path / "articles.jsonl").write_text('{"id": "001", "text": "Two were killed.", "published": "2025-01-01"}\n')
    skipped = {}
    found = list(iter_items([str(tmp_path)], on_skip=lambda p, why: skipped.setdefault(p.name, why)))
    assert [i.article_id for i in found] == ["001"]
    assert set(skipped) == {"README.md", "LICENSE", "articles.jsonl"} and "name it" in skipped["articles.jsonl"]
    named = list(iter_items([str(tmp_path / "articles.jsonl")]))  # named, it is read
    assert named[0].article.published == dt.date(2025, 1, 1)
