"""A decision (or an event to read): the narrative, advisers, gauges, choices and any timer."""

from __future__ import annotations

import time
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import ScreenResume, ScreenSuspend
from textual.widgets import OptionList, Static

from ...engine.game import Game
from ...engine.labels import node_notes
from ...engine.model import Adviser, DecisionNode
from ..messages import Chose, Continued, Resumed
from ..widgets.choice_list import ChoiceList
from ..widgets.footer import Footer
from ..widgets.gauges import Gauges
from ..widgets.notices import Notices
from ..widgets.prose import Prose
from ..widgets.sources import notes_widgets
from ..widgets.timer import Countdown
from ._drawn_once import DrawnOnceScreen
from ._node_header import node_header

CONTINUE = "*continue*"
# Keys that arrive this soon after a decision appears were pressed before it could be read
# (a second Enter meant for the screen before): they never commit a choice.
GUARD_SECONDS = 0.5


def clock() -> float:
    return time.monotonic()


def news_text(game: Game) -> Text:
    """The news given at this decision (and at the outcome before it), one line each."""
    text = Text()
    for number, line in enumerate(game.news_now()):
        if number:
            text.append("\n")
        text.append(" NEWS ", style="bold reverse")
        text.append(f" {line}")
    return text


def adviser_block(adviser: Adviser) -> Text:
    text = Text()
    text.append(adviser.who, style="bold")
    text.append(": ")
    text.append(adviser.position, style="italic")
    if adviser.quote:
        text.append(f"\n  “{adviser.quote}”")
    if adviser.argument:
        text.append(f"\n  {' '.join(adviser.argument.split())}")
    return text


class DecisionScreen(DrawnOnceScreen):
    # Focus goes straight to the choices (when they are enabled), not first to the text.
    AUTO_FOCUS = "#choices"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "pick(1)", "Choose", key_display="1-9"),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(2, 10)),
        Binding("t", "app.timeline", "Timeline"),
        Binding("m", "app.map", "Map"),
        # Priority: the focused choice list would otherwise take PgDn for itself.
        Binding("pagedown", "scroll(1)", "Scroll", key_display="PgDn", priority=True),
        Binding("pageup", "scroll(-1)", show=False, priority=True),
        Binding("escape", "app.title", "Title", show=False),
        Binding("enter", "resume", "Resume", priority=True),
    ]

    def __init__(
        self,
        game: Game,
        *,
        viewer: str | None = None,
        banner: Text | None = None,
        seconds: float | None = None,
        briefing: str | None = None,
        advice: list[str] | None = None,
        paused: bool = False,
    ) -> None:
        """`viewer`: the role whose secrets may be shown (default: the player's role); in a class
        session, `banner` says whose turn it is, `seconds` is what is left of the node's clock,
        `briefing` is the role's secret briefing and `advice` what the advisers recommended (for
        the leader). `paused`: the facilitator stopped the clock; the text stays readable, the
        choices are disabled and Enter resumes."""
        super().__init__()
        self.game = game
        self.viewer = viewer if viewer is not None else game.role
        self.banner = banner
        self.seconds = seconds
        self.briefing = briefing
        self.advice = advice or []
        self.paused = paused
        self.node = game.node
        self.is_decision = isinstance(self.node, DecisionNode)
        self.started = clock()
        self.taken = False

    def compose(self) -> ComposeResult:
        game, node = self.game, self.node
        view = game.view()
        yield node_header(game.scenario.title, node, "" if self.is_decision else "event")
        yield Gauges(game.gauges(), id="gauges")
        if self.paused:
            yield Static(
                Text(" PAUSED ", style="bold reverse")
                + Text("  The facilitator has stopped the clock. Read and discuss; Enter resumes."),
                id="paused-banner",
            )
        elif self.banner is not None:
            yield Static(self.banner, id="turn-banner")
        news = Static(news_text(game), id="news")
        news.display = bool(game.news_now())
        yield news
        with VerticalScroll(id="narrative"):
            if self.advice:
                # The leader reads the advice first: it is what this turn is about.
                yield Static(
                    Text(f"The advice you were given ({len(self.advice)})", style="bold"),
                    classes="advice-title",
                )
                for number, line in enumerate(self.advice, start=1):
                    last = number == len(self.advice)
                    yield Static(Text(line), classes="advice advice-last" if last else "advice")
            title = Text(node.title, style="bold")
            if view.deciders and self.is_decision:
                title.append("   Decides: ", style="dim")
                title.append(", ".join(r.name for r in view.deciders), style="dim")
            yield Static(title, classes="node-title")
            yield Prose(node.text)
            yield from notes_widgets(node_notes(game))
            secret = view.secret_for(self.viewer)
            if secret:
                yield Static(Text("Only you know", style="bold"), classes="secret-title")
                yield Prose(secret, classes="secret")
            if self.briefing:
                yield Static(Text("Your secret briefing", style="bold"), classes="secret-title")
                yield Prose(self.briefing, classes="secret")
            if self.is_decision and node.advisers:
                yield Static(Text("Advisers", style="bold"), classes="section")
                for adviser in node.advisers:
                    yield Static(adviser_block(adviser), classes="adviser")
        seconds = self.seconds if self.seconds is not None else game.timer_seconds()
        if seconds is not None and isinstance(node, DecisionNode) and node.timer is not None:
            default = next((c for c in node.choices if c.id == node.timer.default), None)
            label = default.label if default else node.timer.default
            yield Countdown(max(1, round(seconds)), label, id="timer")
        if self.is_decision:
            items = [(c.id, c.label, c.detail) for c in view.offered]
        else:
            items = [(CONTINUE, "Continue", None)]
        choices = ChoiceList(items, id="choices")
        choices.disabled = self.paused
        yield choices
        yield Notices()
        yield Footer()

    def on_mount(self) -> None:
        # No choice is highlighted until the player moves to one: a stray Enter takes nothing.
        choices = self.query_one(ChoiceList)
        choices.highlighted = 0 if not self.is_decision else None
        if self.paused:
            self.query_one("#narrative").focus()
            for timer in self.query(Countdown):
                timer.pause()
        else:
            choices.focus()
        self.started = clock()

    def show_news(self) -> None:
        """News given while this screen is up joins it at once, and stays."""
        news = self.query_one("#news", Static)
        news.update(news_text(self.game))
        news.display = bool(self.game.news_now())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return self.paused
        return not (action == "pick" and self.paused)

    def action_resume(self) -> None:
        self.post_message(Resumed())

    def on_screen_suspend(self, event: ScreenSuspend) -> None:
        for timer in self.query(Countdown):
            timer.pause()

    def on_screen_resume(self, event: ScreenResume) -> None:
        if self.paused:
            return
        for timer in self.query(Countdown):
            timer.resume()

    def action_scroll(self, pages: int) -> None:
        narrative = self.query_one("#narrative", VerticalScroll)
        if pages < 0:
            narrative.scroll_page_up()
        else:
            narrative.scroll_page_down()

    def action_pick(self, number: int) -> None:
        choice_id = self.query_one(ChoiceList).pick(number)
        if choice_id is not None:
            self.take(choice_id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.take(event.option.id)

    def on_countdown_expired(self, event: Countdown.Expired) -> None:
        node = self.node
        if isinstance(node, DecisionNode) and node.timer is not None:
            self.take(node.timer.default, how="timeout")

    def take(self, choice_id: str, how: str = "player") -> None:
        # A second key press while the next screen is coming up must not decide twice, and a key
        # pressed before this decision could be read must not decide it.
        if self.taken or self.paused:
            return
        if how != "timeout" and self.is_decision and clock() - self.started < GUARD_SECONDS:
            return
        self.taken = True
        if choice_id == CONTINUE:
            self.post_message(Continued())
        else:
            self.post_message(Chose(choice_id, timeout=how == "timeout"))
