"""Joining a live session: the code, your role, your name. A wrong code is refused here."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from ...live import codes
from ...live.store import LiveError, LiveStore, WrongCode, normalise
from ..widgets.footer import Footer
from ..widgets.form_keys import FIELD_KEYS
from ..widgets.stepping_select import STEP_KEYS, SteppingSelect, step_focused


class SeatWanted(Message):
    def __init__(self, code: str, role: str, name: str) -> None:
        super().__init__()
        self.code, self.role, self.name = code, role, name


class JoinScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "app.quit", "Quit"),
        *FIELD_KEYS,
        *STEP_KEYS,
    ]

    def __init__(
        self,
        store: LiveStore,
        code: str = "",
        role: str = "",
        name: str = "",
        at_once: bool = False,
    ) -> None:
        """`at_once`: the code came from a join link, so a seat code that names its seat
        takes that seat without a key pressed."""
        super().__init__()
        self.store, self.code, self.role, self.person = store, code, role, name
        self.at_once = at_once
        self._roles_of: str | None = None  # the code whose session's roles the menu lists

    def compose(self) -> ComposeResult:
        # Not focusable itself: a click beside the fields leaves the focus where it was.
        with VerticalScroll(id="join", can_focus=False):
            yield Static(Text("Join a live crisis", style="bold"))
            yield Label("Join code (from the teacher's screen)")
            yield Input(self.code, placeholder="e.g. KXR7-2MPQ-W9TD", id="code", max_length=24)
            yield Label("Your role")
            yield SteppingSelect([], prompt="Type the code first", id="role")
            yield Label("Your name")
            yield Input(self.person, placeholder="e.g. Ann", id="name", max_length=40)
            yield Static("", id="join-error")
            yield Button("Join", id="join-button", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        if not (self.code and self.check_code(self.code)):
            self.query_one("#code", Input).focus()
            return
        # The code is known: start where there is something left to give.
        role = self.query_one("#role", SteppingSelect)
        name = self.query_one("#name", Input)
        if not isinstance(role.value, str):
            role.focus()
        elif not name.value.strip():
            name.focus()
        elif self.at_once:
            self.join()
        else:
            self.query_one("#join-button", Button).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "code" and codes.complete(event.value):
            self.check_code(event.value)

    def check_code(self, code: str) -> bool:
        """Fill the roles when the code names a live session; say so when it does not."""
        error = self.query_one("#join-error", Static)
        try:
            access = self.store.lookup(code)
        except WrongCode:
            error.update(
                Text(
                    "No live session has that code. Check it on the teacher's screen.",
                    style="bold red",
                )
            )
            return False
        except LiveError as exc:  # too many tries, an idle session, database trouble
            error.update(Text(str(exc), style="bold red"))
            return False
        session = access.session
        if session.status == "ended":
            error.update(Text("That session has ended.", style="bold red"))
            return False
        if code == self._roles_of:
            # Looked up again (the link's code arriving in its field, or on joining): the
            # session is still there, and its roles are listed already, as they were chosen.
            return True
        from ...engine.loader import load_bytes

        scenario = load_bytes(session.scenario_text, session.scenario_path).scenario
        roles = self.query_one("#role", SteppingSelect)
        # A seat code opens its own role only.
        mine = [r for r in scenario.roles if access.role in (None, r.id)]
        chosen = roles.value
        roles.set_options([(f"{r.name} ({r.side})", r.id) for r in mine])
        roles.prompt = "Choose your role"  # no longer "Type the code first"
        if access.role or (self.role and scenario.role(self.role)):
            roles.value = access.role or self.role
        elif any(r.id == chosen for r in mine):  # its code written another way: keep the choice
            roles.value = chosen
        if access.name:
            self.query_one("#name", Input).value = access.name
        error.update(Text(f"{scenario.title}: choose your role.", style="green"))
        self._roles_of = code
        return True

    def action_next_field(self) -> None:
        """Enter: the next field, or on the name, take the seat."""
        if not isinstance(self.focused, Input):
            raise SkipAction()  # the role menu and the button take Enter themselves
        if self.focused.id == "name":
            # Letters typed just before this Enter may still be on their way to the name: join
            # once the fields have taken them.
            self.call_after_refresh(self.join)
        else:
            self.focus_next()

    def action_step_menu(self, by: int) -> None:
        step_focused(self.focused, by)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.join()

    def join(self) -> None:
        if not self.is_attached:
            return  # (an Enter's join, run after the screen had gone)
        code = self.query_one("#code", Input).value
        role = self.query_one("#role", SteppingSelect).value
        name = self.query_one("#name", Input).value.strip()
        error = self.query_one("#join-error", Static)
        if not self.check_code(code):
            return
        if not isinstance(role, str) or not name:
            error.update(Text("Choose your role and write your name.", style="bold red"))
            return
        self.post_message(SeatWanted(normalise(code), role, name))
