"""Code's facts on every gold article, held by digest: a change meant to keep behaviour (moving code, a new shape
between stages) must leave every article's facts and findings byte-identical, and a change meant to alter them shows
here, article by article. After a deliberate change to how code reads, write the new digests with
`EXTRACTOR_UPDATE_DIGESTS=1 pytest tests/test_same_facts.py` and commit them with the change (the diff of
tests/facts.sha256.json then names every article whose facts moved)."""

import datetime as dt
import hashlib
import json
import os
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

from extractor.evaluation.evaluate import read_gold, read_splits
from extractor.pipeline import Extractor
from extractor.settings import Settings

DIGESTS = Path(__file__).with_name("facts.sha256.json")


def digest(result) -> str:
    """The facts and the checker's findings, as JSON with sorted keys."""
    kept = [[row.model_dump(mode="json") for row in result.facts], [f.model_dump(mode="json") for f in result.checks],
            result.warnings]
    return hashlib.sha256(json.dumps(kept, sort_keys=True).encode()).hexdigest()


@pytest.mark.slow  # every gold article, read by code (~6 s)
@pytest.mark.skipif(not CORPUS.is_dir(), reason="needs ../shared/corpus beside the repository")
def test_code_reads_every_gold_article_as_recorded():
    gold = read_gold(ROOT / "eval" / "gold")
    assert set(read_splits(ROOT / "eval" / "gold")) <= set(gold)  # every article of a split has its gold file
    extractor = Extractor(Settings(use_model=False))
    now = {}
    for article_id, document in sorted(gold.items()):
        published = document.get("published")
        result = extractor.extract((CORPUS / f"{article_id}.txt").read_text(encoding="utf-8"), article_id=article_id,
                                   published=dt.date.fromisoformat(published[:10]) if published else None)
        now[article_id] = digest(result)
    if os.environ.get("EXTRACTOR_UPDATE_DIGESTS") == "1":
        DIGESTS.write_text(json.dumps(now, indent=1, sort_keys=True) + "\n")
    recorded = json.loads(DIGESTS.read_text())
    moved = sorted(a for a in now.keys() | recorded.keys() if now.get(a) != recorded.get(a))
    assert not moved, f"code's facts changed on {len(moved)} gold articles: {', '.join(moved)}"
