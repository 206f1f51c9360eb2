import shutil
import subprocess
from html.parser import HTMLParser

import pytest
from extractor.schemas import FactRow

from extractor.evaluation.evaluate import evaluate
from extractor.evaluation.report import render

TEXT = ("Russia launched 78 missiles and 106 drones; 59 missiles were shot down. Eight people were hurt.\n"
        "<script>alert(1)</script> &amp; ‮12")


def row(text, category, role, weapon_class, value, **fields):
    start = TEXT.index(text)
    base = dict(article_id="a1", category=category, role=role, weapon_class=weapon_class, weapon=None,
                subject=None, value=value, low=None, high=None, approximate=False, lower_bound=False,
                upper_bound=False, date=None, date_precision=None, location=None, source=None, text=text,
                start=start, end=start + len(text), verified=False)
    base.update(fields)
    return FactRow(**base)


GOLD = [row("78", "munitions", "launched", "missile", 78), row("106", "munitions", "launched", "drone", 106),
        row("59", "munitions", "intercepted", "missile", 59), row("Eight", "casualties", "injured", None, 8)]
PREDICTED = [row("78", "munitions", "launched", "missile", 78, location="Kyiv", verified=True),
             row("59", "munitions", "launched", "missile", 59),  # right words, wrong role
             row("Eight", "casualties", "killed", None, 8)]


def report(predicted=PREDICTED) -> str:
    documents = {"a1": {"article_id": "a1", "facts": [g.model_dump(exclude={"article_id", "verified"}) for g in GOLD]}}
    evaluation = evaluate(documents, {"a1": predicted}, reps=20)
    return render([("pipeline", evaluation)], lambda _: TEXT, subtitle="test")


class Marks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.marks, self._kind, self.external, self.rows, self._row, self.anchors = [], None, [], [], None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "mark":
            self._kind = attrs["class"]
        if tag == "tr" and attrs.get("class"):
            self._row = [attrs["class"]]
            self.rows.append(self._row)
        if tag == "a":
            self.anchors.append(attrs["href"])
        if tag in ("script", "link") or (tag == "img" and attrs.get("src", "").startswith("http")):
            self.external.append(tag)

    def handle_endtag(self, tag):
        if tag == "tr":
            self._row = None

    def handle_data(self, data):
        if self._row is not None and data.strip():
            self._row.append(data)
        if self._kind:
            self.marks.append((self._kind, data))
            self._kind = None


def test_report_marks_each_span_by_outcome_and_needs_nothing_external():
    parser = Marks()
    parser.feed(report())
    assert parser.marks == [("matched", "78"), ("missed", "106"), ("wrong", "59"), ("wrong", "Eight")]
    assert parser.external == []


def test_one_row_per_span_with_verified_and_the_attributes_that_disagree():
    parser = Marks()
    parser.feed(report())
    assert [r[0] for r in parser.rows] == ["matched", "missed", "wrong", "wrong"], "right words, wrong label: one row"
    matched = parser.rows[0]
    assert "yes" in matched and "location: gold – / predicted Kyiv" in matched
    assert parser.rows[2][-1] == "wrong role" and parser.rows[3][-1] == "wrong role" and "no" in parser.rows[2]
    assert parser.anchors == ["#a1"], "the index links each article"


def test_article_text_and_labels_are_escaped():
    hostile = row("12", "munitions", "launched", "drone", 12, subject="<b>drones</b>", source="<script>x</script>")
    page = report(PREDICTED + [hostile])
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;" in page
    assert "<b>drones</b>" not in page and "&lt;b&gt;drones&lt;/b&gt;" in page
    assert "<script>" not in page


@pytest.mark.skipif(shutil.which("chromium") is None, reason="headless Chromium (Debian package chromium) absent")
def test_report_renders_in_headless_chromium(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(report(), encoding="utf-8")
    dom = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                          "--disable-component-update", "--disable-sync", "--no-first-run",
                          f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    assert "F1 per category" in dom and "<svg" in dom and "right words, wrong label" in dom
    assert dom.count("<mark") == 4 and "1 matched, 2 right words wrong label, 1 missed, 0 spurious" in dom
