"""How fast code alone reads a batch, against spaCy's own rate on the same texts: words a second for
`nlp.pipe` (one process, then one per core) and for a `--no-model` run of the same articles through the library's
batch runner (extractor.runs.batch: finding, parsing, reading, assembling and checking every count, results
written), and their ratio. Articles are the corpus's (../shared/corpus/*.txt), repeated to `--articles`, each made
unique so no cache answers. Figures from one run: this machine is shared, so compare ratios, not seconds.

    .venv/bin/python bench/code_speed.py [--articles 1000] [--rounds 1]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from extractor import Extractor
from extractor.reading.parse import pipeline
from extractor.runs import batch
from extractor.runs.inputs import Reading, iter_items
from extractor.runs.outputs import Output
from extractor.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def texts_of(n: int) -> list[str]:
    corpus = [p.read_text(encoding="utf-8") for p in sorted((ROOT.parent / "shared" / "corpus").glob("*.txt"))]
    return [corpus[i % len(corpus)] + f"\n(copy {i})" for i in range(n)]


def spacy_rate(texts: list[str], processes: int) -> float:
    nlp = pipeline()
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32, n_process=processes):
        pass
    return time.perf_counter() - started


def run_rate(folder: Path, workers: int) -> float:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        output = Output(Path(out) / "results.jsonl").open()
        try:
            summary = asyncio.run(batch.run(iter_items([str(folder)], Reading()), Extractor(Settings(use_model=False)),
                                            output, workers=workers))
        finally:
            output.close()
    assert summary.outcomes["ok"] == summary.done, summary.outcomes
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=1,
                        help="time every row this many times, spaCy and extractor in turn (who goes first alternates), "
                             "so a spell of load on a shared machine slows both sides alike; figures are their sums")
    args = parser.parse_args()
    texts = texts_of(args.articles)
    words = sum(len(t.split()) for t in texts)
    cores = batch.cores()
    print(f"{args.articles} articles, {words:,} words, {cores} cores, {args.rounds} round(s)")
    list(pipeline().pipe(texts[:4]))  # loaded once, outside the timings
    names = ["spaCy nlp.pipe, 1 process", "extractor --no-model, 1 process",
             f"spaCy nlp.pipe, {cores} processes", f"extractor --no-model, {cores} processes"]
    seconds: dict[str, list[float]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as folder:
        for i, text in enumerate(texts):
            (Path(folder) / f"a{i:05d}.txt").write_text(text, encoding="utf-8")
        rows = [(names[0], lambda: spacy_rate(texts, 1)), (names[1], lambda: run_rate(Path(folder), 1)),
                (names[2], lambda: spacy_rate(texts, cores)), (names[3], lambda: run_rate(Path(folder), cores))]
        for n in range(args.rounds):
            for pair in (rows[:2], rows[2:]):
                for name, timed in (pair if n % 2 == 0 else pair[::-1]):
                    seconds[name].append(timed())
    for name in names:
        total = sum(seconds[name])
        print(f"{name:<40} {total:7.1f} s  {words * args.rounds / total:8,.0f} words/s")
    for processes, (spacy_name, ours) in ((1, names[:2]), (cores, names[2:])):
        each = ", ".join(f"{a / b:.2f}" for a, b in zip(seconds[spacy_name], seconds[ours]))
        print(f"ratio to spaCy alone in {processes} process{'es' if processes > 1 else ''}: "
              f"{sum(seconds[spacy_name]) / sum(seconds[ours]):.2f}" + (f" (rounds {each})" if args.rounds > 1 else ""))


if __name__ == "__main__":
    main()
