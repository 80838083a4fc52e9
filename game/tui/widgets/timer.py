"""A countdown for timed decisions. It pauses while another screen (help, save) covers it."""

from __future__ import annotations

import time

from rich.text import Text
from textual.message import Message
from textual.widgets import Static


class Countdown(Static):
    class Expired(Message):
        """Time is up: the node's timer default is taken."""

    def __init__(self, seconds: int, default_label: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.remaining = float(seconds)
        self.total = seconds
        self.default_label = default_label
        self._last = time.monotonic()
        self.running = True
        self.expired = False

    def on_mount(self) -> None:
        self._last = time.monotonic()
        self.set_interval(0.5, self._tick)
        self._show()

    def pause(self) -> None:
        self._tick()
        self.running = False

    def resume(self) -> None:
        self._last = time.monotonic()
        self.running = True

    def _tick(self) -> None:
        now = time.monotonic()
        if self.running and not self.expired:
            self.remaining = max(0.0, self.remaining - (now - self._last))
            if self.remaining <= 0:
                self.expired = True
                self.post_message(self.Expired())
        self._last = now
        self._show()

    def _show(self) -> None:
        left = int(self.remaining + 0.999)
        urgent = left <= max(5, self.total // 5)
        text = Text("⏱ ", style="bold")
        text.append(f"{left // 60}:{left % 60:02d}", style="bold red" if urgent else "bold")
        text.append(" left. When time runs out: ")
        text.append(self.default_label, style="italic")
        self.update(text)
        self.set_class(urgent, "urgent")
