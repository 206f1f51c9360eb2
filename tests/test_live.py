"""The embedded model for real, on the seed article. Runs when the [local] extra is installed (minutes on 2 cores)."""

import importlib.util

import pytest
from conftest import CORPUS
from extractor.schemas import Result

from extractor.model.local_model import MODEL_NAME
from extractor.pipeline import Extractor
from extractor.reading.numbers import find_mentions

SEED = CORPUS / "kursk-christmas-strikes.txt"

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None,
                       reason="the embedded model needs the [local] extra: pip install -e '.[local]'"),
    pytest.mark.skipif(not SEED.exists(), reason=f"the seed article is read from {SEED}"),
]


def test_seed_article_on_the_embedded_model():
    text = SEED.read_text(encoding="utf-8")
    with Extractor() as extractor:
        result = extractor.extract(text, article_id=SEED.stem)
    assert result.status == "ok"
    assert Result.model_validate_json(result.model_dump_json()) == result
    rows = result.facts
    assert rows, "the model found no facts in the seed article"
    mentions = {(m.start, m.end): m.reading for m in find_mentions(text)}
    for row in rows:  # each fact sits on a number the number reader finds at that span, reading the same
        reading = mentions[(row.start, row.end)]
        assert (reading.value, reading.low, reading.high) == (row.value, row.low, row.high)
    assert result.model == MODEL_NAME and result.usage.completion_tokens > 0
