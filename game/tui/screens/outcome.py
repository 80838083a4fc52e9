"""What your choice led to, and beside it what actually happened, with basis and sources."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from ...engine.game import Game, Step
from ...engine.history import compare_step
from ...engine.labels import HistoryLabels, Marker, step_labels
from ..messages import Continued
from ..widgets.basis_badge import BasisBadge
from ..widgets.footer import Footer
from ..widgets.gauges import Gauges
from ..widgets.notices import Notices
from ..widgets.prose import Prose
from ..widgets.sources import group_widgets
from ._drawn_once import DrawnOnceScreen
from ._node_header import node_header

TONES = {"followed": "green", "left": "red"}


def marker(mark: Marker) -> Text:
    """Followed or left history, with a symbol as well as a colour (NO_COLOR)."""
    colour = TONES.get(mark.tone)
    style = f"bold reverse {colour}" if colour else "bold reverse"
    return Text(f" {mark.symbol} {mark.text} ", style=style)


class OutcomeScreen(DrawnOnceScreen):
    AUTO_FOCUS = "#yours"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "next", "Continue", priority=True),
        Binding("t", "app.timeline", "Timeline"),
        Binding("m", "app.map", "Map"),
        Binding("escape", "app.title", "Title", show=False),
    ]

    def __init__(
        self, game: Game, step: Step, reveal: bool = True, notes: list[tuple[str, str]] | None = None
    ) -> None:
        """`reveal` False: a class that sees history only at the end gets a placeholder.
        `notes`: (title, text) for the status line, e.g. the tally."""
        super().__init__()
        self.notes = notes or []
        self.game = game
        self.step = step
        self.reveal = reveal
        self.comparison = compare_step(game, step)
        self.labels = step_labels(game, step)

    def compose(self) -> ComposeResult:
        game, step = self.game, self.step
        node = game.scenario.nodes[step.node_id]
        yield node_header(game.scenario.title, node)
        yield Gauges(game.gauges(), id="gauges")
        with Horizontal(id="outcome"):
            with VerticalScroll(id="yours", classes="column"):
                yield from self.yours()
            if self.comparison is not None and self.comparison.history is not None:
                with VerticalScroll(id="history", classes="column"):
                    if self.reveal and self.labels.history is not None:
                        yield from self.history(self.labels.history)
                    else:
                        yield Static(
                            Text(
                                "What actually happened is revealed at the end of the session.",
                                style="italic",
                            )
                        )
        yield Static(Text("Press Enter to continue.", style="bold"), classes="prompt")
        yield Notices(self.notes)
        yield Footer()

    def news_text(self) -> Text:
        text = Text()
        for number, line in enumerate(self.game.news_at_outcome(self.step.index)):
            if number:
                text.append("\n")
            text.append(" NEWS ", style="bold reverse")
            text.append(f" {line}")
        return text

    def show_news(self) -> None:
        """News given while this outcome is read joins it at once."""
        news = self.query_one("#news", Static)
        news.update(self.news_text())
        news.display = bool(self.game.news_at_outcome(self.step.index))

    def yours(self) -> ComposeResult:
        game, step, labels = self.game, self.step, self.labels
        node = game.scenario.nodes[step.node_id]
        yield Static(Text(node.title, style="bold"), classes="node-title")
        news = Static(self.news_text(), id="news")
        news.display = bool(game.news_at_outcome(step.index))
        yield news
        if labels.note:
            yield Static(Text(labels.note, style="italic"), classes="automatic")
        if labels.decided is not None and step.choice is not None:
            decided = labels.decided
            yield Static(
                Text(decided.lead, style="bold") + Text(decided.label) + Text(decided.tail),
                id="decided",
            )
            votes = step.entry.votes or {}
            tally = step.entry.tally or {}
            labels_of = {c.id: c.label for c in getattr(node, "choices", [])}
            if tally:
                shown = ", ".join(f"{labels_of.get(c, c)} {n}" for c, n in tally.items())
                yield Static(Text("Show of hands: ", style="bold") + Text(shown))
            leader = self.comparison is not None and self.comparison.leader
            if votes:
                lines = Text("The advice\n" if leader else "Votes\n", style="bold")
                for voter, choice_id in votes.items():
                    lines.append(f"{voter}: ", style="bold")
                    lines.append(f"{labels_of.get(choice_id, choice_id)}\n")
                    reason = (step.entry.reasons or {}).get(voter)
                    if reason:
                        lines.append(f"  “{reason}”\n", style="italic")
                lines.rstrip()
                yield Static(lines, classes="votes")
            for voter, reason in (step.entry.reasons or {}).items() if leader else ():
                if voter not in votes:  # the leader's own reason
                    yield Static(
                        Text(f"{voter}, who decided: ", style="bold")
                        + Text(f"“{reason}”", style="italic")
                    )
        else:
            yield Static(Text("What happened next", style="bold"))
        if labels.narration:
            yield Prose(labels.narration)
        if labels.badge is not None:
            yield BasisBadge(labels.badge)
        yield from group_widgets(labels.groups)
        if step.changes or step.why:
            lines = Text()
            for change in step.changes:
                var = game.scenario.variable(change.variable)
                label = var.label if var else change.variable
                lines.append(f"{label}: {change}\n", style="bold")
            for reason in step.why:
                lines.append(f"Why: {reason}\n", style="italic")
            lines.rstrip()
            yield Static(lines, classes="changes")

    def history(self, labels: HistoryLabels) -> ComposeResult:
        yield Static(marker(labels.marker), classes="marker")
        title = Text(labels.heading, style="bold")
        if labels.date:
            title.append(f" — {labels.date}")
        yield Static(title, id="history-heading")
        yield Static(Text(labels.choice_line, style="bold"))
        yield Prose(labels.text)
        yield BasisBadge(labels.badge)
        yield from group_widgets(labels.accounts)
        yield from group_widgets(labels.groups)

    def action_next(self) -> None:
        self.post_message(Continued())
