"""The app's commands, in one table: it feeds the key bindings, the title menu, the help screen
and the command palette, so a command added here shows up in all four."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from .app import CrisisApp

THEMES = ("textual-dark", "textual-light", "ansi-dark", "ansi-light")


@dataclass(frozen=True)
class Command:
    action: str  # the app's action, without "action_"
    name: str
    help: str
    key: str | None = None  # an app-wide key binding
    key_display: str | None = None
    menu_key: str | None = None  # its key on the title screen, when it is in the title menu
    when: str = "always"  # always, class (a class session is on), game (a game is on)
    show: bool = True  # in the footer
    label: str = ""  # its short name in the footer (default: its name)
    priority: bool = False


COMMANDS: tuple[Command, ...] = (
    Command("continue_latest", "Continue", "Load the latest save", menu_key="c"),
    Command("new_game", "New game", "Choose a scenario and start", menu_key="n"),
    Command("new_class", "Classroom session", "Roles, hot seat, votes, facilitator", menu_key="k",
            label="Class"),
    Command("load", "Load a saved game", "Every save, newest first", menu_key="l", label="Load"),
    Command("facilitator", "Facilitator", "Pause, reveal, news, override, skip", key="f2",
            when="class", show=False),
    Command("save_as", "Save game as…", "Save with a name", key="ctrl+s", when="game",
            label="Save"),
    Command("timeline", "Timeline", "Your decisions so far; rewind to one", when="game"),
    Command("map", "Map", "The scenario's nodes, your path and history's", when="game"),
    Command("export_debrief", "Export debrief", "Write a Markdown debrief", when="game"),
    Command("help", "Help", "Keys and how to play", key="f1,question_mark", key_display="?",
            menu_key="?"),
    Command("cycle_theme", "Next theme", "Switch colours", key="ctrl+t", show=False,
            label="Theme"),
    Command("title", "Back to title", "Leave the game (it is saved)"),
    Command("quit", "Quit", "Your game is already saved", key="ctrl+q", menu_key="q",
            priority=True),
)  # fmt: skip


# The footer's order of the app-wide keys.
FOOTER_ORDER = ("quit", "help", "save_as", "cycle_theme", "facilitator")


def bindings() -> list[Binding]:
    keyed = sorted((c for c in COMMANDS if c.key), key=lambda c: FOOTER_ORDER.index(c.action))
    return [
        Binding(c.key or "", c.action, c.label or c.name, key_display=c.key_display, show=c.show,
                priority=c.priority)
        for c in keyed
    ]  # fmt: skip


def menu() -> list[Command]:
    """The title screen's menu, in this order."""
    return [c for c in COMMANDS if c.menu_key]


def help_rows() -> str:
    """The commands as a Markdown table for the help screen."""
    rows = ["| Command | Key | Does |", "|---|---|---|"]
    for c in COMMANDS:
        key = c.key_display or (c.key or "").replace(",", " or ") or "ctrl+p"
        rows.append(f"| {c.name} | {key} | {c.help} |")
    return "\n".join(rows)


def available(app: CrisisApp) -> Iterator[Command]:
    for c in COMMANDS:
        if c.when == "class" and app.classroom is None:
            continue
        if c.when == "game" and app.game is None:
            continue
        yield c


class GameCommands(Provider):
    """The game's own commands in the command palette (ctrl+p)."""

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        app = self.app
        for c in available(app):  # type: ignore[arg-type]
            if c.action != "quit":
                yield c.name, c.help, getattr(app, f"action_{c.action}")
        for theme in THEMES:
            yield f"Theme: {theme}", "Switch colours", partial(app.set_theme, theme)  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
