"""One line on why: a student's reason for their choice, for the debrief."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from ..messages import ReasonGiven
from ..widgets.footer import Footer


class ReasonScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "skip", "Skip")]

    def __init__(self, voter: str, choice_label: str) -> None:
        super().__init__()
        self.voter, self.choice_label = voter, choice_label

    def compose(self) -> ComposeResult:
        with Vertical(id="reason-box"):
            text = Text(f"{self.voter}: ", style="bold")
            text.append(self.choice_label)
            yield Static(text)
            yield Static(Text("Why? One line for the debrief (Enter to skip).", style="italic"))
            yield Input(placeholder="Because…", max_length=200, id="reason")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(ReasonGiven(event.value.strip()))

    def action_skip(self) -> None:
        self.post_message(ReasonGiven(""))
