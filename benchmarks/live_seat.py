"""A headless seat for the live benchmark: `python -m benchmarks.live_seat SAVES CODE ROLE NAME
OUT`, or `python -m benchmarks.live_seat --bare SAVES CODE OUT` (or `--bare-poll`) for the
baselines.

The real seat app (past its briefing), or with --bare the least a Textual seat can do: a Static showing the log's
length, updated when the session's bell rings (`game/live/bell.py`) and SQLite's data_version
says another process wrote. With --bare-poll it looks at data_version every 50 ms instead, as
seats did before the bell. Each writes one line to OUT for the first frame it draws at each new
log length: `<log length> <wall clock>`, and exits when the session ends."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class FrameMarks:
    """Mixed into an app: after each frame, note the log length it shows if it is new."""

    out: Path
    last = -1

    def log_length(self) -> int:
        raise NotImplementedError

    def _display(self, screen: Screen, renderable: Any) -> None:
        super()._display(screen, renderable)  # type: ignore[misc]
        if renderable is None:
            return
        seq = self.log_length()
        if seq != self.last:
            self.last = seq
            with self.out.open("a") as handle:
                handle.write(f"{seq} {time.time():.6f}\n")


def real(out: Path, saves: Path, code: str, role: str, name: str) -> None:
    from game.tui.live.seat_app import SeatApp

    class TimedSeat(FrameMarks, SeatApp):
        def take_seat(self, code: str, role: str, name: str) -> bool:
            # Past the briefing, as a student is when the room pauses: a seat still reading
            # its briefing shows nothing of a pause.
            seated = super().take_seat(code, role, name)
            if seated and self.flow is not None:
                self.flow.begin()
                self.redraw(force=True)
            return seated

        def log_length(self) -> int:
            if self.live is None:
                return -1
            if self.live.session.status == "ended":
                self.exit()
            return self.live.seq

    seat = TimedSeat(saves, code, role, name)
    seat.out = out
    seat.run(headless=True)


POLL_SECONDS = 0.05  # how often seats looked before the bell


def bare(out: Path, saves: Path, code: str, polling: bool) -> None:
    from game.live import bell
    from game.live.store import database

    class BareSeat(FrameMarks, App):
        seq = 0

        def compose(self) -> ComposeResult:
            yield Static("0", id="seq")

        def on_mount(self) -> None:
            self.db = sqlite3.connect(database(saves))
            self.version = -1
            if polling:
                self.set_interval(POLL_SECONDS, self.poll)
                return
            self.listener = bell.listen(saves, code)
            assert self.listener is not None, "no bell on this platform"
            asyncio.get_running_loop().add_reader(self.listener.fileno(), self.rung)

        def rung(self) -> None:
            assert self.listener is not None
            self.listener.drain()
            self.call_later(self.poll)

        def poll(self) -> None:
            version = self.db.execute("PRAGMA data_version").fetchone()[0]
            if version == self.version:
                return
            self.version = version
            seq, status = self.db.execute(
                "SELECT (SELECT coalesce(max(seq), 0) FROM events WHERE code=?), status"
                " FROM sessions WHERE code=?",
                (code, code),
            ).fetchone()
            if status == "ended":
                self.exit()
            self.seq = seq
            self.query_one("#seq", Static).update(str(seq))

        def log_length(self) -> int:
            return self.seq

    seat = BareSeat()
    seat.out = out
    seat.run(headless=True)


def main() -> None:
    if sys.argv[1] in ("--bare", "--bare-poll"):
        saves, code, out = sys.argv[2:5]
        bare(Path(out), Path(saves), code, polling=sys.argv[1] == "--bare-poll")
    else:
        saves, code, role, name, out = sys.argv[1:6]
        real(Path(out), Path(saves), code, role, name)


if __name__ == "__main__":
    main()
