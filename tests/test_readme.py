"""The README's "Using it" block runs as it is written: each line in a folder that holds the repository's examples
and gold, the model answered by the mock server (EXTRACTOR_BASE_URL), the two servers started and stopped once they
answer. Two lines are not run, each for the reason given (SKIPPED); the test says so rather than leaving them out."""

import os
import re
import shlex
import subprocess
import sys
import time

import httpx2
import pytest
from conftest import CORPUS, ROOT

from extractor.testing.mock_server import MockServer, recorded_answers

# Lines not run here, with why: both ask the model about every gold article (minutes), and eval-run rewrites the
# repository's eval/RESULTS.md.
SKIPPED = {"eval-run": "runs every gold article through each arm and rewrites eval/RESULTS.md",
           "calibrate": "asks the model every dev question to fit a calibration"}
SERVERS = {"review": "reviewing", "serve": "extractor service on"}  # blocking: started, checked, stopped


def using_it() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Using it", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    return [line.split("  #")[0].strip() for line in block.splitlines() if line.strip()]


@pytest.mark.skipif(not CORPUS.exists(), reason=f"the gold articles are read from {CORPUS}")
@pytest.mark.slow
def test_every_line_of_using_it_runs_as_written(tmp_path):
    (tmp_path / "shared").symlink_to(ROOT.parent / "shared")  # ../shared beside the repository, as the README says
    tmp_path = tmp_path / "repo"
    tmp_path.mkdir()
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    (tmp_path / "eval").mkdir()
    (tmp_path / "eval" / "gold").symlink_to(ROOT / "eval" / "gold")
    lines = using_it()
    assert len(lines) >= 10
    bin_dir = os.path.dirname(sys.executable)
    ran, skipped = [], []
    with MockServer(recorded_answers(ROOT / "cassettes")) as mock:
        env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ["PATH"], "EXTRACTOR_BASE_URL": mock.base_url,
               "EXTRACTOR_MODEL": "mock", "EXTRACTOR_API_KEY": "mock-key-for-the-readme-test",
               "EXTRACTOR_RESPONSE_CACHE": str(tmp_path / "cache.sqlite"), "EXTRACTOR_API_KEYS": ""}
        for line in lines:
            words = shlex.split(line)
            assert words[0] == "extractor", line
            command = words[1]
            if command in SKIPPED:
                skipped.append(command)
                continue
            if command in SERVERS:
                _serves(words, SERVERS[command], tmp_path, env)
            else:
                done = subprocess.run(words, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
                # `check` says 1 when it finds errors: that is its answer, not a failure to run
                allowed = (0, 1) if command == "check" else (0,)
                assert done.returncode in allowed, f"{line}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
                assert "Traceback" not in done.stderr, line
            ran.append(command)
    assert sorted(skipped) == sorted(SKIPPED) and len(ran) == len(lines) - len(SKIPPED)
    assert (tmp_path / "facts.csv").exists() and (tmp_path / "report.html").exists()


def _serves(words: list[str], banner: str, folder, env) -> None:
    """Start a blocking server as written, wait until it says it serves and answers, then stop it."""
    server = subprocess.Popen(words, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        said = ""
        deadline = time.monotonic() + 120
        while banner not in said and time.monotonic() < deadline and server.poll() is None:
            said += server.stdout.readline()
        assert banner in said, f"{' '.join(words)}: {said[-2000:]}"
        url = re.search(r"http://[\w.:\[\]]+", said).group(0).rstrip(":")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx2.get(url + ("/healthz" if words[1] == "serve" else "/"), timeout=2).status_code == 200:
                    return
            except httpx2.TransportError:
                time.sleep(0.2)
        raise AssertionError(f"{' '.join(words)} did not answer at {url}")
    finally:
        server.terminate()
        server.wait(timeout=30)
