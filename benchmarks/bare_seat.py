"""The browser baseline's app: a Textual app with the join form's heading and one input; Enter
shows a second screen with the seat's status line. `python -m benchmarks.bare_seat`"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Static


class Seated(Screen):
    def compose(self) -> ComposeResult:
        yield Static(" Pupil  Role  ·  code BARE")


class BareSeat(App):
    def compose(self) -> ComposeResult:
        yield Static("Join a live crisis")
        yield Input(placeholder="Your name", id="name")

    def on_input_submitted(self) -> None:
        self.push_screen(Seated())


if __name__ == "__main__":
    BareSeat().run()
