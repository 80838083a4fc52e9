"""The title screen. It imports nothing from the engine so that it appears at once."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..commands import menu
from ..widgets.footer import Footer

LOGO = """\
 ▄▀▀ █▀▄ █ ▄▀▀ █ ▄▀▀
 ▀▄▄ █▀▄ █ ▄██ █ ▄██"""

MENU = tuple((c.action, c.name, c.menu_key or "", c.label or c.name) for c in menu())


class TitleScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, f"pick('{action}')", label, show=key != "q")
        for action, _, key, label in MENU
        if key.isalpha()
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="title-box"):
            yield Static(Text(LOGO, style="bold"), id="logo")
            yield Static(
                Text("Face the decisions of historical crises,\nthen see what actually happened."),
                id="tagline",
            )
            with Center():
                yield OptionList(
                    *(
                        Option(Text(f"{label:<20} {key}"), id=key_id)
                        for key_id, label, key, _ in MENU
                    ),
                    id="menu",
                )
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick(event.option.id or "")

    def action_pick(self, what: str) -> None:
        if what == "quit":
            self.app.exit(0)
        elif what:
            getattr(self.app, f"action_{what}")()
