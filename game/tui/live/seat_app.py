"""`crisis join`: one seat in a live session, in a terminal or (through `crisis serve`) a browser."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from ...engine.game import GameError
from ...engine.model import DecisionNode, DecisionRule
from ...live.codes import display
from ...live.session import LiveGame
from ...live.store import Conflict, LiveError, LiveStore, database
from .join import JoinScreen
from .seat import SeatScreen

POLL_SECONDS = 0.25


class SeatApp(App[int]):
    CSS_PATH = Path(__file__).resolve().parent.parent / "crisis.tcss"
    TITLE = "Crisis — live"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, saves: Path, code: str = "", role: str = "", name: str = "") -> None:
        super().__init__()
        self.saves = saves
        self.store = LiveStore(database(saves))
        self.wanted = (code, role, name)
        self.live: LiveGame | None = None
        self.seat_role = role
        self.seat_name = name
        self.token: str | None = None
        self._version = -1
        self._shown: tuple | None = None
        self._trouble = ""

    def on_mount(self) -> None:
        code, role, name = self.wanted
        if code and role and name:
            try:
                if self.take_seat(code, role, name):
                    return
            except LiveError as exc:  # e.g. the name is taken: say why the form is shown
                self.notify(str(exc), severity="error", timeout=20, markup=False)
        self.push_screen(JoinScreen(self.store, code, role, name))

    def take_seat(self, code: str, role: str, name: str) -> bool:
        """Join, or rejoin the same role under the same name where you left off. False (with
        a notice) when the role does not exist, so the join form stays up."""
        live = LiveGame.open(self.saves, code)
        if live.game.scenario.role(role) is None:
            roles = ", ".join(r.id for r in live.game.scenario.roles)
            self.notify(f"There is no role '{role}' here; roles: {roles}", severity="error")
            return False
        earlier = self.store.find_seat(code, role, name)
        self.token = earlier.token if earlier else self.store.join(code, role, name)
        if not earlier:
            self.notify(
                f"Your seat code is {display(self.token)}: note it, and type it to rejoin "
                "if you are disconnected.",
                timeout=60,
                markup=False,
            )
        self.live, self.seat_role, self.seat_name = live, role, name
        self.set_interval(POLL_SECONDS, self.poll)
        self.set_interval(3.0, self.heartbeat)
        self.redraw(force=True)
        if earlier:
            self.notify(f"Welcome back, {name}.", markup=False)
        return True

    def heartbeat(self) -> None:
        if self.live is not None and self.token is not None:
            self.store.heartbeat(self.live.code, self.token)

    def poll(self) -> None:
        """Cheap check first (SQLite's data_version), then catch up and redraw if needed."""
        if self.live is None:
            return
        try:
            self._poll()
        except LiveError as exc:  # the database is locked, damaged or gone: say so once
            if str(exc) != self._trouble:
                self._trouble = str(exc)
                self.notify(str(exc), severity="error", timeout=120, markup=False)

    def _poll(self) -> None:
        assert self.live is not None
        version = self.store.data_version()
        if version == self._version:
            return
        self._version = version
        self.live.sync()
        self.redraw()

    def redraw(self, force: bool = False) -> None:
        live = self.live
        assert live is not None
        shown = (live.seq, live.session.status, live.session.reveal)
        if shown == self._shown and not force:
            if isinstance(self.screen, SeatScreen):
                self.screen.refresh_status()  # only votes came in: keep what is being typed
            return
        self._shown = shown
        screen = SeatScreen(live, self.seat_role, self.seat_name)
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def seat_choose(self, choice_id: str, reason: str) -> None:
        live = self.live
        assert live is not None
        node = live.game.node
        try:
            rule = node.rule if isinstance(node, DecisionNode) else None
            if rule is DecisionRule.single:
                live.decide(choice_id, seat=self.token, by=self.seat_role, reason=reason or None)
            elif rule is DecisionRule.leader and self.seat_role == node.leader:  # type: ignore[attr-defined]
                if reason:
                    live.vote(self.seat_name, self.seat_role, choice_id, reason)
                live.resolve_votes(leader_vote=choice_id)
            else:
                live.vote(self.seat_name, self.seat_role, choice_id, reason or None)
        except Conflict:
            self.notify("Someone else decided first; here is what happened.", severity="warning")
        except (GameError, LiveError) as exc:
            self.notify(str(exc), severity="error", markup=False)
        self.redraw(force=True)
