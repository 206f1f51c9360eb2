"""The arms an evaluation runs side by side on the same articles and model: the full pipeline, the pipeline's code
without the model, a bare instructor call (one request, a flat schema, no alignment, no checker, no repair) and the
crude rules-only extractor (no model)."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from pydantic import ValidationError

from ..errors import ExtractorError
from ..evaluation.rules import extract_rows
from ..model.backend import Backend, Call
from ..model.prompting import bare_messages
from ..pipeline import Article, Extractor
from ..reading import learned
from ..schemas import BareFact, BareFacts, FactRow, Result, Usage
from ..views.facts import fact_rows


@dataclass
class ArmOutput:
    article_id: str
    rows: list[FactRow] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    latency_s: float = 0.0
    requests: int = 0
    error: str | None = None
    result: Result | None = None  # the pipeline's full result (checks, repairs), kept for the record


class PipelineArm:
    name = "pipeline"

    def __init__(self, backend: Backend):
        self.extractor = Extractor(backend=backend)

    def run(self, article: Article) -> ArmOutput:
        result = self.extractor.process(article)
        error = f"{result.error.error_class}: {result.error.message}" if result.error else None
        return ArmOutput(article.id, list(fact_rows(result)), result.usage, result.latency_s or 0.0,
                         result.attempts.requests, error, result)


def _bare_row(article_id: str, fact: BareFact) -> FactRow | None:
    try:
        date = dt.date.fromisoformat(fact.date) if fact.date else None
    except ValueError:
        date = None
    try:
        return FactRow(article_id=article_id, category=fact.category, role=fact.role,
                       weapon_class=fact.weapon_class, weapon=fact.weapon, subject=fact.subject, value=fact.value,
                       low=fact.low, high=fact.high, approximate=fact.approximate, lower_bound=fact.lower_bound,
                       upper_bound=fact.upper_bound, date=date, date_precision="day" if date else None,
                       location=fact.location, source=fact.source, text=fact.text, start=None, end=None,
                       verified=False)
    except ValidationError:
        return None  # a category outside the four: not a fact of the view


class BareArm:
    """What a new user gets from one instructor call with a flat schema, on the same model and settings."""

    name = "bare"

    def __init__(self, backend: Backend):
        self.backend = backend

    def run(self, article: Article) -> ArmOutput:
        started = time.perf_counter()
        try:
            completion = self.backend.complete(bare_messages(article.text), BareFacts, Call(mode="tools"))
        except ExtractorError as error:
            return ArmOutput(article.id, usage=error.usage or Usage(), latency_s=time.perf_counter() - started,
                             requests=error.attempts.requests if error.attempts else 0,
                             error=f"{error.error_class}: {error}")
        rows = [r for f in completion.parsed.facts if (r := _bare_row(article.id, f)) is not None]
        return ArmOutput(article.id, rows, completion.usage, time.perf_counter() - started,
                         completion.attempts.requests)


class CodeArm(PipelineArm):
    """The pipeline with no model: code's reading of the words alone, so every run shows what the model adds."""

    name = "code"

    def __init__(self, backend: Backend):
        self.extractor = Extractor(backend=Backend(backend.settings.replace(use_model=False)))


class LearnedArm(CodeArm):
    """Code alone with the learned reader (extractor.reading.learned) overruling the hand rules where it is sure,
    whether or not it beat them on dev: both are scored on the test splits."""

    name = "learned"

    def __init__(self, backend: Backend):
        super().__init__(backend)
        self.extractor.use_reader(learned.load(backend.settings.reader, always=True))


class RulesArm:
    name = "rules"

    def run(self, article: Article) -> ArmOutput:
        started = time.perf_counter()
        rows = extract_rows(article.id, article.text, article.published)
        return ArmOutput(article.id, rows, latency_s=time.perf_counter() - started)


ARMS = {"pipeline": PipelineArm, "code": CodeArm, "learned": LearnedArm, "bare": BareArm, "rules": RulesArm}


def make_arm(name: str, backend: Backend):
    return RulesArm() if name == "rules" else ARMS[name](backend)
