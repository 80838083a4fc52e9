"""What your choice led to, and beside it what actually happened, with basis and sources."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...engine.game import Game, Step
from ...engine.history import AUTOMATIC as TAKEN_FOR_PLAYERS
from ...engine.history import HOW_WORDS, Comparison, compare_step
from ..widgets.basis_badge import BasisBadge
from ..widgets.gauges import Gauges
from ..widgets.prose import Prose
from ..widgets.sources import SourceList
from ._node_header import node_header


def worth_showing(game: Game, step: Step) -> bool:
    """An outcome screen is shown when there is something to read: text, changes or history."""
    part = step.consequence
    return bool(
        (part is not None and part.text)
        or step.changes
        or step.why
        or (step.entry.how != "player")
        or compare_step(game, step) is not None
    )


def marker(comparison: Comparison) -> Text:
    """Followed or left history, with a symbol as well as a colour (NO_COLOR)."""
    verdict = comparison.verdict
    if verdict == "followed":
        return Text(" = YOU FOLLOWED HISTORY ", style="bold reverse green")
    if verdict == "left":
        return Text(" ≠ YOU LEFT HISTORY ", style="bold reverse red")
    if verdict == "none-of-these":
        return Text(" ≠ HISTORY DID NONE OF THESE ", style="bold reverse red")
    if verdict == "automatic":
        return Text(" · HISTORY'S OWN COURSE ", style="bold reverse")
    return Text(" ~ HISTORY NEVER FACED THIS ", style="bold reverse")


class OutcomeScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "next", "Continue", priority=True),
        Binding("t", "app.timeline", "Timeline"),
        Binding("m", "app.map", "Map"),
        Binding("escape", "app.title", "Title", show=False),
    ]

    def __init__(self, game: Game, step: Step, reveal: bool = True) -> None:
        """`reveal` False: a class that sees history only at the end gets a placeholder."""
        super().__init__()
        self.game = game
        self.step = step
        self.reveal = reveal
        self.comparison = compare_step(game, step)

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
                    if self.reveal:
                        yield from self.history(self.comparison)
                    else:
                        yield Static(
                            Text(
                                "What actually happened is revealed at the end of the session.",
                                style="italic",
                            )
                        )
        yield Static(Text("Press Enter to continue.", style="bold"), classes="prompt")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#yours").focus()

    def yours(self) -> ComposeResult:
        game, step = self.game, self.step
        node = game.scenario.nodes[step.node_id]
        yield Static(Text(node.title, style="bold"), classes="node-title")
        how = step.entry.how
        if self.comparison is not None and self.comparison.automatic:
            note = self.comparison.verdict_text
        else:
            words = HOW_WORDS.get(how, "")
            note = f"{words[0].upper()}{words[1:]}." if words else ""
        if note:
            yield Static(Text(note, style="italic"), classes="automatic")
        if step.choice is not None:
            votes = step.entry.votes or {}
            tally = step.entry.tally or {}
            group = how in TAKEN_FOR_PLAYERS or votes or tally
            who = "Decided: " if group else "You chose: "
            yield Static(Text(who, style="bold") + Text(step.choice.label))
            labels = {c.id: c.label for c in node.choices}  # type: ignore[attr-defined]
            if tally:
                shown = ", ".join(f"{labels.get(c, c)} {n}" for c, n in tally.items())
                yield Static(Text("Show of hands: ", style="bold") + Text(shown))
            if votes:
                lines = Text("Votes\n", style="bold")
                for voter, choice_id in votes.items():
                    lines.append(f"{voter}: ", style="bold")
                    lines.append(f"{labels.get(choice_id, choice_id)}\n")
                    reason = (step.entry.reasons or {}).get(voter)
                    if reason:
                        lines.append(f"  “{reason}”\n", style="italic")
                lines.rstrip()
                yield Static(lines, classes="votes")
        else:
            yield Static(Text("What happened next", style="bold"))
        part = step.consequence
        if step.narration:
            yield Prose(step.narration)
        if part is not None and part.basis is not None:
            yield BasisBadge(part.basis.value, part.rests_on)
        if part is not None:
            yield SourceList(s for s in (game.scenario.source(i) for i in part.sources) if s)
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

    def history(self, comparison: Comparison) -> ComposeResult:
        history = comparison.history
        assert history is not None
        yield Static(marker(comparison), classes="marker")
        title = Text("What actually happened", style="bold")
        if comparison.date:
            title.append(f" — {comparison.date}")
        yield Static(title)
        yield Static(Text("History's choice: ", style="bold") + Text(comparison.history_label))
        yield Prose(history.text)
        yield BasisBadge(history.basis, history.rests_on)
        for number, account in enumerate(history.accounts, start=1):
            yield Static(Text(f"Account {number}", style="bold"))
            yield Prose(account.text)
        yield SourceList(comparison.sources)

    def action_next(self) -> None:
        self.app.next_position()  # type: ignore[attr-defined]
