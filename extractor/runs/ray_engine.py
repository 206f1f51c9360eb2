"""Ray Data over many endpoints: the same pipeline on a cluster (or a laptop), with Ray's scheduling, actor pools,
retries of lost work and back-pressure.

    inputs ─(Ray tasks: read and parse each input)→ articles ─(actor pool: one actor per endpoint, each an
    Extractor with at most `concurrency` articles in flight)→ results ─(driver)→ OUTDIR/part-NNNNN.jsonl

`extract_dataset` is the library function: a `ray.data.Dataset` of articles in, a dataset of results out. `run`
is what `extractor extract --engine ray` does: read the inputs in Ray tasks (pinned to the driver's node, where the
input paths are), extract, and write the results as JSONL parts in OUTDIR.

Exactly one record per input id, whatever dies:
- a worker actor that dies is restarted by Ray and its unfinished batch retried; results reach the driver only when
  a batch completes, so nothing of the lost batch was written;
- the driver alone writes, each result one whole line appended to this run's part; a driver killed mid-run leaves
  whole lines (a torn last line is set aside on the next start, and its article redone), and the same command
  resumes: the ids OUTDIR holds are skipped when the inputs are read;
- an input id repeated within one input is an error record under its place (`file:line`), as in a local run; an id
  repeated across inputs is caught when it reaches the driver, which records the later one the same way.

Ray is an optional extra (`pip install 'extractor[ray]'`): this module imports it only when it runs."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

import filelock

from ..errors import ConfigError, InputError, OutputError, SetupError
from ..pipeline import Article, Extractor
from ..schemas import Result
from ..settings import Settings, check_base_url
from .batch import Summary
from .inputs import FirstSeen, Reading, iter_items, repeated_id
from .outputs import Output

if TYPE_CHECKING:
    import ray.data

PART_LINES = 100_000  # results per part file; a run starts a new part, so earlier parts are never appended to
ACTOR_CPUS = 0.25  # the actors wait on endpoints: a fraction of a CPU each leaves room for the reading tasks
_PART = re.compile(r"^part-(\d{5,})\.jsonl$")


def _ray():
    try:
        import ray
        import ray.data
    except ImportError:
        raise SetupError("--engine ray needs Ray: pip install 'extractor[ray]'") from None
    return ray


# ---- the library function ------------------------------------------------------------------------------------

def extract_dataset(articles: "ray.data.Dataset", settings: Settings, *, endpoints: list[str] | None = None,
                    concurrency: int = 8, cache: bool = False, batch_size: int | None = None) -> "ray.data.Dataset":
    """Results for a dataset of articles: rows with `id`, `text` and optionally `published` (a date or an ISO
    string), `where` (the input it came from) and `error` (why the input could not be read: it becomes an error
    record). Each result row has `article_id`, `where`, `status` ("ok" or "error") and `result` (the result as one
    JSON line, as `extractor extract` writes it).

    The questions run in an actor pool: one actor per endpoint (default: settings.base_url), each holding an
    Extractor with at most `concurrency` articles in flight against it. `cache`: each actor uses the response cache
    at settings.response_cache_path on its node."""
    ray = _ray()
    endpoints = checked_endpoints(settings, endpoints)
    size = max(1, len(endpoints))
    batch_size = batch_size or max(1, concurrency // 2)
    # Small blocks, so the batches spread over the actors however the articles were read (one big file is a block).
    return articles.repartition(target_num_rows_per_block=batch_size).map_batches(
        _Asker, batch_size=batch_size, batch_format="pandas", num_cpus=ACTOR_CPUS,
        fn_constructor_kwargs=dict(settings=settings, endpoints=endpoints, turns=_turns(), concurrency=concurrency,
                                   cache=cache),
        # Four batches of concurrency/2 articles at once per actor (its semaphore lets `concurrency` run): while one
        # batch waits for its slowest article, the others keep the endpoint busy.
        compute=ray.data.ActorPoolStrategy(size=size, max_tasks_in_flight_per_actor=4,
                                           max_concurrent_calls_per_actor=4),
    )


def checked_endpoints(settings: Settings, endpoints: list[str] | None) -> list[str]:
    """The endpoints to ask (default: settings.base_url), or a ConfigError saying what is missing."""
    endpoints = list(endpoints or ([settings.base_url] if settings.base_url else []))
    if settings.use_model and not endpoints:
        raise ConfigError("--engine ray asks the model at endpoints: give --endpoints URL,URL or --base-url (the "
                          "embedded model is not started on workers), or --no-model")
    for url in endpoints:
        check_base_url(url)
    if settings.use_model and not settings.model:
        raise ConfigError("the endpoints need the model's name: give --model or EXTRACTOR_MODEL")
    return endpoints if settings.use_model else []


def _turns():
    """An actor that hands each actor of the pool its turn, so the pool spreads evenly over the endpoints. An actor
    Ray restarts (same actor id) gets its old turn back, so the spread survives lost workers."""
    ray = _ray()

    @ray.remote(num_cpus=0)
    class Turns:
        def __init__(self):
            self.turns: dict[str, int] = {}

        def claim(self, actor_id: str) -> int:
            return self.turns.setdefault(actor_id, len(self.turns))

    return Turns.remote()


class _Asker:
    """An actor of the pool: one Extractor against one endpoint, asked about many articles at once."""

    def __init__(self, settings: Settings, endpoints: list[str], turns, concurrency: int, cache: bool):
        ray = _ray()
        # Ray's workers print every log record; instructor's per-attempt ones are in the error records already.
        logging.getLogger("instructor").setLevel(logging.CRITICAL)
        turn = ray.get(turns.claim.remote(ray.get_runtime_context().get_actor_id()))
        self.endpoint = endpoints[turn % len(endpoints)] if endpoints else None
        if settings.use_model:
            settings = settings.replace(base_url=self.endpoint, max_concurrency=concurrency)
        self.extractor = Extractor(settings, cache=cache)
        self.concurrency = concurrency
        self.slots: asyncio.Semaphore | None = None

    async def __call__(self, batch) -> dict[str, list]:
        if self.slots is None:  # made in the actor's event loop, shared by every batch in flight
            self.slots = asyncio.Semaphore(self.concurrency)
        rows = batch.to_dict("records")
        results = await asyncio.gather(*(self._one(row) for row in rows))
        return {"article_id": [r.article_id for r in results], "where": [_text(row.get("where")) for row in rows],
                "status": [r.status for r in results], "result": [r.model_dump_json() for r in results]}

    async def _one(self, row: dict[str, Any]) -> Result:
        """A row's result; a row that is not an article (no id, no text, a bad date) becomes its error record."""
        article_id = _text(row.get("id")) or _text(row.get("where")) or "article"
        try:
            if _text(row.get("error")):
                raise InputError(row["error"])
            article = Article(article_id, _text(row.get("text")), _published(row.get("published"), article_id))
        except InputError as error:
            return self.extractor.error_result(Article(article_id, ""), error)
        async with self.slots:
            return await self.extractor.aprocess(article)


def _text(value: Any) -> str:
    return str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""


def _published(value: Any, article_id: str) -> dt.date | None:
    if value is None or value != value:  # None, NaN or NaT: no date
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise InputError(f"{article_id}: 'published' is not an ISO date such as 2024-12-27: {value!r}") from None


# ---- reading inputs in Ray tasks -----------------------------------------------------------------------------

def read_inputs(inputs: Iterable[str], reading: Reading, *, held: set[str] | None = None,
                skip: Iterable[str | Path] = ()) -> "ray.data.Dataset":
    """The articles of the inputs as a dataset, each input read and parsed in a Ray task on this (the driver's)
    node, where the paths are. Ids `held` (already in the output) are left out; every other input yields one row,
    an article or the reason it cannot be read (`error`)."""
    ray = _ray()
    inputs = list(inputs)
    if "-" in inputs:
        raise ConfigError("--engine ray reads files and directories, not standard input")
    here = ray.get_runtime_context().get_node_id()
    held_ref = ray.put(frozenset(held or ()))
    specs = ray.data.from_items([{"spec": spec} for spec in inputs], override_num_blocks=max(1, len(inputs)))
    return specs.flat_map(_read_spec, fn_kwargs=dict(reading=reading, held=held_ref, skip=[str(s) for s in skip]),
                          label_selector={"ray.io/node-id": here})


def _read_spec(row: dict[str, Any], reading: Reading, held, skip: list[str]) -> Iterator[dict]:
    """The rows of one input (a file or a directory), streamed. An id repeated within it is an error record
    under its place, as in a local run."""
    held = _ray().get(held)  # the ids already in the output, shared through the object store
    seen = FirstSeen()
    for item in iter_items([row["spec"]], reading, skip=skip):
        if (repeat := seen.repeat(item)) is not None:
            if item.where not in held:
                yield _row(item.where, item.where, error=str(repeat))
            continue
        if item.article_id in held:
            continue
        if item.error is not None:
            yield _row(item.article_id, item.where, error=str(item.error))
        else:
            article = item.article
            yield _row(article.id, item.where, text=article.text,
                       published=article.published.isoformat() if article.published else None)


def _row(article_id: str, where: str, *, text: str = "", published: str | None = None, error: str = "") -> dict:
    return {"id": article_id, "where": where, "text": text, "published": published, "error": error}


# ---- OUTDIR: JSONL parts, written by the driver --------------------------------------------------------------

class Parts:
    """The results directory of Ray runs: part-00000.jsonl, part-00001.jsonl, … Each run appends to new parts
    (whole lines, through Output), so a part is never written by two runs; a lock makes a second driver refuse."""

    def __init__(self, directory: str | Path, part_lines: int = PART_LINES):
        self.directory = Path(directory)
        self.part_lines = part_lines
        self.ok: set[str] = set()
        self.failed: set[str] = set()
        self.rejected = 0
        self._lock: filelock.BaseFileLock | None = None
        self._current: Output | None = None
        self._lines = 0

    def open(self, *, retry_failed: bool = False) -> "Parts":
        if self.directory.exists() and not self.directory.is_dir():
            raise OutputError(f"-o {self.directory}: with --engine ray, -o names a directory of JSONL parts")
        self.directory.mkdir(parents=True, exist_ok=True)
        self._lock = filelock.FileLock(self.directory / ".lock", timeout=0)
        try:
            self._lock.acquire()
        except filelock.Timeout:
            self._lock = None
            raise OutputError(f"{self.directory}: another run is writing here; wait for it to finish or choose "
                              f"another -o") from None
        for part in self.existing():
            with Output(part).open(retry_failed=retry_failed) as held:  # torn lines set aside, failures dropped
                self.ok |= held.ok
                self.failed |= held.failed
                self.rejected += held.rejected
        return self

    def existing(self) -> list[Path]:
        return sorted(p for p in self.directory.iterdir() if _PART.match(p.name))

    def holds(self, article_id: str) -> bool:
        return article_id in self.ok or article_id in self.failed

    def append(self, result: Result) -> None:
        if self._current is None or self._lines >= self.part_lines:
            self._roll()
        self._current.append(result)
        self._lines += 1
        (self.ok if result.status == "ok" else self.failed).add(result.article_id)

    def _roll(self) -> None:
        if self._current is not None:
            self._current.close()
        numbers = [int(_PART.match(p.name).group(1)) for p in self.existing()]
        self._current = Output(self.directory / f"part-{max(numbers, default=-1) + 1:05d}.jsonl").open()
        self._lines = 0

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
            self._current = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> "Parts":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def records(directory: str | Path) -> Iterator[Result]:
    """Every result in a Ray run's directory (its parts, in order)."""
    for part in Parts(directory).existing():
        with part.open("rb") as lines:
            for line in lines:
                if line.endswith(b"\n"):
                    yield Result.model_validate_json(line)


def run(inputs: Iterable[str], parts: Parts, settings: Settings, *, reading: Reading | None = None,
        endpoints: list[str] | None = None, concurrency: int = 8, cache: bool = False,
        on_result: Callable[[Result], None] | None = None, summary: Summary | None = None,
        skip: Iterable[str | Path] = ()) -> Summary:
    """Extract every input on the Ray cluster this process is connected to, into `parts` (opened), skipping what it
    holds. Results stream back as batches finish; each is appended as soon as it arrives."""
    summary = summary if summary is not None else Summary()
    summary.skipped, summary.skipped_failures = len(parts.ok) + len(parts.failed), len(parts.failed)
    reading = reading or Reading(max_chars=settings.max_chars)
    articles = read_inputs(inputs, reading, held=parts.ok | parts.failed, skip=skip)
    results = extract_dataset(articles, settings, endpoints=endpoints, concurrency=concurrency, cache=cache)
    recorder = Extractor(settings, cache=False)  # for error records made here: it asks nothing
    written: dict[str, str] = {}  # id → the input it came from, in this run
    for batch in results.iter_batches(batch_size=None, batch_format="pandas"):
        for row in batch.to_dict("records"):
            result, where = Result.model_validate_json(row["result"]), row["where"]
            first = written.get(result.article_id)
            if first == where:
                continue  # a retried batch delivered it again: it is in already
            if first is not None or parts.holds(result.article_id):
                if parts.holds(where):
                    continue
                summary.duplicate_inputs += 1
                result = recorder.error_result(Article(where, ""), repeated_id(result.article_id, where, first))
                result.backend = None  # made here: no endpoint was asked
            written[result.article_id] = where
            parts.append(result)
            summary.add(result)
            if on_result:
                on_result(result)
    return summary


def start(address: str | None) -> None:
    """Connect to the Ray cluster at `address` ("auto": the one this machine belongs to), or start a private one
    here (never joining a cluster someone else started on this machine)."""
    ray = _ray()
    if ray.is_initialized():
        return
    local = address is None
    ray.init(address="local" if local else address, include_dashboard=False if local else None,
             logging_level=logging.WARNING)
    if local:
        _watch(ray)


def _watch(ray) -> None:
    """A cluster this driver started ends with it, even when the driver is SIGKILLed (extractor.runs.ray_watchdog)."""
    node = getattr(ray._private.worker, "_global_node", None)
    processes = getattr(node, "all_processes", None) or {}
    pids = [info.process.pid for infos in processes.values() for info in infos if getattr(info, "process", None)]
    if pids:
        subprocess.Popen([sys.executable, "-m", "extractor.runs.ray_watchdog", str(os.getpid()), *map(str, pids)],
                         start_new_session=True, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
