"""Telling the player what went wrong (a changed scenario, a scenario with errors)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class ProblemsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter", "close", "OK")]

    def __init__(self, title: str, problems: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.problems = problems

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="problems"):
            yield Static(Text(self.title_text, style="bold"))
            with VerticalScroll():
                yield Static(Text("\n".join(f"• {p}" for p in self.problems)))
            yield Static(Text("Enter to continue", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
