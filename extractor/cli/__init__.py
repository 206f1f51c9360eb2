"""The command line: a few lines per command over the library, one module per concern.

Every command runs inside one boundary: a ConfigError (a bad flag, variable or argument) ends the command with
one line and exit status 2, any other ExtractorError with one line and exit status 1 — never a traceback."""

from __future__ import annotations

from .group import main

# Each module adds its commands to `main`.
from . import batch, check, evaluation, events, extract, facts, model, review, serve  # noqa: E402, F401

__all__ = ["main"]
