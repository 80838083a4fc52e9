"""`crisis join`: one seat in a live session, in a terminal or (through `crisis serve`) a browser."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import App
from textual.binding import Binding, BindingType

from ...live.codes import display
from ...live.store import Conflict, LiveError, LiveStore, database
from ..messages import Chose, Continued
from ..start_up_aside import SetsStartUpAside
from .join import JoinScreen, SeatWanted
from .wake import Wake

if TYPE_CHECKING:
    from collections.abc import Callable

    from ...engine.flow import Flow, Pending
    from ...live.session import LiveGame

# The join form needs none of the engine; the seat needs all of it. It is imported on a thread
# while the student types the code, so the form comes up sooner and the seat does not wait.
SEAT_MODULES = ("game.live.session", "game.live.flow", "game.tui.live.seat")


def warm_up() -> None:
    import importlib
    import os

    # At the lowest priority: when a class opens its pages at once, every other seat's join
    # form comes first (Linux sets a thread's own priority this way; elsewhere it is skipped).
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    for name in SEAT_MODULES:
        importlib.import_module(name)

# A seat hears of news from the session's bell (`live/bell.py`): whoever commits a change wakes
# every seat, which then looks (one `PRAGMA data_version`, then one row if another process
# wrote). This slower look is only the safety net, for a wake-up that was lost or a platform
# without a bell.
SAFETY_SECONDS = 1.0
# While a clock runs, how often the flow is asked whether it has run out (no database read
# otherwise).
CLOCK_SECONDS = 0.25
HEARTBEAT_SECONDS = 1.0


def signature(live: LiveGame, pending: Pending) -> tuple[object, ...]:
    """What the screen shows; a change redraws it (the clock ticks on its own)."""
    from ...engine.flow import OutcomeToShow, Waiting

    step = pending.step.index if isinstance(pending, OutcomeToShow) else None
    mine = pending.mine if isinstance(pending, Waiting) else None
    return (type(pending).__name__, step, len(live.game.log), mine, live.session.status)


class SeatApp(SetsStartUpAside, App[int]):
    CSS_PATH = Path(__file__).resolve().parent.parent / "crisis.tcss"
    TITLE = "Crisis — live"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(
        self, saves: Path, code: str = "", role: str = "", name: str = "", from_link: bool = False
    ) -> None:
        super().__init__()
        self.saves = saves
        self.wanted = (code, role, name)
        self.from_link = from_link
        self.live: LiveGame | None = None
        self.flow: Flow | None = None
        self.seat_role = role
        self.seat_name = name
        self.token: str | None = None
        self._version = -1
        self._mark: tuple[object, ...] = ()
        self._shown: tuple[object, ...] | None = None
        self._trouble = ""
        self._owed = False  # a redraw asked for while the seat screen was still being built
        self._wake: Wake | None = None
        self._start_blur_passed = False

    def on_mount(self) -> None:
        # After the first frame: the form is drawn before the engine is imported.
        self.call_after_refresh(
            lambda: threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
        )
        code, role, name = self.wanted
        if code and role and name:
            try:
                if self.take_seat(code, role, name):
                    return
            except LiveError as exc:  # e.g. the name is taken: say why the form is shown
                self.notify(str(exc), severity="error", timeout=20, markup=False)
        store = LiveStore(database(self.saves))
        self.push_screen(JoinScreen(store, code, role, name, at_once=self.from_link))

    @on(SeatWanted)
    def _seat_wanted(self, message: SeatWanted) -> None:
        try:
            self.take_seat(message.code, message.role, message.name)
        except LiveError as exc:
            self.notify(str(exc), severity="error", markup=False)

    def take_seat(self, code: str, role: str, name: str) -> bool:
        """Join, or rejoin the same role under the same name where you left off. False (with
        a notice) when the role does not exist, so the join form stays up."""
        from ...live.flow import live_flow
        from ...live.session import LiveGame

        live = LiveGame.open(self.saves, code)
        if live.game.scenario.role(role) is None:
            roles = ", ".join(r.id for r in live.game.scenario.roles)
            self.notify(f"There is no role '{role}' here; roles: {roles}", severity="error")
            return False
        store = live.store  # one connection per process
        earlier = store.find_seat(code, role, name)
        self.token = earlier.token if earlier else store.join(code, role, name)
        if not earlier:
            self.notify(
                f"Your seat code is {display(self.token)}: note it, and type it to rejoin "
                "if you are disconnected.",
                timeout=12,  # long enough to note; a toast must not sit over the choices
                markup=False,
            )
        self.live, self.seat_role, self.seat_name = live, role, name
        self.flow = live_flow(live, self.token)
        self._wake = Wake(self, live.store.path.parent, live.code, self.poll)
        self.set_interval(SAFETY_SECONDS, self.poll)
        self.set_interval(CLOCK_SECONDS, self.clock)
        self.set_interval(HEARTBEAT_SECONDS, self.heartbeat)
        self.redraw(force=True)
        if earlier:
            self.notify(f"Welcome back, {name}.", markup=False)
        return True

    def on_app_blur(self, event: events.AppBlur) -> None:
        # In a browser, the driver reports the page blurred as the seat starts, before the
        # page has said anything; from then on the page reports its own focus and blur. Taken,
        # that first report restyles every widget, and the page's focus restyles them again:
        # a few percent of each seat's CPU while a class joins at once.
        if self.is_web and not self._start_blur_passed:
            self._start_blur_passed = True
            event.prevent_default()

    @property
    def viewer(self) -> tuple[str, str]:
        return (self.seat_role, self.seat_name)

    def on_unmount(self) -> None:
        if self._wake is not None:
            self._wake.close()

    def heartbeat(self) -> None:
        if self.live is not None and self.token is not None:
            self.live.store.heartbeat(self.live.code, self.token)

    def poll(self) -> None:
        """Catch up (the bell rang, or the safety check): a cheap check first (SQLite's
        data_version), then redraw if what a seat shows changed."""
        self._guard(self._poll)

    def clock(self) -> None:
        """While a clock runs, the flow takes a timeout when it has run out."""
        if self.live is not None and self._clock_due():
            self._guard(self.redraw)

    def _guard(self, look: Callable[[], None]) -> None:
        if self.live is None:
            return
        try:
            look()
        except LiveError as exc:  # the database is locked, damaged or gone: say so once
            if str(exc) != self._trouble:
                self._trouble = str(exc)
                self.notify(str(exc), severity="error", timeout=120, markup=False)

    def _poll(self) -> None:
        assert self.live is not None
        store = self.live.store
        if self._owed:
            self.redraw(force=True)
            return
        version = store.data_version()
        if version != self._version:
            self._version = version
            mark = store.change_mark(self.live.code)
            if mark != self._mark:  # not only a heartbeat: something a seat shows changed
                self._mark = mark
                self.redraw()

    def _clock_due(self) -> bool:
        from ...engine.flow import Turn, Waiting
        from .seat import SeatScreen

        screen = self.screen
        if not isinstance(screen, SeatScreen):
            return False
        pending = screen.pending
        return isinstance(pending, (Turn, Waiting)) and pending.seconds_left is not None

    def redraw(self, force: bool = False) -> None:
        from ...engine.flow import Turn
        from .seat import SeatScreen

        live, flow = self.live, self.flow
        assert live is not None and flow is not None
        if isinstance(self.screen, SeatScreen) and not self.screen.is_mounted:
            self._owed = True  # still being built: look again once it is drawn
            self.call_after_refresh(self.poll)
            return
        self._owed = False
        pending = flow.pending(self.viewer)
        shown = signature(live, pending)
        if shown == self._shown and not force:
            if isinstance(self.screen, SeatScreen):
                self.screen.refresh_status(pending)  # only votes came in: keep what is typed
            return
        self._shown = shown
        if isinstance(pending, Turn):
            flow.open_turn()  # the time spent on the decision counts from here
        if isinstance(self.screen, SeatScreen):
            self.screen.show(pending)  # only the widgets that changed
            return
        screen = SeatScreen(flow, pending, self.seat_role, self.seat_name, live.code)
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    @on(Continued)
    def _continued(self) -> None:
        from ...engine.flow import FlowError

        if self.flow is not None:
            with contextlib.suppress(FlowError):
                self.flow.proceed()
            self.redraw(force=True)

    @on(Chose)
    def _chose(self, message: Chose) -> None:
        self.seat_choose(message.choice_id, message.reason or "")

    def seat_choose(self, choice_id: str, reason: str) -> None:
        from ...engine.flow import FlowError
        from ...engine.game import GameError

        flow = self.flow
        assert flow is not None
        try:
            flow.choose(choice_id, reason, voter=self.viewer)
        except Conflict as exc:
            self.notify(str(exc), severity="warning", markup=False)
        except (FlowError, GameError, LiveError) as exc:
            self.notify(str(exc), severity="error", markup=False)
        self.redraw(force=True)
