"""The ending: category, epilogue, your path against history, and what to do next."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...engine.game import Game
from ...engine.history import divergence, timeline
from ...engine.labels import ending_notes
from ..messages import NewGame
from ..widgets.footer import Footer
from ..widgets.prose import Prose
from ..widgets.sources import SourceList, notes_widgets
from ._node_header import node_header
from .timeline import fill_table


class EndingScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "rewind", "Rewind"),
        Binding("e", "app.export_debrief", "Export debrief"),
        Binding("p", "play_again", "Play again"),
        Binding("m", "app.map", "Map"),
        Binding("escape", "app.title", "Title"),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game

    def compose(self) -> ComposeResult:
        game = self.game
        ending = game.ending
        assert ending is not None
        yield node_header(game.scenario.title, ending, "ending")
        with VerticalScroll(id="ending"):
            head = Text(ending.title, style="bold")
            head.append(f"   {ending.category.value.upper()}", style="bold reverse")
            yield Static(head, classes="node-title")
            if ending.text.strip():
                yield Prose(ending.text)
            if ending.epilogue.strip():
                yield Static(Text("Epilogue", style="bold"), classes="section")
                yield Prose(ending.epilogue)
            yield from notes_widgets(ending_notes(game))
            yield Static(Text("Your path against history", style="bold"), classes="section")
            table: DataTable = DataTable(id="path", cursor_type="row", zebra_stripes=True)
            yield table
            yield Static(
                Text("Divergence: ", style="bold") + Text(divergence(game).describe()),
                id="divergence",
            )
            yield Static(
                Text(
                    "= followed history  ≠ left it  ~ history never faced it  · not yours",
                    style="dim",
                )
            )
            sources = {s.id: s for c in timeline(game) for s in c.sources}
            yield SourceList(sources.values(), title="Sources of the history shown")
            yield Static(
                Text(
                    "r rewind to a decision · e export a debrief · p play again · "
                    "Esc back to the title",
                    style="italic",
                ),
                classes="prompt",
            )
        yield Footer()

    def on_mount(self) -> None:
        fill_table(self.query_one("#path", DataTable), timeline(self.game), self.app.size.width)
        self.query_one("#ending").focus()

    def action_rewind(self) -> None:
        from .timeline import TimelineScreen

        self.app.push_screen(TimelineScreen(self.game))

    def action_play_again(self) -> None:
        game = self.game
        self.post_message(NewGame(game.loaded, game.role))
