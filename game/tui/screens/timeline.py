"""The decisions so far against history; pick one to rewind to it (the path left is kept)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...engine.game import Game
from ...engine.history import Comparison, divergence, timeline
from ..messages import RewindTo
from ..widgets.footer import Footer
from ..widgets.sources import source_line

# A symbol as well as a colour for each verdict, so it reads under NO_COLOR.
MARK = {
    "followed": ("=", "green"),
    "left": ("≠", "red"),
    "none-of-these": ("≠", "red"),
    "never-faced": ("~", ""),
    "automatic": ("·", "dim"),
}


def short(text: str, width: int = 22) -> Text:
    return Text(text if len(text) <= width else text[: width - 1] + "…")


def fill_table(table: DataTable, rows: Sequence[Comparison], width: int = 80) -> None:
    """Date, decision, your choice, history's choice and a match mark; cells are Text (no markup).
    The three text columns share what the screen width leaves, so the table fits at 80 columns."""
    column = max(12, (width - 28) // 3)
    table.clear(columns=True)
    table.add_columns("", "Date", "Decision", "Taken", "History")
    for row in rows:
        mark, style = MARK[row.verdict]
        table.add_row(
            Text(mark, style=f"bold {style}"),
            Text(row.date or ""),
            short(row.title, column),
            short(row.chosen.label, column),
            short(row.history_label, column),
            key=str(row.step),
        )


class TimelineScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,t", "close", "Close"),
        Binding("enter", "rewind", "Rewind here", show=True),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game
        self.rows = timeline(game)

    def compose(self) -> ComposeResult:
        branches = len(self.game.state.branches)
        head = Text("Timeline of your decisions", style="bold")
        if branches:
            head.append(f"   ({branches} abandoned path(s) kept in the save)", style="italic")
        yield Static(head, classes="screen-title")
        with VerticalScroll(id="timeline"):
            yield DataTable(id="timeline-table", cursor_type="row", zebra_stripes=True)
            yield Static(Text("Divergence: " + divergence(self.game).describe()))
            yield Static(id="timeline-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        fill_table(table, self.rows, self.app.size.width)
        if not self.rows:
            self.query_one("#timeline-detail", Static).update(Text("No decisions yet."))
        table.focus()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if not self.rows or event.cursor_row >= len(self.rows):
            return
        row = self.rows[event.cursor_row]
        text = Text(row.title, style="bold")
        taken_by = row.taken_by
        text.append(f"\n{taken_by[0].upper()}{taken_by[1:]}: {row.chosen.label}")
        text.append(f"\nHistory: {row.history_label}")
        if row.history is not None:
            text.append("\n" + " ".join(row.history.text.split()))
        for source in row.sources:
            text.append("\n")
            text.append_text(source_line(source))
        if row.automatic:
            text.append("\nThis decision was not yours; it cannot be reopened.", style="italic")
        else:
            text.append("\nEnter: go back to this decision and choose again.", style="italic")
        self.query_one("#timeline-detail", Static).update(text)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.rewind_to(event.cursor_row)

    def action_rewind(self) -> None:
        self.rewind_to(self.query_one(DataTable).cursor_row)

    def rewind_to(self, index: int) -> None:
        if not self.rows or not 0 <= index < len(self.rows):
            return
        row = self.rows[index]
        if row.automatic:
            self.app.notify("That decision was not yours to take.", severity="warning")
            return
        self.post_message(RewindTo(row.step))

    def action_close(self) -> None:
        self.app.pop_screen()
