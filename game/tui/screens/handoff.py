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
from ..widgets.notices import Notices

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

    def __init__(
        self, voter: str, role_name: str, kind: str, node_title: str, news: list[str] | None = None
    ) -> None:
        """`news`: what the facilitator announced at this decision (it is for everyone)."""
        super().__init__()
        self.voter, self.role_name, self.kind, self.node_title = voter, role_name, kind, node_title
        self.news = news or []

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="handoff"):
            yield Static(Text(self.node_title, style="bold"))
            text = Text("\nPass the keyboard to\n\n")
            text.append(self.voter, style="bold reverse")
            words = KIND_WORDS.get(self.kind, self.kind)  # a kind, or its words already
            who = (
                self.role_name
                if self.voter.startswith(self.role_name)
                else f"{self.role_name}: {self.voter}"
            )
            text.append(f"\n\n{who} {words}.\n\n")
            text.append(
                "Everyone else: look away. Secret information will be shown.", style="italic"
            )
            yield Static(text, id="handoff-text")
            yield Static(Text("\nPress Enter when you are at the keyboard.", style="bold"))
            for line in self.news:
                yield Static(Text(" NEWS ", style="bold reverse") + Text(f" {line}"))
        yield Notices()
        yield Footer()

    def action_ready(self) -> None:
        self.post_message(SeatReady())
