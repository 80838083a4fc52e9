"""The crisis room: the host's console for a live session, fit for a projector.

It shows the join code, who sits in which role, whose decision is pending and who has voted,
the clock, and the facilitator's controls. The host also keeps the session moving: it takes the
default when a clock runs out and counts the votes once everyone seated has voted.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ...engine.model import DecisionNode, EndingNode
from ...live.codes import display
from ...live.session import LiveGame
from ..screens._node_header import node_header
from ..widgets.gauges import Gauges
from ..widgets.prose import Prose


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class HostScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "app.host('continue')", "Continue"),
        Binding("v", "app.host('count')", "Count votes"),
        Binding("p", "app.host('pause')", "Pause"),
        Binding("r", "app.host('reveal')", "Reveal"),
        Binding("n", "app.host('news')", "News"),
        Binding("o", "app.host('override')", "Override"),
        Binding("s", "app.host('skip')", "Skip"),
        Binding("d", "app.host('debrief')", "Debrief"),
        Binding("x", "app.host('end')", "End"),
        Binding("k", "seat_codes", "Seat codes", show=False),
    ]

    def __init__(self, live: LiveGame, clock: str) -> None:
        super().__init__()
        self.live, self.clock = live, clock

    def compose(self) -> ComposeResult:
        live = self.live
        game = live.game
        node = game.node
        yield Static(self.code_line(), id="host-code")
        yield node_header(game.scenario.title, node, "")
        yield Gauges(game.gauges(), id="gauges")
        with Horizontal(id="host-body"):
            with VerticalScroll(id="host-node"):
                title = Text(node.title, style="bold")
                deciders = ", ".join(r.name for r in game.view().deciders)
                if deciders:
                    title.append(f"   Decides: {deciders}", style="dim")
                yield Static(title)
                yield Static(self.pending())
                yield Prose(node.text)
                if isinstance(node, EndingNode):
                    yield Prose(node.epilogue)
            with VerticalScroll(id="host-seats"):
                yield Static(Text("Seats", style="bold"))
                table: DataTable = DataTable(id="seats", cursor_type="none")
                table.add_columns("", "Role", "Name", "Vote")
                votes = {voter: choice for voter, _, choice, _ in live.ballots()}
                for seat in live.store.seats(live.code):
                    role = game.scenario.role(seat.role)
                    table.add_row(
                        Text(
                            "●" if seat.online() else "○", style="green" if seat.online() else "dim"
                        ),
                        Text(_short(role.name if role else seat.role, 22)),
                        Text(seat.name),
                        Text("voted" if seat.name in votes else ""),
                    )
                yield table
        yield Footer()

    def code_line(self) -> Text:
        live = self.live
        if live.session.roles == "assigned":
            code = Text(" SEAT CODES ", style="bold reverse")
            code.append(" one per seat (k shows them) ", style="bold")
        else:
            code = Text(" JOIN CODE ", style="bold reverse")
            code.append(f" {display(live.code)} ", style="bold")
        code.append(
            f"  {live.game.scenario.title}  ·  {live.session.status}"
            f"  ·  history shown {'now' if live.session.reveal == 'now' else 'at the end'}"
        )
        if self.clock:
            code.append(f"  ·  ⏱ {self.clock}", style="bold")
        return code

    def action_seat_codes(self) -> None:
        """Each seat's own code, for the teacher to hand out (not on the projector until
        asked for)."""
        from ..screens.problems import ProblemsScreen

        rows = self.live.store.seat_codes(self.live.code)
        if not rows:
            self.notify("Roles are open: everyone joins with the join code.", markup=False)
            return
        lines = []
        for role_id, token, name in rows:
            role = self.live.game.scenario.role(role_id)
            taken = f" (taken by {name})" if name else ""
            lines.append(f"{role.name if role else role_id}: {display(token)}{taken}")
        self.app.push_screen(ProblemsScreen("Seat codes", lines))

    def set_clock(self, clock: str) -> None:
        """The clock ticks every second; only its line is redrawn."""
        self.clock = clock
        self.query_one("#host-code", Static).update(self.code_line())

    def pending(self) -> Text:
        live, node = self.live, self.live.game.node
        if isinstance(node, EndingNode):
            return Text(
                f"Ending reached: {node.title} ({node.category.value}). Press d for the debrief.",
                style="bold",
            )
        if not isinstance(node, DecisionNode):
            return Text("An event: read it out, then press c to continue.", style="bold")
        ballots = live.ballots()
        missing = live.missing_voters()
        text = Text(f"Pending decision ({node.rule.value}). ", style="bold")
        if ballots:
            text.append(f"{len(ballots)} vote(s) in. ")
        if missing:
            text.append(f"Waiting for: {', '.join(missing)}.")
        elif node.rule.value != "single":
            text.append("Everyone seated has voted.")
        return text
