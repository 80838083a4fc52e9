"""A headless seat for the live benchmark: `python -m benchmarks.live_seat SAVES CODE ROLE NAME
OUT`. Runs the real seat app and writes one line to OUT each time the seat redraws at a new
position: `<log length> <wall clock>`. Exits when the session ends."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from game.tui.live.seat_app import SeatApp


class TimedSeat(SeatApp):
    def __init__(self, out: Path, *args) -> None:
        super().__init__(*args)
        self.out = out

    def redraw(self, force: bool = False) -> None:
        before = self._shown
        super().redraw(force)
        if self.live is not None and self._shown != before:
            with self.out.open("a") as handle:
                handle.write(f"{self.live.seq} {time.time():.6f}\n")
            if self.live.session.status == "ended":
                self.exit()


def main() -> None:
    saves, code, role, name, out = sys.argv[1:6]
    TimedSeat(Path(out), Path(saves), code, role, name).run(headless=True)


if __name__ == "__main__":
    main()
