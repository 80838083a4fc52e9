"""A list of sources with author, publisher, year and URL (shown, not opened)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widgets import Static

from ...engine.model import Source
from ...engine.text import printable


def source_line(source: Source) -> Text:
    text = Text("• ")
    text.append(printable(source.title), style="italic")
    who = source.byline()
    if who:
        text.append(f" — {printable(who)}")
    text.append(f" [{source.tier.value}]", style="dim")
    if source.url:
        text.append(f"\n  {printable(source.url)}", style="dim underline")
    return text


class SourceList(Static):
    def __init__(self, sources: Iterable[Source], title: str = "Sources") -> None:
        items = list(sources)
        text = Text(title, style="bold") if items else Text()
        for source in items:
            text.append("\n")
            text.append_text(source_line(source))
        super().__init__(text, classes="sources")
        self.display = bool(items)
