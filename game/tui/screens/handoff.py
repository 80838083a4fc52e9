"""Hot seat: the screen between two players. Nothing secret is on it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Static

from ..messages import SeatReady
from ..widgets.footer import Footer

KIND_WORDS = {
    "decide": "decides",
    "vote": "votes",
    "advise": "gives their advice",
    "lead": "decides, after hearing the advice",
}


class HandoffScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "ready", "I am at the keyboard", priority=True),
        Binding("f2", "app.facilitator", "Facilitator"),
    ]

    def __init__(self, voter: str, role_name: str, kind: str, node_title: str) -> None:
        super().__init__()
        self.voter, self.role_name, self.kind, self.node_title = voter, role_name, kind, node_title

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="handoff"):
            yield Static(Text(self.node_title, style="bold"))
            text = Text("\nPass the keyboard to\n\n")
            text.append(self.voter, style="bold reverse")
            text.append(f"\n\n{self.role_name} {KIND_WORDS.get(self.kind, 'decides')}.\n\n")
            text.append(
                "Everyone else: look away. Secret information will be shown.", style="italic"
            )
            yield Static(text, id="handoff-text")
            yield Static(Text("\nPress Enter when you are at the keyboard.", style="bold"))
        yield Footer()

    def action_ready(self) -> None:
        self.post_message(SeatReady())
