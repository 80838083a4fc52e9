"""The one place that maps the engine's "what is pending now?" to a screen, and screens' messages
to the engine's commands. Nothing here decides a rule of play; `engine.flow.Flow` does."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich.text import Text

from ..engine.flow import (
    Briefing,
    Ending,
    EventToContinue,
    Flow,
    FlowError,
    OutcomeToShow,
    Paused,
    Tie,
    Turn,
    TurnKind,
)
from ..engine.game import Game
from ..engine.model import DecisionNode

if TYPE_CHECKING:
    from .app import CrisisApp

KIND_WORDS = {
    TurnKind.DECIDE: "decides",
    TurnKind.VOTE: "votes",
    TurnKind.ADVISE: "gives their advice",
    TurnKind.LEAD: "decides, after hearing the advice",
}


class Play:
    """A game on one screen: one player, or a class at one keyboard."""

    def __init__(self, app: CrisisApp, game: Game, players: dict[str, list[str]] | None,
                 reveal: str = "now") -> None:  # fmt: skip
        self.app = app
        self.game = game
        self.flow = Flow(game, players=players, reveal=reveal)
        self.ready: tuple[str, str] | None = None  # the turn whose player is at the keyboard
        self.choice: str | None = None  # chosen, waiting for its reason
        self.shown: object = None

    @property
    def is_class(self) -> bool:
        return self.flow.players is not None

    # -- pending -> screen -------------------------------------------------------------------
    def show(self) -> None:
        from .screens.briefing import BriefingScreen
        from .screens.decision import DecisionScreen
        from .screens.ending import EndingScreen
        from .screens.outcome import OutcomeScreen

        app, game = self.app, self.game
        before = len(game.log)
        pending = self.flow.pending()
        if len(game.log) != before:
            app.autosave()
        self.shown = pending
        if isinstance(pending, Briefing):
            app.show(BriefingScreen(game, self.flow.players))
        elif isinstance(pending, OutcomeToShow):
            step = pending.step
            notes: list[tuple[str, str]] = []
            # A timeout and a show of hands are told by the outcome itself ("Time ran out: …",
            # "Show of hands: …"); votes are listed voter by voter there, so their count is
            # the note.
            if pending.result and not step.entry.tally:
                notes.append(("The count", pending.result.split(". Result: ")[0]))
            app.show(OutcomeScreen(game, step, reveal=pending.reveal_history, notes=notes))
        elif isinstance(pending, Ending):
            app.show(EndingScreen(game))
        elif isinstance(pending, EventToContinue):
            app.show(DecisionScreen(game))
        elif isinstance(pending, Turn):
            self.turn(pending)
        elif isinstance(pending, Tie):
            self.tie(pending)
        elif isinstance(pending, Paused):
            # The decision stays readable for the class to discuss; no secret is on it, since
            # the keyboard may be between two players.
            app.show(DecisionScreen(game, viewer="", paused=True))

    def turn(self, turn: Turn) -> None:
        from .screens.decision import DecisionScreen
        from .screens.handoff import HandoffScreen

        game = self.game
        role = game.scenario.role(turn.role)
        role_name = role.name if role else turn.role
        if self.is_class and self.ready != (turn.role, turn.voter):
            # The hand-off replaces the last player's screen, so nothing secret stays visible.
            title = game.node.title
            self.app.show(HandoffScreen(
                turn.voter, role_name, KIND_WORDS[turn.kind], title, game.news_now()
            ))  # fmt: skip
            return
        self.flow.open_turn()  # the time spent on the decision counts from here
        if not self.is_class and turn.of == 1:
            self.app.show(
                DecisionScreen(
                    game,
                    seconds=None if turn.seconds_left is None else math.ceil(turn.seconds_left),
                )
            )
            return
        if not self.is_class:
            banner = Text(f" Vote as {role_name} ", style="bold reverse")
        else:
            banner = Text(f" {turn.voter} ", style="bold reverse")
            who = "" if turn.voter.startswith(role_name) else f"{role_name} "
            banner.append(f"  {who}{KIND_WORDS[turn.kind]}")
        if turn.of > 1:
            banner.append(f" · turn {turn.number} of {turn.of}")
        if self.is_class:
            banner.append("   F2 facilitator", style="dim")
        advice = [
            f"{b.voter}: {self.label(b.choice)}" + (f" — because {b.reason}" if b.reason else "")
            for b in turn.advice
        ]
        if turn.kind is TurnKind.LEAD and not advice:
            advice = ["Nobody has given advice."]
        self.app.show(DecisionScreen(
            game, viewer=turn.role, banner=banner, seconds=None if turn.seconds_left is None else math.ceil(turn.seconds_left),
            briefing=role.secret if role and self.is_class else None, advice=advice,
        ))  # fmt: skip

    def tie(self, tie: Tie) -> None:
        from .screens.facilitator import PickScreen

        shown = ", ".join(f"{self.label(c)} {n}" for c, n in tie.counts.items())
        items = [(c.id, c.label) for c in tie.choices]

        def picked(choice_id: str | None) -> None:
            if choice_id:
                self.command(lambda: self.flow.override(choice_id))

        self.app.push_screen(
            PickScreen("A tie: the facilitator decides", items, f"Tied: {shown}"), picked
        )

    def label(self, choice_id: str) -> str:
        node = self.game.node
        choices = node.choices if isinstance(node, DecisionNode) else []
        return next((c.label for c in choices if c.id == choice_id), choice_id)

    # -- messages -> commands ----------------------------------------------------------------
    def command(self, do: object) -> None:
        """Run a command, save, and show what is pending next."""
        try:
            do()  # type: ignore[operator]
        except FlowError as exc:
            self.app.notify(str(exc), severity="warning", markup=False)
        self.app.autosave()
        self.show()

    def proceed(self) -> None:
        self.command(self.flow.proceed)

    def seat_ready(self) -> None:
        pending = self.flow.pending()
        if isinstance(pending, Turn):
            self.ready = (pending.role, pending.voter)
        self.show()

    def chose(self, choice_id: str, timeout: bool) -> None:
        from .screens.reason import ReasonScreen

        if timeout:
            self.command(self.flow.time_out)
            return
        pending = self.flow.pending()
        if not isinstance(pending, Turn):
            self.show()
            return
        if not self.is_class:
            self.command(lambda: self.flow.choose(choice_id))
            return
        self.choice = choice_id
        self.app.show(ReasonScreen(pending.voter, self.label(choice_id)))

    def reason_given(self, text: str) -> None:
        choice, self.choice = self.choice, None
        if choice is not None:
            self.command(lambda: self.flow.choose(choice, text))

    def tick(self) -> None:
        """The clock: a timeout taken by the wall clock (during a hand-off, say) is shown."""
        if isinstance(self.shown, Turn) and self.flow.tick():
            self.app.autosave()
            self.show()

    def resume(self) -> None:
        self.command(self.flow.resume)

    # -- the facilitator ---------------------------------------------------------------------
    def facilitate(self, action: str | None) -> None:
        from .screens.decision import DecisionScreen
        from .screens.facilitator import PickScreen, TallyScreen, TextPromptScreen
        from .screens.outcome import OutcomeScreen

        flow, game, app = self.flow, self.game, self.app
        node = game.node
        if action == "pause":
            if flow.paused:
                self.command(flow.resume)
            else:
                self.command(flow.pause)
        elif action == "reveal":
            flow.set_reveal("end" if flow.reveal == "now" else "now")
            app.autosave()
            when = "after every decision" if flow.reveal == "now" else "only at the end"
            app.notify(f"History is shown {when}.", title="Facilitator")
        elif action == "news":

            def inject(text: str | None) -> None:
                if text:
                    flow.news(text)
                    app.autosave()
                    # It stays on the decision screen until the next decision at least.
                    screen = app.screen
                    if isinstance(screen, (DecisionScreen, OutcomeScreen)):
                        screen.show_news()
                    else:
                        app.notify(text, title="News", markup=False)

            app.push_screen(
                TextPromptScreen("A news update for the class", "Radio Moscow announces…"), inject
            )
        elif action == "skip" and isinstance(node, DecisionNode):
            self.command(flow.skip)
        elif action == "override" and isinstance(node, DecisionNode):
            items = []
            for choice in node.choices:
                if choice.outcomes:
                    items += [
                        (f"{choice.id}#{i}",
                         f"{choice.label} → {(o.text or o.goto).strip().splitlines()[0][:50]}")
                        for i, o in enumerate(choice.outcomes)
                    ]  # fmt: skip
                else:
                    items.append((choice.id, choice.label))

            def override(key: str | None) -> None:
                if key:
                    choice_id, _, outcome = key.partition("#")
                    number = int(outcome) if outcome else None
                    self.command(lambda: flow.override(choice_id, number))

            app.push_screen(
                PickScreen(
                    "Override: what happens here", items, "Logged, and shown in the debrief."
                ),
                override,
            )
        elif action == "tally" and isinstance(node, DecisionNode):

            def counted(counts: dict[str, int] | None) -> None:
                if counts:
                    result = flow.show_of_hands(counts)
                    if result.choice is None:
                        tied = [(c, self.label(c)) for c in result.tied]

                        def settled(choice_id: str | None) -> None:
                            if choice_id:
                                self.command(lambda: flow.override(choice_id, hands=counts))

                        app.push_screen(PickScreen("A tie: the facilitator decides", tied), settled)
                        return
                    self.command(lambda: None)

            app.push_screen(TallyScreen([(c.id, c.label) for c in game.view().offered]), counted)
