"""Check files of results (JSONL from `extract`) or gold labels (eval/gold/*.json) against their articles.

Results carry only the text's sha256, and gold files only offsets, so the article texts are looked up by id in
the places given: directories of <id>.txt files, or JSONL files with id and text (like ../shared/corpus)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator

from .check import Fact, check, gold_facts, result_facts
from .errors import InputError
from .pipeline import text_sha256
from .runs.inputs import decode
from .schemas import Finding, Result

# Where a source checkout keeps its data: the corpus beside the repository, the examples and gold inside it.
REPOSITORY = Path(__file__).resolve().parent.parent
CORPUS = REPOSITORY.parent / "shared" / "corpus"
EXAMPLES = REPOSITORY / "examples"
GOLD = REPOSITORY / "eval" / "gold"


def default_places() -> list[Path]:
    """Where article texts are looked for when no --articles is given: the corpus and the examples."""
    return [p for p in (CORPUS, EXAMPLES) if p.is_dir()]


@dataclass
class Report:
    """The findings for one article of one file."""

    file: str
    article_id: str
    facts: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)


class Articles:
    """Article texts by id, from directories of <id>.txt files and JSONL files (id, text)."""

    def __init__(self, places: Iterable[str | Path]):
        self.places = [Path(p) for p in places]

    @cached_property
    def _jsonl(self) -> dict[str, str]:
        texts: dict[str, str] = {}
        files = [p for p in self.places if p.suffix == ".jsonl"]
        files += [f for p in self.places if p.is_dir() for f in sorted(p.glob("*.jsonl"))]
        for path in files:
            with path.open(encoding="utf-8") as lines:
                for line in lines:
                    if line.strip():
                        record = json.loads(line)
                        texts.setdefault(str(record.get("id")), record.get("text") or "")
        return texts

    def text(self, article_id: str) -> str:
        for place in self.places:
            candidate = place / f"{article_id}.txt" if place.is_dir() else place
            if candidate.suffix == ".txt" and candidate.stem == article_id and candidate.is_file():
                return decode(candidate.read_bytes(), str(candidate))
        if article_id in self._jsonl:
            return self._jsonl[article_id]
        raise InputError(f"{article_id}: article text not found in {', '.join(map(str, self.places)) or '(nowhere)'}"
                         f" (the gold articles are read from {CORPUS}, beside the repository; give --articles)")


def _documents(path: Path) -> Iterator[dict]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".jsonl":
        for line in text.splitlines():
            if line.strip():
                yield json.loads(line)
    else:
        yield json.loads(text)


def _published(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def check_file(path: str | Path, articles: Articles) -> Iterator[Report]:
    """One report per article in the file: a gold document ({"article_id", "facts"}) or results (JSON/JSONL)."""
    path = Path(path)
    for document in _documents(path):
        article_id = str(document.get("article_id"))
        report = Report(str(path), article_id)
        try:
            text = articles.text(article_id)
            if "facts" in document:
                facts: list[Fact] = gold_facts(document)
            else:
                result = Result.model_validate(document)
                if result.text_sha256 and result.text_sha256 != text_sha256(text):
                    raise InputError(f"{article_id}: the article text differs from the one this result was made from")
                facts = result_facts(result)
        except (InputError, ValueError) as error:
            report.findings.append(Finding(rule="input", severity="error", path="", message=str(error)))
        else:
            report.facts = len(facts)
            report.findings = check(facts, text, _published(document.get("published")))
        yield report
