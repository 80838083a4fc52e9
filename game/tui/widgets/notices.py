"""A status line for short notices ("Rewound", "History is shown only at the end"…): one line
above the footer, so that nothing it says covers the choices or the text. The app sends its
notices here when the screen has one; elsewhere they are the usual toasts."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

SEVERITY_STYLES = {"information": "bold", "warning": "bold yellow", "error": "bold red"}


class Notices(Static):
    DEFAULT_CSS = """
    Notices {
        height: auto;
        max-height: 4;
        padding: 0 1;
        background: $boost;
        display: none;
    }
    """

    def __init__(self, notes: list[tuple[str, str]] | None = None) -> None:
        super().__init__("", id="notices")
        self.lines: list[Text] = []
        for title, message in notes or []:
            self.add(message, title)

    def add(self, message: str, title: str = "", severity: str = "information") -> None:
        """Show a notice; it stays until the screen changes (the last two are kept, the newest
        first)."""
        line = Text()
        if title:
            line.append(f"{title}: ", style=SEVERITY_STYLES.get(severity, "bold"))
        line.append(" ".join(message.split()))
        self.lines = [line, *self.lines][:2]
        self.update(Text("\n").join(self.lines))
        self.display = True
