"""The terminal: where messages go, and how text from articles, ids and messages is printed (escaped: nothing in
them becomes rich markup)."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ..schemas import FactRow
from ..views.facts import number_label

err = Console(stderr=True, highlight=False, soft_wrap=True)  # messages stay whole lines in logs
# A table piped to a file or another program keeps its columns: no terminal width to squeeze them into.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 240)


def plain(value: object) -> str:
    """Any text for a rich string: '[/b]' stays '[/b]'."""
    return escape(str(value))


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def facts_table(rows: list[FactRow], *, article_ids: bool = True) -> Table:
    table = Table(show_lines=False, header_style="bold")
    columns = ["article", "category", "role", "class", "subject", "number", "text", "span", "date", "location",
               "source", "verified"]
    for name in columns if article_ids else columns[1:]:
        table.add_column(name, overflow="fold")
    for r in rows:
        span = f"{r.start}–{r.end}" if r.start is not None else "[red]unaligned[/red]"
        cells = [r.category, r.role, r.weapon_class or "", r.subject or "", number_label(r), r.text]
        cells = [plain(c) for c in cells] + [span] + [plain(c) for c in (r.date or "", r.location or "", r.source or "")]
        cells.append("[green]yes[/green]" if r.verified else "no")
        table.add_row(*([plain(r.article_id)] if article_ids else []), *cells)
    return table
