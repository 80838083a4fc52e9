"""One seat of a live session: that role's briefings and secrets only, the node as it unfolds,
the clock, the decisions that are theirs, and after each decision the tally and what happened.
It shows what the engine's flow says is pending for this seat; it decides no rule itself."""

from __future__ import annotations

import time
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static

from ...engine.flow import (
    Briefing,
    Ending,
    EventToContinue,
    Flow,
    OutcomeToShow,
    Paused,
    Pending,
    Tie,
    Turn,
    Waiting,
    timeout_words,
)
from ...engine.game import Game
from ...engine.history import compare_step, how_words
from ...engine.model import DecisionNode, EndingNode
from ...live.codes import display
from ..messages import Chose, Continued
from ..screens import decision as guard
from ..screens._node_header import node_header
from ..screens.decision import adviser_block
from ..widgets.basis_badge import BasisBadge
from ..widgets.choice_list import ChoiceList
from ..widgets.footer import Footer
from ..widgets.gauges import Gauges
from ..widgets.prose import Prose
from .lines import restate
from .unfolding import node_so_far


def clock_text(game: Game, seconds: float | None) -> Text | None:
    node = game.node
    if seconds is None or not isinstance(node, DecisionNode) or node.timer is None:
        return None
    left = int(seconds + 0.999)
    default = next((c.label for c in node.choices if c.id == node.timer.default), "")
    text = Text("⏱ ", style="bold")
    text.append(f"{left // 60}:{left % 60:02d}", style="bold red" if left <= 10 else "bold")
    text.append(" left. When time runs out: ")
    text.append(default, style="italic")
    return text


def status_words(game: Game, pending: Pending) -> str:
    if isinstance(pending, Ending):
        return "The session has ended." if pending.node is None else "The crisis is over."
    if isinstance(pending, Paused):
        return "Paused by the facilitator."
    if isinstance(pending, Briefing):
        return "Read your briefing, then press Enter."
    if isinstance(pending, OutcomeToShow):
        return "What just happened. Press Enter to go on."
    if isinstance(pending, EventToContinue):
        return "Waiting for the facilitator to continue."
    if isinstance(pending, Tie):
        return "A tie: the facilitator decides."
    if isinstance(pending, Turn):
        return {
            "decide": "Your decision.",
            "vote": "Your vote.",
            "advise": "Your advice.",
            "lead": f"Your decision, after the advice ({len(pending.advice)} recommendation(s) in).",
        }[pending.kind]
    assert isinstance(pending, Waiting)
    if pending.mine is not None:
        waiting = ", ".join(pending.missing) or "the count"
        return f"You voted: {label_of(game, pending.mine)}. Waiting for {waiting}."
    return f"Waiting for {', '.join(pending.deciders) or 'the facilitator'} to decide."


def label_of(game: Game, choice_id: str) -> str:
    node = game.node
    choices = node.choices if isinstance(node, DecisionNode) else []
    return next((c.label for c in choices if c.id == choice_id), choice_id)


class SeatScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "pick(1)", "Choose", key_display="1-9"),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(2, 10)),
        Binding("enter", "go_on", "Go on", show=False),
        Binding("b", "briefing", "Briefing"),
    ]

    def __init__(self, flow: Flow, pending: Pending, role: str, name: str, code: str) -> None:
        super().__init__()
        self.flow, self.pending, self.role, self.person, self.code = flow, pending, role, name, code
        self.can_choose = isinstance(pending, Turn)
        self.started = guard.clock()
        self.shown_at = time.monotonic()
        self.sent = False

    def compose(self) -> ComposeResult:
        game = self.flow.game
        pending = self.pending
        step = pending.step if isinstance(pending, OutcomeToShow) else None
        node = game.scenario.nodes[step.node_id] if step else game.node
        role = game.scenario.role(self.role)
        self.role_name = role.name if role else self.role
        header = node_header(game.scenario.title, node, "")
        header.id = "seat-header"
        yield header
        yield Gauges(game.gauges(), id="gauges")
        yield Static(self.status_text(), id="seat-status")
        yield Static(self.clock_line(), id="seat-clock")
        # What is on screen now: the game itself has moved on by the time `show` is called.
        self.body_shown, self.choices_shown = self.body_key(), self.choices_key()
        with VerticalScroll(id="narrative"):
            yield from self.body()
        yield from self.choices()
        yield Footer()

    def body(self) -> ComposeResult:
        game, pending = self.flow.game, self.pending
        role = game.scenario.role(self.role)
        if isinstance(pending, Briefing) and role is not None:
            yield Static(Text(f"{role.name}: your briefing", style="bold"))
            yield Prose(role.briefing)
            if role.secret:
                yield Static(Text("Only you know", style="bold"), classes="secret-title")
                yield Prose(role.secret, classes="secret")
        elif isinstance(pending, OutcomeToShow):
            yield from self.outcome(pending)
        else:
            yield from self.node_now()

    def choices(self) -> ComposeResult:
        if isinstance(self.pending, Turn):
            items = [(c.id, c.label, c.detail) for c in self.pending.choices]
            yield ChoiceList(items, id="choices")

    def body_key(self) -> tuple[object, ...]:
        """What the narrative shows: when it is unchanged (a pause, a vote counted, a clock),
        it stays as it is, scrolled where the student left it. `choices_key` is the same for
        the choices."""
        game, pending = self.flow.game, self.pending
        state = game.state
        outcome = pending if isinstance(pending, OutcomeToShow) else None
        turn = pending if isinstance(pending, Turn) else None
        kind = (
            "briefing"
            if isinstance(pending, Briefing)
            else "outcome"
            if outcome
            else "node"  # a turn, waiting, paused: the node as it unfolds
        )
        return (
            kind,
            outcome.step.index if outcome else None,
            outcome.reveal_history if outcome else None,
            state.node_id,
            len(state.steps),
            len(state.injects),
            tuple((b.voter, b.choice, b.reason) for b in turn.advice) if turn else None,
        )

    def choices_key(self) -> tuple[str, ...] | None:
        turn = self.pending if isinstance(self.pending, Turn) else None
        return tuple(c.id for c in turn.choices) if turn else None

    def show(self, pending: Pending) -> None:
        """Show a new position on this screen, changing only the widgets whose content changed
        (a new screen per change cost a whole screen's layout at every seat)."""
        self.pending = pending
        self.can_choose = isinstance(pending, Turn)
        self.sent = False
        self.shown_at = time.monotonic()
        game = self.flow.game
        step = pending.step if isinstance(pending, OutcomeToShow) else None
        node = game.scenario.nodes[step.node_id] if step else game.node
        with self.app.batch_update():
            header = node_header(game.scenario.title, node, "")
            restate(self.query_one("#seat-header", Static), header.content)  # type: ignore[arg-type]
            gauges = self.query_one(Gauges)
            if gauges.gauges != list(game.gauges()):
                gauges.update_gauges(game.gauges())
            restate(self.query_one("#seat-status", Static), self.status_text())
            restate(self.query_one("#seat-clock", Static), self.clock_line())
            if self.body_key() != self.body_shown:
                self.body_shown = self.body_key()
                self.started = guard.clock()  # something new to read: the early-key guard
                narrative = self.query_one("#narrative", VerticalScroll)
                narrative.remove_children()
                narrative.mount_all(list(self.body()))
                narrative.scroll_home(animate=False)
            if self.choices_key() != self.choices_shown:
                self.choices_shown = self.choices_key()
                self.started = guard.clock()
                self.query(ChoiceList).remove()
                choices = list(self.choices())
                if choices:
                    self.mount_all(choices, before=self.query_one(Footer))
                    self.call_after_refresh(self._focus_choices)

    def _focus_choices(self) -> None:
        choices = self.query(ChoiceList)
        if choices:
            choices.first().highlighted = None  # no choice until the student moves to one
            choices.first().focus()

    def node_now(self) -> ComposeResult:
        """The node as it unfolds, for every seat: news, text, this role's secret, advisers."""
        game = self.flow.game
        node = game.node
        if isinstance(self.pending, Turn) and self.pending.kind == "lead":
            # The leader reads the advice first: it is what this turn is about.
            advice = self.pending.advice
            yield Static(Text(f"The advice you were given ({len(advice)})", style="bold"))
            for b in advice:
                line = f"{b.voter}: {label_of(game, b.choice)}"
                yield Static(Text(line + (f" — because {b.reason}" if b.reason else "")))
            if not advice:
                yield Static(Text("Nobody has given advice yet."))
            yield Static("")
        yield from node_so_far(game)
        secret = game.view().secret_for(self.role)
        if secret:
            yield Static(Text("Only you know", style="bold"), classes="secret-title")
            yield Prose(secret, classes="secret")
        if isinstance(node, DecisionNode) and node.advisers:
            yield Static(Text("Advisers", style="bold"), classes="section")
            for adviser in node.advisers:
                yield Static(adviser_block(adviser), classes="adviser")
        if isinstance(node, EndingNode):
            yield Static(Text(f"Ending: {node.category.value}", style="bold"))
            yield Prose(node.epilogue)

    def outcome(self, pending: OutcomeToShow) -> ComposeResult:
        """After a decision: what was chosen and how, the tally, what it led to, and history
        beside it when the facilitator reveals it now."""
        game = self.flow.game
        step = pending.step
        node = game.scenario.nodes[step.node_id]
        yield Static(Text(node.title, style="bold"), classes="node-title")
        for text in game.news_at_outcome(step.index):
            yield Static(Text("NEWS: ", style="bold reverse") + Text(" " + text), classes="news")
        if step.entry.how == "timeout" and isinstance(node, DecisionNode):
            yield Static(Text(timeout_words(node), style="bold"))
        if step.choice is not None:
            heading = Text("Decided: ", style="bold")
            heading.append(step.choice.label)
            words = how_words(game.scenario, step.entry)
            if words and not pending.result:
                heading.append(f" ({words})", style="italic")
            yield Static(heading)
            if step.entry.reason:
                yield Static(Text(f"“{step.entry.reason}”", style="italic"))
        if pending.result:
            yield Static(Text("The votes: ", style="bold") + Text(pending.result))
        part = step.consequence
        if part is not None and step.narration:
            yield Prose(step.narration)
            if part.basis is not None:
                yield BasisBadge(part.basis.value, part.rests_on)
        for reason in step.why:
            yield Static(Text(f"Why: {reason}", style="italic"))
        comparison = compare_step(game, step)
        if comparison is not None and comparison.history is not None:
            if pending.reveal_history:
                line = Text("What actually happened: ", style="bold")
                line.append(comparison.verdict_text)
                yield Static(line)
                yield Prose(comparison.history.text)
            else:
                yield Static(Text("History is revealed at the end.", style="italic"))
        yield Static(Text("Press Enter to go on.", style="bold"))

    def status_text(self) -> Text:
        seat = Text(f" {self.person} ", style="bold reverse")
        seat.append(f"  {self.role_name}  ·  code {display(self.code)}  ·  ")
        seat.append(status_words(self.flow.game, self.pending), style="bold")
        return seat

    def clock_line(self) -> Text:
        pending = self.pending
        seconds = pending.seconds_left if isinstance(pending, (Turn, Waiting)) else None
        if seconds is not None:
            seconds = max(0.0, seconds - (time.monotonic() - self.shown_at))
        return clock_text(self.flow.game, seconds) or Text("")

    def on_mount(self) -> None:
        self.shown_at = time.monotonic()
        self.started = guard.clock()
        choices = self.query(ChoiceList)
        if choices:
            choices.first().highlighted = None  # no choice until the student moves to one
            choices.first().focus()
        self.set_interval(0.5, self.tick)

    def tick(self) -> None:
        restate(self.query_one("#seat-clock", Static), self.clock_line())

    def refresh_status(self, pending: Pending) -> None:
        self.pending = pending
        self.shown_at = time.monotonic()  # its seconds left are counted from now
        restate(self.query_one("#seat-status", Static), self.status_text())

    def early(self) -> bool:
        """A key pressed before this screen could be read never commits a choice."""
        return guard.clock() - self.started < guard.GUARD_SECONDS

    def action_go_on(self) -> None:
        if isinstance(self.pending, (OutcomeToShow, Briefing)) and not self.early():
            self.post_message(Continued())

    def action_pick(self, number: int) -> None:
        choices = self.query(ChoiceList)
        if choices and self.can_choose and not self.early():
            choice_id = choices.first().pick(number)
            if choice_id:
                self.send(choice_id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and self.can_choose and not self.early():
            self.send(event.option.id)

    def send(self, choice_id: str) -> None:
        """Ask for a one-line reason (Enter skips it), then send the choice."""
        from ..screens.facilitator import TextPromptScreen

        self.can_choose = False

        def reasoned(reason: str | None) -> None:
            if reason is None:  # Escape: not sent after all
                self.can_choose = True
                return
            self.post_message(Chose(choice_id, reason=reason))

        label = label_of(self.flow.game, choice_id)
        self.app.push_screen(
            TextPromptScreen(
                f"{label}: why? One line for the debrief (Enter to skip, Esc to choose again)",
                "Because…",
                cancel=None,
            ),
            reasoned,
        )

    def action_briefing(self) -> None:
        from ..screens.problems import ProblemsScreen

        role = self.flow.game.scenario.role(self.role)
        if role is None:
            return
        lines = [role.briefing.strip()]
        if role.secret:
            lines.append("SECRET: " + role.secret.strip())
        lines += [f"Objective: {o}" for o in role.objectives]
        self.app.push_screen(ProblemsScreen(f"{role.name}: your briefing", lines))
