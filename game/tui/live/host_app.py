"""`crisis host`: the facilitator's console of a live session (the crisis room)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from ...engine.classroom import Classroom
from ...engine.flow import Briefing, EventToContinue, FlowError, OutcomeToShow, Pending, Tie
from ...engine.model import DecisionNode
from ...engine.saves import Recorder
from ...live.flow import DROPPED_AFTER, live_flow, seated
from ...live.session import LiveGame
from ...live.store import Conflict, LiveError
from ..start_up_aside import SetsStartUpAside
from .host import HostScreen
from .wake import Wake

# The room hears of votes and joins from the session's bell (`live/bell.py`). This slower look
# is the safety net for a lost wake-up, and how a seat that stopped sending heartbeats (which
# ring no bell) comes to be shown as dropped.
SAFETY_SECONDS = 1.0
CLOCK_SECONDS = 0.5  # the clock line (no database read)


class HostApp(SetsStartUpAside, App[int]):
    CSS_PATH = Path(__file__).resolve().parent.parent / "crisis.tcss"
    TITLE = "Crisis — the crisis room"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, saves: Path, live: LiveGame) -> None:
        super().__init__()
        self.saves, self.live = saves, live
        self.flow = live_flow(live)
        if self.flow.started:  # resumed: the lesson is under way
            self.flow.begin()
        # The session is also saved as an ordinary save, so `crisis debrief` and `crisis report`
        # work on it like on any other game.
        self.recorder = Recorder(saves, game_id=f"live-{live.code.lower()}")
        self._shown: tuple[object, ...] | None = None
        self._saved: tuple[object, ...] | None = None
        self._told: set[str] = set()  # notices already shown: never the same one twice
        self._wake: Wake | None = None

    def pending(self) -> Pending:
        # The room is no seat: it sees the decision pending and who has voted.
        return self.flow.pending(viewer=("", ""))

    def on_mount(self) -> None:
        self.push_screen(HostScreen(self.flow, self.pending(), self.live))
        self._wake = Wake(self, self.live.store.path.parent, self.live.code, self.tick)
        self.set_interval(SAFETY_SECONDS, self.tick)
        self.set_interval(CLOCK_SECONDS, self.clock)
        self.call_after_refresh(self.tick)

    def on_unmount(self) -> None:
        if self._wake is not None:
            self._wake.close()

    def room(self) -> HostScreen | None:
        """The room's screen, also while a prompt (news, override, seat codes) is open on it."""
        return next((s for s in self.screen_stack if isinstance(s, HostScreen)), None)

    def clock(self) -> None:
        room = self.room()
        if room is not None and room.is_mounted:
            room.tick()

    def tell(self, text: str, **options: object) -> None:
        if text not in self._told:
            self._told.add(text)
            self.notify(text, markup=False, **options)  # type: ignore[arg-type]

    def tick(self) -> None:
        try:
            self._tick()
        except LiveError as exc:  # the database is locked, damaged or gone
            self.tell(str(exc), severity="error", timeout=120)

    def _tick(self) -> None:
        """Catch up with the seats (the flow counts complete votes and takes timeouts), and
        update what changed on the room's screen, under any prompt open on it."""
        live = self.live
        try:
            pending = self.pending()
        except LiveError as exc:
            self.tell(str(exc), severity="error")
            return
        if isinstance(pending, Tie):
            self.tell("A tie: press o to decide.", timeout=10)
        seats = tuple((s.token, s.online(DROPPED_AFTER)) for s in live.store.seats(live.code))
        votes = len(self.flow.ballots.cast_so_far(self.flow.position))
        step = pending.step.index if isinstance(pending, OutcomeToShow) else None
        shown = (type(pending).__name__, step, len(live.game.log), votes, seats)
        room = self.room()
        if shown == self._shown or room is None or not room.is_mounted:
            return
        self._shown = shown
        saved = (len(live.game.log), tuple(token for token, _ in seats))
        if saved != self._saved:  # votes are kept in the database, not in the save
            self._saved = saved
            self.save()
        room.show(pending)

    def save(self) -> None:
        self.recorder.extra = Classroom(
            seated(self.live), f"live {self.live.code}", self.flow.reveal.value
        ).to_extra()
        try:
            self.recorder.autosave(self.live.game)
        except OSError as exc:  # a full disk or read-only folder must not stop the lesson
            self.tell(
                f"Cannot write the autosave in {self.saves} ({exc.strerror or exc}). The "
                "session goes on in the database; free some space (or fix the folder) to "
                "keep a save for the debrief.",
                severity="error",
                timeout=120,
            )

    def action_host(self, what: str) -> None:
        from ..screens.facilitator import PickScreen, TextPromptScreen

        flow, live = self.flow, self.live
        node = live.game.node
        pending = self.pending()
        try:
            if what == "continue":
                if isinstance(pending, (Briefing, OutcomeToShow, EventToContinue)):
                    flow.proceed()
            elif what == "count" and isinstance(node, DecisionNode):
                flow.count_now()
            elif what == "pause":
                flow.resume() if flow.paused else flow.pause()
            elif what == "reveal":
                flow.set_reveal("end" if flow.reveal == "now" else "now")
            elif what == "end":
                flow.end()
                live.store.set_status(live.code, "ended")
            elif what == "skip" and isinstance(node, DecisionNode):
                flow.skip()
            elif what == "news":
                self.push_screen(TextPromptScreen("A news update for every seat", "…"), self._news)
            elif what == "override" and isinstance(node, DecisionNode):
                tied = pending.choices if isinstance(pending, Tie) else node.choices
                items = [(c.id, c.label) for c in tied]
                title = (
                    "A tie: the facilitator decides"
                    if isinstance(pending, Tie)
                    else ("Override: what happens here")
                )
                self.push_screen(
                    PickScreen(title, items, "Logged, and shown in the debrief."), self._override
                )
            elif what == "debrief":
                from ...reports.debrief import write_debrief

                paths = write_debrief(
                    live.game, self.saves, f"live-{live.code.lower()}", self.recorder.extra
                )
                self.notify(
                    "Debrief: " + ", ".join(str(p) for p in paths), timeout=10, markup=False
                )
        except Conflict as exc:
            self.notify(str(exc), severity="warning", markup=False)
        except (FlowError, LiveError) as exc:
            self.notify(str(exc), severity="error", markup=False)
        self.redraw()

    def redraw(self) -> None:
        """After the room's own move: shown at once (its own ring would come a moment later)."""
        self._shown = None
        self.tick()

    def _news(self, text: str | None) -> None:
        if text:
            self.flow.news(text)
            self.redraw()

    def _override(self, choice_id: str | None) -> None:
        if choice_id:
            try:
                self.flow.override(choice_id)
            except Conflict as exc:
                self.notify(str(exc), severity="warning", markup=False)
            self.redraw()
