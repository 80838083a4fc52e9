"""One seat of a live session: that role's briefings and secrets only, the shared state, and the
decisions that are theirs. It redraws whenever the shared log moves."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static

from ...engine.history import compare_step
from ...engine.model import DecisionNode, DecisionRule, EndingNode
from ...live.session import LiveGame
from ..screens._node_header import node_header
from ..widgets.basis_badge import BasisBadge
from ..widgets.choice_list import ChoiceList
from ..widgets.gauges import Gauges
from ..widgets.prose import Prose


def status_line(live: LiveGame, role: str, name: str) -> tuple[str, bool]:
    """What this seat should be told, and whether it may choose now."""
    game = live.game
    node = game.node
    if live.session.status == "ended":
        return "The session has ended.", False
    if live.session.status == "paused":
        return "Paused by the facilitator.", False
    if isinstance(node, EndingNode):
        return "The crisis is over.", False
    if not isinstance(node, DecisionNode):
        return "Waiting for the facilitator to continue.", False
    if node.deciders and role not in node.deciders:
        names = ", ".join(r.name for r in game.view().deciders)
        return f"Waiting for {names} to decide.", False
    if node.rule is DecisionRule.single:
        return "Your decision.", True
    if node.rule is DecisionRule.leader and role == node.leader:
        advice = len(live.ballots())
        return f"Your decision, after the advice ({advice} recommendation(s) in).", True
    mine = next((c for voter, _, c, _ in live.ballots() if voter == name), None)
    if mine is not None:
        label = next((c.label for c in node.choices if c.id == mine), mine)
        waiting = ", ".join(live.missing_voters()) or "the facilitator"
        return f"You voted: {label}. Waiting for {waiting}.", False
    return ("Your advice." if node.rule is DecisionRule.leader else "Your vote."), True


class SeatScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "pick(1)", "Choose", key_display="1-9"),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(2, 10)),
        Binding("b", "briefing", "Briefing"),
    ]

    def __init__(self, live: LiveGame, role: str, name: str) -> None:
        super().__init__()
        self.live, self.role, self.person = live, role, name
        self.can_choose = False

    def compose(self) -> ComposeResult:
        game = self.live.game
        node = game.node
        role = game.scenario.role(self.role)
        yield node_header(game.scenario.title, node, "")
        yield Gauges(game.gauges(), id="gauges")
        self.role_name = role.name if role else self.role
        status, self.can_choose = status_line(self.live, self.role, self.person)
        yield Static(self.status_text(status), id="seat-status")
        with VerticalScroll(id="narrative"):
            yield from self.last_step()
            for at, entry in game.state.injects:
                if at == len(game.state.steps) and entry.text:
                    yield Static(Text("NEWS: ", style="bold reverse") + Text(" " + entry.text))
            yield Static(Text(node.title, style="bold"), classes="node-title")
            yield Prose(node.text)
            secret = game.view().secret_for(self.role)
            if secret:
                yield Static(Text("Only you know", style="bold"), classes="secret-title")
                yield Prose(secret, classes="secret")
            if isinstance(node, EndingNode):
                yield Static(Text(f"Ending: {node.category.value}", style="bold"))
                yield Prose(node.epilogue)
        if self.can_choose and isinstance(node, DecisionNode):
            yield ChoiceList([(c.id, c.label, c.detail) for c in game.view().offered], id="choices")
        yield Footer()

    def status_text(self, status: str) -> Text:
        seat = Text(f" {self.person} ", style="bold reverse")
        seat.append(f"  {self.role_name}  ·  code {self.live.code}  ·  ")
        seat.append(status, style="bold")
        return seat

    def refresh_status(self) -> None:
        status, _ = status_line(self.live, self.role, self.person)
        self.query_one("#seat-status", Static).update(self.status_text(status))

    def last_step(self) -> ComposeResult:
        """What the last move led to; history beside it when the facilitator reveals it now."""
        game = self.live.game
        if not game.state.steps:
            return
        step = game.state.steps[-1]
        part = step.consequence
        if step.choice is None and not (part and part.text) and not step.why:
            return  # the story simply moved on past an event
        heading = Text("What just happened: ", style="bold")
        heading.append(step.choice.label if step.choice else "the story moved on")
        yield Static(heading)
        if part is not None and step.narration:
            yield Prose(step.narration)
            if part.basis is not None:
                yield BasisBadge(part.basis.value, part.rests_on)
        for reason in step.why:
            yield Static(Text(f"Why: {reason}", style="italic"))
        comparison = compare_step(game, step)
        if comparison is not None and comparison.history is not None:
            if self.live.session.reveal == "now" or game.finished:
                line = Text("What actually happened: ", style="bold")
                line.append(comparison.verdict_text)
                yield Static(line)
                yield Prose(comparison.history.text)
            else:
                yield Static(Text("History is revealed at the end.", style="italic"))
        yield Static(Text("─" * 30, style="dim"))

    def on_mount(self) -> None:
        choices = self.query(ChoiceList)
        if choices:
            choices.first().highlighted = 0
            choices.first().focus()

    def action_pick(self, number: int) -> None:
        choices = self.query(ChoiceList)
        if choices and self.can_choose:
            choice_id = choices.first().pick(number)
            if choice_id:
                self.send(choice_id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and self.can_choose:
            self.send(event.option.id)

    def send(self, choice_id: str) -> None:
        """Ask for a one-line reason (Enter skips it), then send the choice."""
        from ..screens.facilitator import TextPromptScreen

        self.can_choose = False

        def reasoned(reason: str | None) -> None:
            if reason is None:  # Escape: not sent after all
                self.can_choose = True
                return
            self.app.seat_choose(choice_id, reason)  # type: ignore[attr-defined]

        label = next((c.label for c in self.live.game.view().offered if c.id == choice_id), "")
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

        role = self.live.game.scenario.role(self.role)
        if role is None:
            return
        lines = [role.briefing.strip()]
        if role.secret:
            lines.append("SECRET: " + role.secret.strip())
        lines += [f"Objective: {o}" for o in role.objectives]
        self.app.push_screen(ProblemsScreen(f"{role.name}: your briefing", lines))
