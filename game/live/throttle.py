"""Limits on wrong codes, kept in the session database so every `crisis join` process and every
browser seat of `crisis serve` counts against the same limits.

Only failures count. A source (a browser's address, or this machine for terminal seats) that
gets too many codes wrong in a minute is refused for the rest of that minute, and so is everyone
when the whole server does: a flood of guesses pauses new joins but never a seated player.
"""

from __future__ import annotations

import sqlite3
import time

WINDOW = 60.0  # seconds
PER_SOURCE = 10  # wrong codes per source per window
OVERALL = 100  # wrong codes from all sources per window
KEEP = 3600.0  # failures older than this are forgotten
LOCAL = "this machine"


class Throttled(Exception):
    def __init__(self, wait: float, everyone: bool) -> None:
        self.wait = max(1, int(wait + 0.999))
        self.everyone = everyone
        who = "on this server" if everyone else "from your address"
        super().__init__(
            f"Too many wrong codes {who}: wait {self.wait} s, then type the code again"
            " exactly as the teacher's screen shows it."
        )


def check(db: sqlite3.Connection, source: str | None, at: float | None = None) -> None:
    """Raise Throttled when `source` (or everyone) has used up the window's wrong codes."""
    at = time.time() if at is None else at
    since = at - WINDOW
    overall = db.execute("SELECT COUNT(*), MIN(at) FROM attempts WHERE at > ?", (since,)).fetchone()
    if overall[0] >= OVERALL:
        raise Throttled(overall[1] + WINDOW - at, everyone=True)
    mine = db.execute(
        "SELECT COUNT(*), MIN(at) FROM attempts WHERE source = ? AND at > ?",
        (source or LOCAL, since),
    ).fetchone()
    if mine[0] >= PER_SOURCE:
        raise Throttled(mine[1] + WINDOW - at, everyone=False)


def record(db: sqlite3.Connection, source: str | None, at: float | None = None) -> None:
    """Count one wrong code (inside the caller's write transaction)."""
    at = time.time() if at is None else at
    db.execute("INSERT INTO attempts (source, at) VALUES (?, ?)", (source or LOCAL, at))
    db.execute("DELETE FROM attempts WHERE at < ?", (at - KEEP,))
