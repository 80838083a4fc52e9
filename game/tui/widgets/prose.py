"""Scenario Markdown, shown safely: never Rich/Textual markup, and links never opened.

One `Static` holding Rich's Markdown renderable rather than Textual's `Markdown` widget: Rich's
renderer builds `Text` objects (it does not parse console markup either) and it is a single widget
instead of one per block, which keeps a new decision screen well under 50 ms. Links are written out
as text with their URL (`hyperlinks=False`), so nothing is opened unless the player copies it.
"""

from __future__ import annotations

from rich.markdown import Markdown
from textual.widgets import Static

from ...engine.text import printable


class Prose(Static):
    DEFAULT_CSS = """
    Prose { height: auto; margin: 0 0 1 0; }
    """

    def __init__(self, text: str | None, *, classes: str = "") -> None:
        super().__init__(
            Markdown(printable(text or ""), hyperlinks=False, code_theme="ansi_dark"),
            classes=classes,
        )
        self.source_text = text or ""
