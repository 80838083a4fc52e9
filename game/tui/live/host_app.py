"""`crisis host`: the facilitator's console of a live session."""

from __future__ import annotations

import time
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from ...engine.classroom import Classroom
from ...engine.model import DecisionNode, DecisionRule
from ...engine.saves import Recorder
from ...live.session import LiveGame
from ...live.store import Conflict, LiveError
from .host import HostScreen

POLL_SECONDS = 0.25


class HostApp(App[int]):
    CSS_PATH = Path(__file__).resolve().parent.parent / "crisis.tcss"
    TITLE = "Crisis — the crisis room"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, saves: Path, live: LiveGame) -> None:
        super().__init__()
        self.saves, self.live = saves, live
        # The session is also saved as an ordinary save, so `crisis debrief` and `crisis report`
        # work on it like on any other game.
        self.recorder = Recorder(saves, game_id=f"live-{live.code.lower()}")
        self._version = -1
        self._shown: tuple | None = None
        self._trouble = ""

    def on_mount(self) -> None:
        self.push_screen(self.screen_now())
        self.set_interval(POLL_SECONDS, self.tick)

    def clock(self) -> str:
        deadline = self.live.deadline() if isinstance(self.live.game.node, DecisionNode) else None
        if deadline is None:
            return ""
        left = max(0, int(deadline - time.time()))
        return f"{left // 60}:{left % 60:02d}"

    def screen_now(self) -> HostScreen:
        return HostScreen(self.live, self.clock())

    def tick(self) -> None:
        try:
            self._tick()
        except LiveError as exc:  # the database is locked, damaged or gone
            self._warn(str(exc))

    def _warn(self, message: str) -> None:
        """Say it once, not at every tick."""
        if message != self._trouble:
            self._trouble = message
            self.notify(message, severity="error", timeout=120, markup=False)

    def _tick(self) -> None:
        """Catch up with the seats, keep the clock, count complete votes, redraw."""
        live = self.live
        changed = self.live.store.data_version() != self._version
        self._version = live.store.data_version()
        if changed:
            live.sync()
        if live.session.status == "open":
            if live.time_out_if_due():
                self.notify("Time ran out: the default was taken.")
            node = live.game.node
            if (
                isinstance(node, DecisionNode)
                and node.rule is not DecisionRule.single
                and node.rule is not DecisionRule.leader
                and live.ballots()
                and not live.missing_voters()
            ):
                self.count_votes()
        shown = (
            live.seq,
            live.session.status,
            live.session.reveal,
            len(live.ballots()),
            len(live.store.seats(live.code)),
        )
        if shown != self._shown:
            self._shown = shown
            self.save()
            self.switch_screen(self.screen_now())
        elif isinstance(self.screen, HostScreen) and self.screen.clock != self.clock():
            self.screen.set_clock(self.clock())

    def save(self) -> None:
        players: dict[str, list[str]] = {}
        for seat in self.live.store.seats(self.live.code):
            players.setdefault(seat.role, []).append(seat.name)
        self.recorder.extra = Classroom(
            players, f"live {self.live.code}", self.live.session.reveal
        ).to_extra()
        try:
            self.recorder.autosave(self.live.game)
        except OSError as exc:  # a full disk or read-only folder must not stop the lesson
            self._warn(
                f"Cannot write the autosave in {self.saves} ({exc.strerror or exc}). The "
                "session goes on in the database; free some space (or fix the folder) to "
                "keep a save for the debrief."
            )

    def count_votes(self) -> None:
        try:
            result = self.live.resolve_votes()
        except Conflict:
            return
        except (ValueError, LiveError) as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        if result.choice is None:
            self.notify(f"Tied: {result.describe()}. Press o to decide.", timeout=10, markup=False)

    def action_host(self, what: str) -> None:
        from ..screens.facilitator import PickScreen, TextPromptScreen

        live, store = self.live, self.live.store
        node = live.game.node
        try:
            if what == "continue" and not isinstance(node, DecisionNode) and not live.game.finished:
                live.advance()
            elif what == "count" and isinstance(node, DecisionNode) and live.ballots():
                self.count_votes()
            elif what == "pause":
                store.set_status(live.code, "open" if live.session.status == "paused" else "paused")
            elif what == "reveal":
                store.set_reveal(live.code, "end" if live.session.reveal == "now" else "now")
            elif what == "end":
                store.set_status(live.code, "ended")
            elif what == "skip" and isinstance(node, DecisionNode):
                live.decide(live.game.historical_choice().id, how="facilitator")
            elif what == "news":
                self.push_screen(TextPromptScreen("A news update for every seat", "…"), self._news)
            elif what == "override" and isinstance(node, DecisionNode):
                items = [(c.id, c.label) for c in node.choices]
                self.push_screen(
                    PickScreen(
                        "Override: what happens here", items, "Logged, and shown in the debrief."
                    ),
                    self._override,
                )
            elif what == "debrief":
                from ...reports.debrief import write_debrief

                paths = write_debrief(
                    live.game, self.saves, f"live-{live.code.lower()}", self.recorder.extra
                )
                self.notify(
                    "Debrief: " + ", ".join(str(p) for p in paths), timeout=10, markup=False
                )
        except Conflict:
            self.notify("A seat moved first; look again.", severity="warning")
        except LiveError as exc:
            self.notify(str(exc), severity="error", markup=False)
        self._version = -1

    def _news(self, text: str | None) -> None:
        if text:
            from ...engine.game import Entry, now

            self.live.send(Entry("inject", text=text, at=now()))

    def _override(self, choice_id: str | None) -> None:
        if choice_id:
            try:
                self.live.decide(choice_id, how="override")
            except Conflict:
                self.notify("A seat moved first; look again.", severity="warning")
