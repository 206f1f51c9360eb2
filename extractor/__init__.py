"""extractor: structured, verified numeric facts from news articles about armed conflict.

    import extractor
    with extractor.Extractor() as ex:                  # the embedded model; or base_url=..., model=..., client=...
        result = ex.extract(text, article_id="a1", published=datetime.date(2025, 3, 8))
    for row in result.facts:                           # the facts view: one row per number
        print(row.role, row.value, row.text, row.start, row.end, row.verified)

Without the model: `extractor.Extractor(use_model=False)` (code's reading alone). Results files:
`extractor.read_results("results.jsonl")`; a DataFrame: `extractor.to_dataframe(results)`.
"""

from importlib import metadata as _metadata

from .errors import (
    BackendError,
    ConfigError,
    ExtractorError,
    InputError,
    InvalidOutput,
    OutputError,
    RateLimited,
    SetupError,
    TimedOut,
    Unreachable,
)
from .pipeline import Article, Extractor, Plan, Question, aextract, extract
from .schemas import SCHEMA_VERSION, FactRow, Result
from .settings import Settings
from .views.facts import fact_rows, read_results, to_dataframe

try:
    __version__ = _metadata.version("extractor")
except _metadata.PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [
    "Extractor", "Settings", "extract", "aextract", "Article", "Plan", "Question", "Result", "FactRow", "fact_rows",
    "read_results", "to_dataframe", "SCHEMA_VERSION", "__version__",
    "ExtractorError", "ConfigError", "InputError", "OutputError", "SetupError", "BackendError", "Unreachable",
    "RateLimited", "TimedOut", "InvalidOutput",
]
