"""What screens tell the app: typed messages, handled with `@on` in the app."""

from __future__ import annotations

from textual.message import Message


class Chose(Message):
    """A choice on a decision screen; `timeout` when its clock ran out."""

    def __init__(self, choice_id: str, timeout: bool = False, reason: str | None = None) -> None:
        super().__init__()
        self.choice_id, self.timeout, self.reason = choice_id, timeout, reason


class Continued(Message):
    """Go on: past the briefing, an event, or an outcome that was read."""


class SeatReady(Message):
    """The player named on the hand-off screen is at the keyboard."""


class ReasonGiven(Message):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
