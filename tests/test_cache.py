"""The response cache fails soft: a cache that cannot be used is reported once and the run goes on without it."""

import os
from pathlib import Path

from extractor.model.cache import ResponseCache


def test_a_working_cache_keeps_and_forgets_answers(tmp_path):
    cache = ResponseCache(tmp_path / "r.sqlite")
    cache.put("k", "m", '{"label": "killed"}', {"total_tokens": 3})
    assert cache.get("k") == ('{"label": "killed"}', {"total_tokens": 3}) and len(cache) == 1
    cache.discard("k")
    assert cache.get("k") is None and cache.usable


def test_a_corrupt_or_truncated_cache_is_reported_and_skipped(tmp_path):
    path = tmp_path / "r.sqlite"
    good = ResponseCache(path)
    good.put("k", "m", "{}", {})
    path.write_bytes(path.read_bytes()[:100])  # truncated
    for name in ("r.sqlite-wal", "r.sqlite-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    cache = ResponseCache(path)
    assert cache.get("k") is None and not cache.usable and str(path) in cache.problem
    cache.put("k", "m", "{}", {})  # nothing raises
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    assert not ResponseCache(garbage).usable


def test_a_read_only_cache_location_is_reported_and_skipped(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    # /sys is read-only even for root (CI runs as root, and root ignores a directory's mode)
    location = folder / "r.sqlite" if os.geteuid() != 0 else Path("/sys/extractor-responses.sqlite")
    try:
        cache = ResponseCache(location)
        cache.put("k", "m", "{}", {})
        assert not cache.usable and cache.get("k") is None and "cannot be used" in cache.problem
    finally:
        folder.chmod(0o700)


def test_a_cache_path_that_cannot_exist_is_reported_and_skipped(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where a directory should be")
    cache = ResponseCache(blocker / "sub" / "r.sqlite")
    assert not cache.usable and cache.get("k") is None
