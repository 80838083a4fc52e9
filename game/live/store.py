"""The shared state of live sessions: one SQLite database (WAL mode) in the saves folder.

Every seat and the host are separate processes. The session's event log is the engine's own log,
one row per entry, numbered. A move is appended in a transaction that first checks that the log
still ends where the mover last saw it, so when two seats decide at the same moment exactly one
decision counts and the other is told. Nothing is kept only in memory: a closed tab, a killed
seat or a restarted host picks up from the database. The scenario's text is stored with the
session, so editing the file later cannot break a running lesson.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..engine.game import Entry, now

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on a projector
CODE_LENGTH = 6
DB_NAME = "live.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    code TEXT PRIMARY KEY,
    scenario_id TEXT NOT NULL,
    scenario_path TEXT NOT NULL,
    scenario_text BLOB NOT NULL,
    seed INTEGER NOT NULL,
    preset TEXT,
    status TEXT NOT NULL DEFAULT 'open',
    reveal TEXT NOT NULL DEFAULT 'now',
    paused_at REAL,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    code TEXT NOT NULL REFERENCES sessions(code),
    seq INTEGER NOT NULL,
    entry TEXT NOT NULL,
    seat TEXT,
    created TEXT NOT NULL,
    PRIMARY KEY (code, seq)
);
CREATE TABLE IF NOT EXISTS seats (
    code TEXT NOT NULL REFERENCES sessions(code),
    token TEXT NOT NULL,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    joined TEXT NOT NULL,
    last_seen REAL NOT NULL,
    PRIMARY KEY (code, token)
);
CREATE TABLE IF NOT EXISTS votes (
    code TEXT NOT NULL REFERENCES sessions(code),
    seq INTEGER NOT NULL,
    voter TEXT NOT NULL,
    role TEXT NOT NULL,
    choice TEXT NOT NULL,
    reason TEXT,
    created TEXT NOT NULL,
    PRIMARY KEY (code, seq, voter)
);
CREATE TABLE IF NOT EXISTS deadlines (
    code TEXT NOT NULL REFERENCES sessions(code),
    seq INTEGER NOT NULL,
    deadline REAL NOT NULL,
    PRIMARY KEY (code, seq)
);
"""


class LiveError(Exception):
    """A live-session problem a person can act on."""


class WrongCode(LiveError):
    pass


class Conflict(LiveError):
    """Someone else moved first; the mover should look again."""


@dataclass(frozen=True)
class Session:
    code: str
    scenario_id: str
    scenario_path: str
    scenario_text: bytes
    seed: int
    preset: str | None
    status: str
    reveal: str
    paused_at: float | None


@dataclass(frozen=True)
class Seat:
    token: str
    role: str
    name: str
    last_seen: float

    def online(self, within: float = 10.0) -> bool:
        return time.time() - self.last_seen < within


def database(folder: Path) -> Path:
    return folder / DB_NAME


def normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


class LiveStore:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: transactions are opened explicitly with BEGIN IMMEDIATE, so a writer
        # takes the write lock before it reads what it checks.
        self.db = sqlite3.connect(path, timeout=15, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA busy_timeout=15000")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def data_version(self) -> int:
        """Changes whenever another connection commits: a cheap way to poll for news."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    # -- sessions ----------------------------------------------------------------------------
    def create(
        self,
        scenario_id: str,
        scenario_path: str,
        scenario_text: bytes,
        seed: int,
        preset: str | None = None,
    ) -> str:
        with self.writing() as db:
            while True:
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                if not db.execute("SELECT 1 FROM sessions WHERE code=?", (code,)).fetchone():
                    break
            db.execute(
                "INSERT INTO sessions (code, scenario_id, scenario_path, scenario_text, seed,"
                " preset, created) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (code, scenario_id, scenario_path, scenario_text, seed, preset, now()),
            )
        return code

    def session(self, code: str) -> Session:
        row = self.db.execute(
            "SELECT code, scenario_id, scenario_path, scenario_text, seed, preset, status, reveal,"
            " paused_at FROM sessions WHERE code=?",
            (normalise(code),),
        ).fetchone()
        if row is None:
            raise WrongCode(f"there is no live session with the code '{code}'")
        return Session(*row)

    def sessions(self) -> list[Session]:
        rows = self.db.execute(
            "SELECT code, scenario_id, scenario_path, scenario_text, seed, preset, status, reveal,"
            " paused_at FROM sessions ORDER BY created DESC"
        ).fetchall()
        return [Session(*row) for row in rows]

    def set_status(self, code: str, status: str) -> None:
        """open, paused or ended. Pausing stops the clocks; resuming moves deadlines on."""
        with self.writing() as db:
            current = self.session(code)
            if status == "paused" and current.status == "open":
                db.execute(
                    "UPDATE sessions SET status='paused', paused_at=? WHERE code=?",
                    (time.time(), current.code),
                )
            elif status == "open" and current.status == "paused":
                waited = time.time() - (current.paused_at or time.time())
                db.execute(
                    "UPDATE deadlines SET deadline = deadline + ? WHERE code=?",
                    (waited, current.code),
                )
                db.execute(
                    "UPDATE sessions SET status='open', paused_at=NULL WHERE code=?",
                    (current.code,),
                )
            elif status == "ended":
                db.execute("UPDATE sessions SET status='ended' WHERE code=?", (current.code,))

    def set_reveal(self, code: str, reveal: str) -> None:
        """When seats see the historical comparison: 'now' or 'end'."""
        with self.writing() as db:
            db.execute("UPDATE sessions SET reveal=? WHERE code=?", (reveal, normalise(code)))

    # -- the log -----------------------------------------------------------------------------
    def events(self, code: str, after: int = 0) -> list[tuple[int, Entry, str | None]]:
        rows = self.db.execute(
            "SELECT seq, entry, seat FROM events WHERE code=? AND seq>? ORDER BY seq",
            (normalise(code), after),
        ).fetchall()
        return [(seq, Entry.from_json(json.loads(text)), seat) for seq, text, seat in rows]

    def append(self, code: str, entry: Entry, expected: int, seat: str | None = None) -> int:
        """Append `entry` if the log still has exactly `expected` entries; else Conflict."""
        code = normalise(code)
        with self.writing() as db:
            status = db.execute("SELECT status FROM sessions WHERE code=?", (code,)).fetchone()
            if status is None:
                raise WrongCode(f"there is no live session with the code '{code}'")
            if status[0] == "ended":
                raise LiveError("the session has ended")
            last = db.execute(
                "SELECT COALESCE(MAX(seq), 0) FROM events WHERE code=?", (code,)
            ).fetchone()[0]
            if last != expected:
                raise Conflict("someone else moved first; here is what happened")
            db.execute(
                "INSERT INTO events (code, seq, entry, seat, created) VALUES (?, ?, ?, ?, ?)",
                (code, last + 1, json.dumps(entry.to_json(), ensure_ascii=False), seat, now()),
            )
            return last + 1

    # -- seats -------------------------------------------------------------------------------
    def join(self, code: str, role: str, name: str) -> str:
        code = normalise(code)
        self.session(code)
        token = secrets.token_urlsafe(12)
        with self.writing() as db:
            db.execute(
                "INSERT INTO seats (code, token, role, name, joined, last_seen)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (code, token, role, name, now(), time.time()),
            )
        return token

    def seat(self, code: str, token: str) -> Seat:
        row = self.db.execute(
            "SELECT token, role, name, last_seen FROM seats WHERE code=? AND token=?",
            (normalise(code), token),
        ).fetchone()
        if row is None:
            raise WrongCode("that seat is not part of this session")
        return Seat(*row)

    def find_seat(self, code: str, role: str, name: str) -> Seat | None:
        """A seat taken earlier by the same name for the same role: how a student rejoins."""
        row = self.db.execute(
            "SELECT token, role, name, last_seen FROM seats WHERE code=? AND role=? AND name=?"
            " ORDER BY joined DESC LIMIT 1",
            (normalise(code), role, name),
        ).fetchone()
        return Seat(*row) if row else None

    def seats(self, code: str) -> list[Seat]:
        rows = self.db.execute(
            "SELECT token, role, name, last_seen FROM seats WHERE code=? ORDER BY role, name",
            (normalise(code),),
        ).fetchall()
        return [Seat(*row) for row in rows]

    def heartbeat(self, code: str, token: str) -> None:
        with self.writing() as db:
            db.execute(
                "UPDATE seats SET last_seen=? WHERE code=? AND token=?",
                (time.time(), normalise(code), token),
            )

    # -- votes and clocks --------------------------------------------------------------------
    def vote(
        self, code: str, seq: int, voter: str, role: str, choice: str, reason: str | None = None
    ) -> None:
        """Record (or change) a vote on the decision pending after `seq` log entries."""
        with self.writing() as db:
            db.execute(
                "INSERT OR REPLACE INTO votes (code, seq, voter, role, choice, reason, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (normalise(code), seq, voter, role, choice, reason or None, now()),
            )

    def cast(
        self,
        code: str,
        position: int,
        seen: int,
        voter: str,
        role: str,
        choice: str,
        reason: str | None = None,
    ) -> None:
        """A ballot on the decision pending after `position` moves, cast by someone who had seen
        `seen` log entries. Refused (Conflict) when a move was logged since: the vote came after
        the decision was taken."""
        code = normalise(code)
        with self.writing() as db:
            moved = db.execute(
                "SELECT entry FROM events WHERE code=? AND seq>? AND"
                " json_extract(entry, '$.type') IN ('choose', 'continue', 'rewind')"
                " ORDER BY seq LIMIT 1",
                (code, seen),
            ).fetchone()
            if moved is not None:
                raise Conflict("that decision was already taken; your vote was not counted")
            db.execute(
                "INSERT OR REPLACE INTO votes (code, seq, voter, role, choice, reason, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (code, position, voter, role, choice, reason or None, now()),
            )

    def shift_deadlines(self, code: str, seconds: float) -> None:
        with self.writing() as db:
            db.execute(
                "UPDATE deadlines SET deadline = deadline + ? WHERE code=?",
                (seconds, normalise(code)),
            )

    def votes(self, code: str, seq: int) -> list[tuple[str, str, str, str | None]]:
        """(voter, role, choice, reason) for the decision pending after `seq` entries."""
        return self.db.execute(
            "SELECT voter, role, choice, reason FROM votes WHERE code=? AND seq=? ORDER BY created",
            (normalise(code), seq),
        ).fetchall()

    def deadline(self, code: str, seq: int, seconds: int | None) -> float | None:
        """When the decision pending after `seq` entries times out; set by whoever sees it
        first, so every seat counts down to the same moment."""
        if seconds is None:
            return None
        code = normalise(code)
        with self.writing() as db:
            db.execute(
                "INSERT OR IGNORE INTO deadlines (code, seq, deadline) VALUES (?, ?, ?)",
                (code, seq, time.time() + seconds),
            )
            return float(
                db.execute(
                    "SELECT deadline FROM deadlines WHERE code=? AND seq=?", (code, seq)
                ).fetchone()[0]
            )
