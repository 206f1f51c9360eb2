"""The `extractor` command group and the one boundary every command runs inside (see extractor.cli)."""

from __future__ import annotations

import click

from ..errors import ConfigError, ExtractorError


class UsageProblem(click.ClickException):
    """A setting the user gave is wrong: one line, exit status 2 (as click's own usage errors)."""

    exit_code = 2


class Commands(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ConfigError as error:
            raise UsageProblem(str(error)) from None
        except ExtractorError as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="extractor")
def main() -> None:
    """Turn news articles about armed conflict into structured, verified numeric facts."""
