"""The crisis room: the host's console for a live session, fit for a projector.

It shows the join code, who sits in which role (and who has dropped), whose decision is pending
and who has voted, the clock, and after each decision the tally, the rule's result and what
actually happened (by the reveal setting). It renders what the engine's flow says is pending,
and when that changes it updates only the parts that changed, so a prompt open over it (news,
override) and the facilitator's scrolling stay as they are.
"""

from __future__ import annotations

import time
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalGroup, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...engine.flow import (
    Briefing,
    Ending,
    EventToContinue,
    Flow,
    OutcomeToShow,
    Paused,
    Pending,
    Tie,
    Waiting,
    timeout_words,
)
from ...engine.history import compare_step, how_words
from ...engine.model import DecisionNode, EndingNode, NodeBase
from ...engine.text import fitted, short_name
from ...live.codes import display
from ...live.flow import DROPPED_AFTER
from ...live.serving import link, served_base
from ...live.session import LiveGame
from ..screens._node_header import node_header
from ..screens.decision import adviser_block
from ..widgets.footer import Footer
from ..widgets.gauges import Gauges
from ..widgets.prose import Prose
from .lines import restate
from .seat import clock_text, label_of
from .unfolding import node_so_far

SERVED_LOOK_SECONDS = 3.0


# The seats table fits its pane at 80 columns: a dot and a role, a name, and "voted" or
# "dropped" (each column also has a space either side).
ROLE_WIDTH = 16
NAME_WIDTH = 13


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

    def __init__(self, flow: Flow, pending: Pending, live: LiveGame) -> None:
        super().__init__()
        self.flow, self.pending, self.live = flow, pending, live
        self.shown_at = time.monotonic()
        self._served: tuple[float, str | None] = (-SERVED_LOOK_SECONDS - 1, None)

    def compose(self) -> ComposeResult:
        game = self.flow.game
        yield Static(self.code_line(), id="host-code")
        header = node_header(game.scenario.title, self.node_shown(), "")
        header.id = "host-header"
        yield header
        yield Gauges(game.gauges(), id="gauges")
        with Horizontal(id="host-body"):
            with VerticalScroll(id="host-node"):
                yield Static(self.pending_line(), id="host-pending")
                with VerticalGroup(id="host-story"):
                    self.story_shown = self.story_key()
                    yield from self.story()
            with VerticalScroll(id="host-seats"):
                yield Static(Text("Seats", style="bold"))
                table: DataTable = DataTable(id="seats", cursor_type="none")
                table.add_columns("Role", "Name", "Vote")
                self.seat_rows = self.rows()
                table.add_rows(self.seat_rows)
                yield table
        yield Footer()

    def node_shown(self) -> NodeBase:
        game, pending = self.flow.game, self.pending
        step = pending.step if isinstance(pending, OutcomeToShow) else None
        return game.scenario.nodes[step.node_id] if step else game.node

    def story(self) -> ComposeResult:
        if isinstance(self.pending, OutcomeToShow):
            yield from self.outcome(self.pending)
        else:
            yield from self.node_now()

    def story_key(self) -> tuple[object, ...]:
        """What the story column shows: while it is unchanged (votes, seats, a pause, the
        clock) it is left as it is, scrolled where the facilitator left it."""
        pending, state = self.pending, self.flow.game.state
        outcome = pending if isinstance(pending, OutcomeToShow) else None
        return (
            outcome.step.index if outcome else None,
            (outcome.result, outcome.reveal_history) if outcome else None,
            state.node_id,
            len(state.steps),
            len(state.injects),
        )

    def rows(self) -> list[tuple[Text, ...]]:
        """The seats table: who sits where, who has dropped, who has voted."""
        flow, game = self.flow, self.flow.game
        cast = {(b.role, b.voter) for b in flow.ballots.cast_so_far(flow.position)}
        rows: list[tuple[Text, ...]] = []
        for seat in self.live.store.seats(self.live.code):
            role = game.scenario.role(seat.role)
            online = seat.online(DROPPED_AFTER)
            voted = (seat.role, seat.name) in cast
            role_cell = Text.assemble(
                ("● " if online else "○ ", "green" if online else "dim"),
                short_name(role.name if role else seat.role, ROLE_WIDTH),
            )
            state = "voted" if voted else "" if online else "dropped"
            rows.append(
                (
                    role_cell,
                    Text(fitted(seat.name, NAME_WIDTH)),
                    Text(state, style="bold" if voted else "dim"),
                )
            )
        return rows

    def show(self, pending: Pending) -> None:
        """Show what is pending now, changing only the widgets whose content changed (a new
        screen per change would close any prompt open over it and redo the whole layout)."""
        self.pending = pending
        self.shown_at = time.monotonic()
        game = self.flow.game
        with self.app.batch_update():
            self.tick()
            header = node_header(game.scenario.title, self.node_shown(), "")
            restate(self.query_one("#host-header", Static), header.content)  # type: ignore[arg-type]
            gauges = self.query_one(Gauges)
            if gauges.gauges != list(game.gauges()):
                gauges.update_gauges(game.gauges())
            restate(self.query_one("#host-pending", Static), self.pending_line())
            if self.story_key() != self.story_shown:
                self.story_shown = self.story_key()
                story = self.query_one("#host-story", VerticalGroup)
                story.remove_children()
                story.mount_all(list(self.story()))
                self.query_one("#host-node", VerticalScroll).scroll_home(animate=False)
            rows = self.rows()
            if rows != self.seat_rows:
                self.seat_rows = rows
                table = self.query_one("#seats", DataTable)
                table.clear()
                table.add_rows(rows)

    def node_now(self) -> ComposeResult:
        game = self.flow.game
        node = game.node
        yield from node_so_far(game)
        if isinstance(node, DecisionNode):
            for adviser in node.advisers:
                yield Static(adviser_block(adviser), classes="adviser")
            for number, choice in enumerate(game.offered(), start=1):
                yield Static(Text(f"{number}. {choice.label}"))
        if isinstance(node, EndingNode):
            yield Prose(node.epilogue)

    def outcome(self, pending: OutcomeToShow) -> ComposeResult:
        game = self.flow.game
        step = pending.step
        node = game.scenario.nodes[step.node_id]
        yield Static(Text(node.title, style="bold"))
        for text in game.news_at_outcome(step.index):
            yield Static(Text("NEWS: ", style="bold reverse") + Text(" " + text))
        if step.entry.how == "timeout" and isinstance(node, DecisionNode):
            yield Static(Text(timeout_words(node), style="bold"))
        if step.choice is not None:
            words = how_words(game.scenario, step.entry)
            yield Static(
                Text("Decided: ", style="bold")
                + Text(step.choice.label)
                + Text(f" ({words})" if words and not pending.result else "")
            )
            if step.entry.reason:
                yield Static(Text(f"“{step.entry.reason}”", style="italic"))
        if pending.result:
            yield Static(Text("The votes: ", style="bold") + Text(pending.result))
        if step.entry.reasons:
            for who, reason in step.entry.reasons.items():
                yield Static(Text(f"  {who}: {reason}", style="italic"))
        if step.narration:
            yield Prose(step.narration)
        comparison = compare_step(game, step)
        if comparison is not None and comparison.history is not None:
            if pending.reveal_history:
                yield Static(
                    Text("What actually happened: ", style="bold") + Text(comparison.verdict_text)
                )
                yield Prose(comparison.history.text)
            else:
                yield Static(Text("History is revealed at the end.", style="italic"))

    def code_line(self) -> Text:
        flow, live = self.flow, self.live
        if live.session.roles == "assigned":
            code = Text(" SEAT CODES ", style="bold reverse")
            code.append(" one per seat (k shows them) ", style="bold")
        else:
            code = Text(" JOIN CODE ", style="bold reverse")
            code.append(f" {display(live.code)} ", style="bold")
            base = self.served_base()
            if base is not None:  # `crisis serve` runs: a browser can open the code's link
                code.append(f" or {link(base, live.code)}", style="bold")
        status = "ended" if flow.ended else "paused" if flow.paused else "open"
        code.append(
            f"  {flow.game.scenario.title}  ·  {status}"
            f"  ·  history shown {'now' if flow.reveal == 'now' else 'at the end'}"
        )
        pending = self.pending
        if isinstance(pending, Waiting) and pending.seconds_left is not None:
            left = max(0.0, pending.seconds_left - (time.monotonic() - self.shown_at))
            clock = clock_text(flow.game, left)
            if clock is not None:
                code.append("  ·  ")
                code.append(clock)
        return code

    def served_base(self) -> str | None:
        """The address of a `crisis serve` sharing this saves folder, looked up at most every
        few seconds (the clock redraws this line four times a second)."""
        now = time.monotonic()
        if now - self._served[0] > SERVED_LOOK_SECONDS:
            self._served = (now, served_base(self.live.store.path.parent))
        return self._served[1]

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
            base = self.served_base()
            where = f"  {link(base, token)}" if base else ""
            lines.append(f"{role.name if role else role_id}: {display(token)}{taken}{where}")
        self.app.push_screen(ProblemsScreen("Seat codes", lines))

    def tick(self) -> None:
        """The clock ticks; only its line is redrawn."""
        for line in self.query("#host-code").results(Static):
            restate(line, self.code_line())

    def pending_line(self) -> Text:
        pending, game = self.pending, self.flow.game
        if isinstance(pending, Ending):
            if pending.node is None:
                return Text("The session has ended. Press d for the debrief.", style="bold")
            return Text(
                f"Ending reached: {pending.node.title} ({pending.node.category.value})."
                " Press d for the debrief.",
                style="bold",
            )
        if isinstance(pending, Paused):
            return Text("Paused. Press p to resume.", style="bold")
        if isinstance(pending, Briefing):
            return Text(
                "The seats are joining. Press c to start the lesson: until then no decision "
                "plays itself and no clock runs.",
                style="bold",
            )
        if isinstance(pending, OutcomeToShow):
            return Text("What just happened. Press c to go on.", style="bold")
        if isinstance(pending, EventToContinue):
            return Text("An event: read it out, then press c to continue.", style="bold")
        if isinstance(pending, Tie):
            shown = ", ".join(f"{label_of(game, c)} {n}" for c, n in pending.counts.items())
            return Text(f"Tied ({shown}): press o to decide.", style="bold")
        assert isinstance(pending, Waiting)
        node = game.node
        rule = node.rule.value if isinstance(node, DecisionNode) else ""
        text = Text(f"Pending decision ({rule}). ", style="bold")
        if pending.missing:
            text.append(f"Waiting for: {', '.join(pending.missing)}.")
        else:
            text.append("Everyone seated has voted.")
        return text
