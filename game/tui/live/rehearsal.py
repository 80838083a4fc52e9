"""A dress rehearsal of a browser seat, played once by the seat zygote before it forks any.

A forked seat starts its Textual app from nothing: it parses the stylesheet (the game's and
each widget's own) and fills Textual's and Rich's caches (selectors, styles, segments) as its
screens are first drawn, and all of that comes out the same for every seat. So the zygote
plays one seat through, headless, in a throwaway session: the join link's form, a role stepped
to, a name typed, the seat's first screen. Every seat forked afterwards starts with those
caches filled, in pages it shares with the zygote. With 30 seats joining at once (`python -m
benchmarks.bench_serve`) this took about a fifth off each seat's CPU.

The parsed stylesheet is lent to a seat only when the seat's theme variables are the ones it
was parsed with; otherwise the seat parses its own, as it always could.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.pilot import Pilot

THREAD_SECONDS = 5.0  # for the rehearsal's threads to end: a fork copies only the caller's
PILOT_STEPS = 200  # pauses of PILOT_PAUSE at most for the seat's screen to come up
PILOT_PAUSE = 0.02
REHEARSAL_NAME = "Rehearsal"


class RehearsalError(RuntimeError):
    """The rehearsal left something behind that a fork must not copy."""


@dataclass(frozen=True)
class Rehearsed:
    stylesheet: Stylesheet
    variables: dict[str, str]
    reached_seat: bool

    def lend(self, app: App) -> bool:
        """Before `app` runs: give it the parsed stylesheet if its theme matches."""
        if app.get_css_variables() != self.variables:
            return False
        app.stylesheet = self.stylesheet
        return True


def rehearse() -> Rehearsed:
    """Play one seat headless in a throwaway session. Leaves no thread, file or database
    connection behind."""
    from ...engine.catalog import bundled_dir
    from ...engine.loader import load_file
    from ...live.session import LiveGame

    running = set(threading.enumerate())
    with tempfile.TemporaryDirectory(prefix="crisis-rehearsal-") as folder:
        saves = Path(folder)
        loaded = load_file(bundled_dir() / "b59.yaml")
        code = LiveGame.host(saves, loaded, Path(loaded.path).read_bytes(), seed=1).code
        rehearsed = _play(saves, code)
    _end_threads(running)
    return rehearsed


def _play(saves: Path, code: str) -> Rehearsed:
    from .seat import SeatScreen
    from .seat_app import SeatApp

    app = SeatApp(saves, code, from_link=True)
    stores = []
    reached = False

    async def play(pilot: Pilot) -> None:
        nonlocal reached
        await pilot.pause()
        stores.append(getattr(app.screen, "store", None))  # the join form's
        await pilot.press("down", "tab", *REHEARSAL_NAME, "enter")
        for _ in range(PILOT_STEPS):
            await pilot.pause(PILOT_PAUSE)
            if isinstance(app.screen, SeatScreen) and app.screen.is_mounted:
                reached = True
                break
        await pilot.pause()
        app.exit()

    try:
        with contextlib.redirect_stdout(sys.stderr):  # the zygote's stdout is the server's
            app.run(headless=True, size=(80, 24), auto_pilot=play)
    finally:
        if app.live is not None:
            stores.append(app.live.store)
        for store in stores:
            if store is not None:
                store.close()
    return Rehearsed(app.stylesheet, app.get_css_variables(), reached)


def _end_threads(running: set[threading.Thread]) -> None:
    """Wait for the threads the rehearsal started (the seat's warm-up) to end."""
    started = [t for t in threading.enumerate() if t not in running]
    for thread in started:
        thread.join(THREAD_SECONDS)
    left = [t.name for t in started if t.is_alive()]
    if left:
        raise RehearsalError(f"threads still running after the rehearsal: {left}")
