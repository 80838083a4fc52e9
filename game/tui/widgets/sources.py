"""A list of sources with author, publisher, year and URL (shown, not opened)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from ...engine.labels import NodeNotes, SourceGroup
from ...engine.model import Source
from ...engine.text import printable
from .basis_badge import BasisBadge
from .prose import Prose


def source_line(source: Source) -> Text:
    text = Text("• ")
    text.append(printable(source.title), style="italic")
    who = source.byline()
    if who:
        text.append(f" — {printable(who)}")
    text.append(f" [{source.tier.value}]", style="dim")
    if source.note:
        text.append(f"\n  {printable(source.note)}", style="dim")
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


class AccountTitle(Static):
    """One competing account's heading, set apart from the sources of the account before it."""

    DEFAULT_CSS = """
    AccountTitle { margin: 1 0 0 0; }
    """


def group_widgets(groups: Iterable[SourceGroup]) -> Iterator[Widget]:
    """Each group under its own title; an account's text comes before its own sources."""
    for group in groups:
        if group.text is not None:
            yield AccountTitle(Text(group.title, style="bold"))
            yield Prose(group.text)
            yield SourceList(group.sources, title=f"Sources of {group.title.lower()}")
        else:
            yield SourceList(group.sources, title=group.title)


def notes_widgets(notes: NodeNotes) -> Iterator[Widget]:
    """A node's badge and its own sources, to follow the node's text."""
    if notes.badge is not None:
        yield BasisBadge(notes.badge)
    yield from group_widgets(notes.groups)
