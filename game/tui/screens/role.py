"""Choosing whom to play in a scenario with several roles."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...engine.model import Scenario

EVERY = "*every-side*"


class RoleScreen(ModalScreen[str | None]):
    """Dismisses with a role id, "" for every side, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.scenario = scenario

    def compose(self) -> ComposeResult:
        options = [
            Option(Text(f"{role.name} ({role.side})"), id=role.id) for role in self.scenario.roles
        ]
        options.append(Option(Text("Every side in turn"), id=EVERY))
        with Vertical(classes="dialog"):
            yield Static(Text("Whom do you play?", style="bold"))
            yield Static(Text("Sides nobody plays do what history did.", style="italic"))
            yield OptionList(*options, id="roles")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss("" if event.option.id == EVERY else event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
