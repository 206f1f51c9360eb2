"""`extractor extract --engine ray`: the extract command's run on a Ray cluster (extractor.runs.ray_engine), with
the same summary and exit status as a local run; -o names a directory of JSONL parts."""

from __future__ import annotations

import sys

from ..errors import ConfigError
from ..pipeline import Extractor
from ..runs import batch, ray_engine
from ..runs.inputs import Reading, count_inputs
from ..settings import Settings
from .console import err, plain, plural
from .progress import Progress, summarise


def extract_on_ray(inputs, output, settings: Settings, reading: Reading, *, address: str | None,
                   endpoints: str | None, concurrency: int, retry_failed: bool, cache: bool, prices, limits) -> None:
    if not output:
        raise ConfigError("--engine ray writes JSONL parts to a directory: give -o OUTDIR")
    if any(limits):
        raise ConfigError("--rpm and --tpm limit a local run; with --engine ray, bound each endpoint with -c")
    urls = ray_engine.checked_endpoints(settings, [u.strip() for u in endpoints.split(",") if u.strip()]
                                        if endpoints else None)
    summary = batch.Summary()
    with ray_engine.Parts(output).open(retry_failed=retry_failed) as parts:
        if parts.rejected:
            err.print(f"[yellow]{plural(parts.rejected, 'line')} of the parts in {plain(output)} that were not "
                      f"results moved aside (PART.rejected)[/yellow]")
        total = count_inputs(inputs)
        # Ours: the records written; Ray's own progress (its operators) shows beside it.
        progress = Progress(max(0, total - len(parts.ok) - len(parts.failed)) if total else None, summary) \
            if err.is_terminal else None
        ray_engine.start(address)
        try:
            if progress is not None:
                progress.start()
            ray_engine.run(inputs, parts, settings, reading=reading, endpoints=urls, concurrency=concurrency,
                           cache=cache, summary=summary, on_result=lambda r: progress and progress.advance())
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            if progress is not None:
                progress.stop()
    with Extractor(settings, cache=False) as extractor:
        summarise(summary, extractor, None, batch.load_prices(prices), output)
    sys.exit(130 if summary.interrupted else 1 if summary.without_result else 0)
