"""What screens tell the app: typed messages, handled with `@on` in the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from ..engine.classroom import Classroom
    from ..engine.loader import LoadedScenario
    from ..engine.saves import SaveFile


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


class NewGame(Message):
    """Start a game of a loaded scenario, as one role (None: every side)."""

    def __init__(self, loaded: LoadedScenario, role: str | None) -> None:
        super().__init__()
        self.loaded, self.role = loaded, role


class StartClass(Message):
    def __init__(
        self, loaded: LoadedScenario, room: Classroom, seed: int, preset: str | None
    ) -> None:
        super().__init__()
        self.loaded, self.room, self.seed, self.preset = loaded, room, seed, preset


class LoadSave(Message):
    def __init__(self, save: SaveFile) -> None:
        super().__init__()
        self.save = save


class RewindTo(Message):
    """Rewind so that the first `keep` steps remain."""

    def __init__(self, keep: int) -> None:
        super().__init__()
        self.keep = keep


class Resumed(Message):
    """The facilitator resumes a paused class."""
