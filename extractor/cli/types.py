"""Click parameter types the commands share."""

from __future__ import annotations

import math

import click


class Finite(click.FloatRange):
    """A number within a range that is also finite: 'nan' compares false with every bound, so a plain FloatRange
    lets it through ('--rpm nan' meant no limit, '--timeout nan' failed every article)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number
