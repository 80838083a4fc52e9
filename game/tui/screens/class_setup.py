"""Setting up a class session: who plays which role, the lesson's length, the seed, when to
reveal history."""

from __future__ import annotations

import random
from typing import ClassVar

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Select, Static

from ...engine.classroom import Classroom, lessons, setup_notes
from ...engine.loader import LoadedScenario
from ...engine.text import UnsafeText
from ..messages import StartClass
from ..widgets.footer import Footer
from ..widgets.form_keys import FIELD_KEYS
from ..widgets.stepping_select import STEP_KEYS, SteppingSelect, step_focused

FULL = "*full*"
PLACEHOLDER = "e.g. Ann, Ben, Chloe"


class ClassSetupScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.title", "Title"),
        Binding("ctrl+g", "start", "Start the session"),
        *FIELD_KEYS,  # fast typing keeps every name in its own field
        *STEP_KEYS,  # and every Up or Down in its menu
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
                yield Static("", id=f"note-{role.id}", classes="role-note")
                yield Input(placeholder=PLACEHOLDER, id=f"role-{role.id}")
            offered, chosen = lessons(s)
            presets = [(lesson.label, lesson.preset or FULL) for lesson in offered]
            yield Label("Length of the lesson")
            yield SteppingSelect(presets, value=chosen or FULL, allow_blank=False, id="preset")
            yield Label("When to show what actually happened")
            yield SteppingSelect(
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
        self.show_notes()
        self.query_one("#group", Input).focus()

    def preset(self) -> str | None:
        value = self.query_one("#preset", SteppingSelect).value
        return None if value == FULL or value is Select.BLANK else str(value)

    def idle(self) -> set[str]:
        return {r.id for r in self.loaded.scenario.idle_roles(self.preset())}

    def show_notes(self) -> None:
        """Each role's note for the chosen preset. Widgets are only updated, never mounted or
        recomposed, so nothing typed meanwhile is lost."""
        s = self.loaded.scenario
        notes = setup_notes(s, self.preset())
        idle = self.idle()
        for role in s.roles:
            note = self.query_one(f"#note-{role.id}", Static)
            text = notes.get(role.id, "")
            note.update(Text(text, style="italic"))
            note.display = bool(text)
            field = self.query_one(f"#role-{role.id}", Input)
            field.disabled = role.id in idle
            field.placeholder = (
                "nothing to decide in this lesson" if field.disabled else PLACEHOLDER
            )

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "preset":
            self.show_notes()

    def action_step_menu(self, by: int) -> None:
        step_focused(self.focused, by)

    def action_next_field(self) -> None:
        if not isinstance(self.focused, Input):
            raise SkipAction()  # a menu or the button takes Enter itself
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        s = self.loaded.scenario
        idle = self.idle()
        players = {}
        for role in s.roles:
            if role.id in idle:
                continue  # nothing to decide in this lesson
            names = [n.strip() for n in self.query_one(f"#role-{role.id}", Input).value.split(",")]
            if any(names):
                players[role.id] = [n for n in names if n]
        seed_text = self.query_one("#seed", Input).value.strip()
        seed = int(seed_text) if seed_text.lstrip("-").isdigit() else random.randrange(1_000_000)
        try:
            room = Classroom(
                players,
                self.query_one("#group", Input).value.strip(),
                str(self.query_one("#reveal", SteppingSelect).value),
            )
        except UnsafeText as exc:
            self.notify(str(exc), severity="error")
            return
        self.post_message(StartClass(self.loaded, room, seed, self.preset()))
