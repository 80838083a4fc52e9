"""The briefing: the situation, your role (with its secret briefing), and what the gauges mean."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ...engine.game import Game
from ...engine.labels import role_sources, variable_meaning
from ..messages import Continued
from ..widgets.footer import Footer
from ..widgets.gauges import Gauges
from ..widgets.prose import Prose
from ..widgets.sources import SourceList


class BriefingScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "begin", "Begin", priority=True),
        Binding("escape", "app.title", "Title"),
    ]

    def __init__(self, game: Game, players: dict[str, list[str]] | None = None) -> None:
        """`players`: a class session's names per role (role id -> names)."""
        super().__init__()
        self.game = game
        self.players = players

    def compose(self) -> ComposeResult:
        game = self.game
        s = game.scenario
        head = Text(s.title, style="bold")
        if s.subtitle:
            head.append(f" — {s.subtitle}", style="italic")
        yield Static(head, classes="screen-title")
        with VerticalScroll(id="briefing"):
            preset = s.preset(game.preset)
            # The lesson's own length: a preset's name says it once ("… (about 20 minutes)").
            length = preset.name if preset is not None else f"about {s.minutes} minutes"
            facts = Text(f"{s.period.label or s.period.start} · {length}")
            if s.content_notes:
                facts.append("\nContent notes: ", style="bold")
                facts.append("; ".join(s.content_notes))
            yield Static(facts)
            yield Prose(s.summary)
            role = s.role(game.role) if game.role else None
            if role is not None:
                yield Static(
                    Text(f"You play: {role.name} ({role.side})", style="bold"), classes="section"
                )
                yield Prose(role.briefing)
                if role.secret:
                    yield Static(
                        Text("Secret briefing — for you only", style="bold"),
                        classes="section secret-title",
                    )
                    yield Prose(role.secret, classes="secret")
                if role.objectives:
                    yield Static(
                        Text("Objectives\n", style="bold")
                        + Text("\n".join(f"• {o}" for o in role.objectives))
                    )
                yield SourceList(role_sources(game, role), title="Sources of your briefing")
                others = [r for r in s.roles if r.id != role.id]
                if others:
                    yield Static(
                        Text(
                            "Other sides do what history did: "
                            + ", ".join(f"{r.name} ({r.side})" for r in others),
                            style="italic",
                        )
                    )
            else:
                if self.players is not None:
                    yield Static(Text("Who plays what", style="bold"), classes="section")
                else:
                    yield Static(
                        Text("You play every side in turn", style="bold"), classes="section"
                    )
                idle = {r.id for r in s.idle_roles(game.preset)}
                for r in s.roles:
                    head = Text(f"{r.name} ({r.side})", style="bold")
                    if self.players is not None:
                        names = ", ".join(self.players.get(r.id, []))
                        if r.id in idle:
                            head.append(": nothing to decide in this lesson", style="italic")
                        else:
                            head.append(f": {names}" if names else ": no names given")
                    yield Static(head)
                    yield Prose(r.briefing)
                    yield SourceList(role_sources(game, r), title=f"Sources of {r.name}'s briefing")
            gauges = game.gauges()
            if gauges:
                yield Static(Text("What is tracked", style="bold"), classes="section")
                yield Gauges(gauges, meanings=False)
                for gauge in gauges:
                    var = gauge.variable
                    meaning = variable_meaning(var)
                    line = Text(f"• {var.label}" + (": " if meaning else ""), style="bold")
                    line.append(meaning)
                    if var.reversed:
                        line.append(" (lower is worse)", style="italic")
                    for value, meaning in (var.levels or {}).items():
                        line.append(f"\n    {value}: {meaning}")
                    yield Static(line)
        yield Static(Text("Press Enter to begin.", style="bold"), classes="prompt")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#briefing").focus()

    def action_begin(self) -> None:
        self.post_message(Continued())
