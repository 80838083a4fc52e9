"""Setting up a class session: who plays which role, the lesson's length, the seed, when to
reveal history."""

from __future__ import annotations

import random
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from ...engine.classroom import Classroom
from ...engine.loader import LoadedScenario
from ...engine.model import Preset, Scenario
from ...engine.text import UnsafeText
from ..messages import StartClass
from ..widgets.footer import Footer

FULL = "*full*"


class ClassSetupScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.title", "Title"),
        Binding("ctrl+g", "start", "Start the session"),
    ]

    def __init__(self, loaded: LoadedScenario) -> None:
        super().__init__()
        self.loaded = loaded

    def compose(self) -> ComposeResult:
        s = self.loaded.scenario
        with VerticalScroll(id="class-setup"):
            yield Static(Text(f"Classroom session: {s.title}", style="bold"))
            yield Static(
                Text(
                    "Write the names of the students or teams playing each role, "
                    "separated by commas. Several students can share a role.",
                    style="italic",
                )
            )
            yield Label("Group (for the class report)")
            yield Input(placeholder="e.g. Table 3", id="group")
            for role in s.roles:
                yield Label(Text(f"{role.name} ({role.side})"))
                yield Input(placeholder="e.g. Ann, Ben, Chloe", id=f"role-{role.id}")
            presets = [(_preset_choice(s, p), p.id) for p in s.presets]
            yield Label("Length of the lesson")
            yield Select(
                [(f"Everything (about {s.minutes} min)", FULL), *presets],
                value=FULL,
                allow_blank=False,
                id="preset",
            )
            yield Label("When to show what actually happened")
            yield Select(
                [("After every decision", "now"), ("Only at the end", "end")],
                value="now",
                allow_blank=False,
                id="reveal",
            )
            yield Label("Seed (give several groups the same seed for the same chance events)")
            yield Input(str(random.randrange(1_000_000)), id="seed", type="integer")
            with Horizontal(classes="buttons"):
                yield Button("Start the session", id="start", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#group", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_start()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_start(self) -> None:
        s = self.loaded.scenario
        players = {}
        for role in s.roles:
            names = [n.strip() for n in self.query_one(f"#role-{role.id}", Input).value.split(",")]
            if any(names):
                players[role.id] = [n for n in names if n]
        seed_text = self.query_one("#seed", Input).value.strip()
        seed = int(seed_text) if seed_text.lstrip("-").isdigit() else random.randrange(1_000_000)
        preset = self.query_one("#preset", Select).value
        try:
            room = Classroom(
                players,
                self.query_one("#group", Input).value.strip(),
                str(self.query_one("#reveal", Select).value),
            )
        except UnsafeText as exc:
            self.notify(str(exc), severity="error")
            return
        self.post_message(
            StartClass(self.loaded, room, seed, None if preset == FULL else str(preset))
        )


def _preset_choice(scenario: Scenario, preset: Preset) -> str:
    """A preset as the setup offers it, saying which roles it leaves with nothing to decide."""
    idle = [role.name for role in scenario.idle_roles(preset.id)]
    return preset.name + (f" — {', '.join(idle)}: nothing to decide" if idle else "")
