"""Asking for a name for a manual save (ctrl+s); asking again before replacing a save."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...engine.saves import SaveError, named_path
from ...engine.text import printable


class SaveNameScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, suggestion: str, folder: Path | None = None) -> None:
        super().__init__()
        self.suggestion = suggestion
        self.folder = folder
        self.confirmed: Path | None = None  # the file the player agreed to replace

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Save the game as", style="bold"))
            yield Input(value=self.suggestion, placeholder="a name", id="save-name")
            yield Static(Text(""), id="save-warning")
            yield Static(Text("Enter to save · Esc to cancel", style="dim"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        if not name:
            return
        target = self._target(name)
        if target is not None and target.exists() and target != self.confirmed:
            self.confirmed = target
            self.query_one("#save-warning", Static).update(
                Text(
                    f"A save called “{printable(target.stem)}” already exists. Press Enter again "
                    "to replace it, or change the name.",
                    style="bold yellow",
                )
            )
            return
        self.dismiss(name)

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.confirmed is not None and self._target(event.value.strip()) != self.confirmed:
            self.confirmed = None
            self.query_one("#save-warning", Static).update(Text(""))

    def _target(self, name: str) -> Path | None:
        if self.folder is None or not name:
            return None
        try:
            return named_path(self.folder, name)
        except SaveError:
            return None

    def action_cancel(self) -> None:
        self.dismiss(None)
