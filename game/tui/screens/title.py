"""The title screen. It imports nothing from the engine so that it appears at once."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

LOGO = """\
 ▄▀▀ █▀▄ █ ▄▀▀ █ ▄▀▀
 ▀▄▄ █▀▄ █ ▄██ █ ▄██"""

MENU = (
    ("continue", "Continue", "c"),
    ("new", "New game", "n"),
    ("class", "Classroom session", "k"),
    ("load", "Load a saved game", "l"),
    ("help", "Help", "?"),
    ("quit", "Quit", "q"),
)


class TitleScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "pick('continue')", "Continue"),
        Binding("n", "pick('new')", "New game"),
        Binding("k", "pick('class')", "Class"),
        Binding("l", "pick('load')", "Load"),
        Binding("q", "pick('quit')", "Quit", show=False),
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
                    *(Option(Text(f"{label:<20} {key}"), id=key_id) for key_id, label, key in MENU),
                    id="menu",
                )
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_pick(event.option.id or "")

    def action_pick(self, what: str) -> None:
        app = self.app
        actions = {
            "continue": "continue_latest",
            "new": "new_game",
            "class": "new_class",
            "load": "load",
            "help": "help",
        }
        if what == "quit":
            app.exit(0)
        elif what in actions:
            getattr(app, f"action_{actions[what]}")()
