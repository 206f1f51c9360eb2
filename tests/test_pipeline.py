"""The whole pipeline on recorded model answers (cassettes/pipeline/). Re-record: see conftest.py."""

import asyncio
import datetime as dt

import pytest

from conftest import example
from extractor.errors import InputError
from extractor.views.facts import fact_rows
from extractor.pipeline import text_sha256
from extractor.model.prompting import prompt_version
from extractor.schemas import SCHEMA_VERSION, Result

ODESA = example("odesa-overnight-attack")
DARFUR = example("darfur-attack")


def assert_grounded(result: Result, text: str) -> list:
    """Every emitted number's span points at its own words, and the result is schema-valid after a round trip."""
    assert Result.model_validate_json(result.model_dump_json()) == result
    rows = list(fact_rows(result))
    for row in rows:
        if row.start is not None:
            assert text[row.start:row.end] == row.text
    return rows


def test_extract_odesa(extractor, cassette):
    result = extractor.extract(ODESA, article_id="odesa", published=dt.date(2025, 3, 8))
    rows = assert_grounded(result, ODESA)
    assert result.status == "ok" and result.article_id == "odesa"
    assert result.text_sha256 == text_sha256(ODESA)
    assert (result.prompt_version, result.schema_version) == (prompt_version(), SCHEMA_VERSION)
    assert result.backend.startswith("http://127.0.0.1:") and "key" not in result.model_dump_json().lower()
    assert result.usage.prompt_tokens > 0 and result.usage.completion_tokens > 0
    assert result.attempts.requests >= 1 and result.latency_s >= 0
    found = {(r.category, r.role, r.weapon_class, r.value) for r in rows}
    # Counts the embedded model got right when this cassette was recorded (code, not the model, reads values).
    assert {("munitions", "launched", "drone", 64), ("munitions", "intercepted", "drone", 51)} <= found
    assert all(r.start is not None for r in rows if r.value in (64, 51))


def test_aextract_darfur(extractor, cassette):
    result = asyncio.run(extractor.aextract(DARFUR, article_id="darfur"))
    rows = assert_grounded(result, DARFUR)
    assert result.status == "ok" and rows
    killed = [r for r in rows if r.role == "killed" and r.value == 35]
    assert killed and killed[0].lower_bound and killed[0].text.lower() == "at least 35"


def test_empty_article_is_refused_before_any_request(extractor):
    with pytest.raises(InputError, match="empty"):
        extractor.extract("  \n")


# A report that contradicts itself (written for this test): more drones shot down than launched.
INCONSISTENT = ("Russia launched 20 drones at Kharkiv overnight, and air defence shot down 25 of them, the regional "
                "governor said on Telegram. Two people were injured by falling debris.")


def test_repair_round_asks_the_flagged_counts_again(extractor, cassette):
    """The checker's error (parts above their total) goes back to the model for the counts it concerns."""
    result = extractor.extract(INCONSISTENT, article_id="inconsistent", published=dt.date(2026, 1, 2))
    assert_grounded(result, INCONSISTENT)
    first = result.repairs[0]
    assert result.attempts.repairs == len(result.repairs) == 1 and first.errors_before == 1
    assert first.errors_after is not None and first.kept == (first.errors_after < first.errors_before)
    assert result.attempts.requests == 3 + 1  # one question per count (20, 25, Two), then the flagged one again
    # Whatever answer was kept, each fact is verified exactly when no error finding touches it and it is confirmed.
    from extractor.schemas import located_rows
    bad = {f.path for f in result.checks if f.severity == "error" or f.rule == "unconfirmed"}
    assert all(at.row.verified == (at.path not in bad) for at in located_rows(result))


def test_a_bug_becomes_an_internal_error_record_not_a_crash():
    from extractor.model.backend import Backend
    from extractor.settings import Settings
    from extractor.pipeline import Article, Extractor

    class Broken(Backend):
        def complete(self, *args, **kwargs):
            raise RuntimeError("boom")

    record = Extractor(backend=Broken(Settings(base_url="http://127.0.0.1:9/v1", model="m"))).process(Article("a1", ODESA))
    assert (record.status, record.error.error_class) == ("error", "internal")
    assert "RuntimeError: boom" in record.error.message and record.article_id == "a1"
