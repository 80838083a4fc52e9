"""The shared state of live sessions: one SQLite database (WAL mode) in the saves folder.

Every seat and the host are separate processes. The session's event log is the engine's own log,
one row per entry, numbered. A move is appended in a transaction that first checks that the log
still ends where the mover last saw it, so when two seats decide at the same moment exactly one
decision counts and the other is told. Nothing is kept only in memory: a closed tab, a killed
seat or a restarted host picks up from the database. The scenario's text is stored with the
session, so editing the file later cannot break a running lesson.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..engine import text
from . import bell, codes, memory, throttle

if TYPE_CHECKING:
    from ..engine.game import Entry


def now() -> str:
    # The engine's game module (and the scenario model under it) is imported on first use: a
    # browser seat shows its join form before anything needs it.
    from ..engine.game import now as game_now

    return game_now()

F = TypeVar("F", bound=Callable[..., Any])

SCHEMA_VERSION = 2
IDLE_HOURS = 12  # a session nobody has touched for this long takes no new joiners
MAX_SEATS = 40  # seats per session, unless the host says otherwise
TOTAL_SEATS = 300  # seats over every session still in use
BUSY_SECONDS = 5.0  # how long a write waits for another program's lock before giving up
DB_NAME = "live.sqlite3"
CODE_ALPHABET = codes.ALPHABET
CODE_LENGTH = codes.LENGTH
normalise = codes.normalise

# Each step brings a database from the version before it to its own; user_version says which
# steps a database has had. Version 1 is the first schema, from before versions were kept.
MIGRATIONS: list[str] = [
    """
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
)
""",
    # Open or assigned roles, a seat cap, idle expiry (older sessions count as long idle, so
    # only their host can reopen them), and the wrong-code counter.
    """
ALTER TABLE sessions ADD COLUMN roles TEXT NOT NULL DEFAULT 'open';
ALTER TABLE sessions ADD COLUMN max_seats INTEGER NOT NULL DEFAULT 40;
ALTER TABLE sessions ADD COLUMN last_active REAL NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS seats_by_token ON seats(token);
CREATE TABLE IF NOT EXISTS attempts (source TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS attempts_by_time ON attempts(at)
""",
]
assert len(MIGRATIONS) == SCHEMA_VERSION

SESSION_COLUMNS = (
    "code, scenario_id, scenario_path, scenario_text, seed, preset, status, reveal, paused_at,"
    " roles, max_seats, last_active"
)


class LiveError(Exception):
    """A live-session problem a person can act on."""


class WrongCode(LiveError):
    pass


class Conflict(LiveError):
    """Someone else moved first; the mover should look again."""


class TooManyTries(LiveError):
    """Too many wrong codes lately: wait, then try again."""


class DatabaseTrouble(LiveError):
    """The session database cannot be used as it is; the message says what to do."""


class DatabaseGone(DatabaseTrouble):
    """The database file was deleted or replaced under a running session."""


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
    roles: str = "open"
    max_seats: int = MAX_SEATS
    last_active: float = 0.0


@dataclass(frozen=True)
class Seat:
    token: str
    role: str
    name: str
    last_seen: float

    def online(self, within: float = 10.0) -> bool:
        return time.time() - self.last_seen < within


@dataclass(frozen=True)
class Access:
    """What a typed code opens: a session, and with a seat code that one seat (its role, and
    its name once someone has taken it)."""

    session: Session
    token: str | None = None
    role: str | None = None
    name: str | None = None


def database(folder: Path) -> Path:
    return folder / DB_NAME


def restore_rescued(folder: Path) -> Path | None:
    """When the database is gone but a copy was rescued (see LiveStore.check_file), put the
    newest copy back in its place, without the dead file's leftover -wal/-shm (which SQLite
    would otherwise replay onto the copy). Returns the copy used, or None."""
    path = database(folder)
    if path.exists() and _has_sessions(path):
        return None  # only an empty database (made by a joiner meanwhile) gives way
    copies = sorted(folder.glob("live-rescued-*.sqlite3"), key=lambda p: p.stat().st_mtime)
    if not copies:
        return None
    for leftover in (path.name, path.name + "-wal", path.name + "-shm"):
        with contextlib.suppress(FileNotFoundError):
            path.with_name(leftover).unlink()
    os.replace(copies[-1], path)
    return copies[-1]


def _has_sessions(path: Path) -> bool:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            return bool(db.execute("SELECT 1 FROM sessions LIMIT 1").fetchone())
    except sqlite3.Error:
        return True  # not ours to judge: leave it alone


def _private(path: Path) -> None:
    """The database holds every secret and seat code: only its owner may read it."""
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        with contextlib.suppress(OSError):  # absent, or not ours to change
            os.chmod(path.with_name(name), 0o600)


def _translate(path: Path, exc: BaseException) -> DatabaseTrouble:
    """Every way SQLite can fail, as a message that says what happened and what to do."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    lowered = text.lower()
    if isinstance(exc, OSError):
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return DatabaseTrouble(
                f"Cannot write in {path.parent} ({exc.strerror}). Choose a folder you can write"
                " to with --saves DIR (the host and every seat must use the same one)."
            )
        if exc.errno == errno.ENOSPC:
            return DatabaseTrouble(f"The disk holding {path.parent} is full: free some space.")
        return DatabaseTrouble(f"Cannot use {path}: {exc.strerror or exc}.")
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED") or "locked" in lowered:
        return DatabaseTrouble(
            f"The session database {path} is locked by another program and stayed locked. "
            "Nothing was lost: try again in a moment. If it keeps happening, close any other "
            "program that has the file open (a database browser, a backup tool)."
        )
    if name.startswith("SQLITE_FULL") or "disk is full" in lowered:
        return DatabaseTrouble(
            f"The disk holding {path} is full: free some space, then try again. Nothing "
            "already saved was lost."
        )
    if name.startswith("SQLITE_READONLY") or "readonly" in lowered or "read-only" in lowered:
        return DatabaseTrouble(
            f"The session database {path} cannot be written (read-only file or folder). "
            "Choose a folder you can write to with --saves DIR."
        )
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in lowered:
        return DatabaseTrouble(
            f"Cannot open the session database {path}: check that the saves folder exists and "
            "is yours, or choose another with --saves DIR."
        )
    if (
        name.startswith("SQLITE_CORRUPT")
        or name.startswith("SQLITE_NOTADB")
        or "malformed" in lowered
        or "not a database" in lowered
    ):
        return DatabaseTrouble(
            f"The session database {path} is damaged ({text}). Move it aside (for example "
            f"rename it to {path.name}.broken) and start a new session with 'crisis host "
            "SCENARIO'; the host's autosave of each session in the saves folder still has the "
            "game for 'crisis debrief'."
        )
    return DatabaseTrouble(
        f"The session database {path} failed ({text}). Try again; if it keeps failing, "
        "restart the crisis room with 'crisis host --resume CODE'."
    )


def _guarded(method: F) -> F:
    """Turn a raw sqlite3 (or file) error into a DatabaseTrouble with advice."""

    @functools.wraps(method)
    def wrapper(self: LiveStore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.Error, OSError) as exc:
            raise _translate(self.path, exc) from None

    return wrapper  # type: ignore[return-value]


class LiveStore:
    def __init__(
        self,
        path: Path,
        source: str | None = None,
        busy_seconds: float = BUSY_SECONDS,
        remember: bool | None = None,
    ):
        """`source` is where joiners come from, for the wrong-code limits (the browser's address
        under `crisis serve`, which passes it in CRISIS_SEAT_SOURCE); terminal seats count as
        this machine and remember their seat codes in the saves folder."""
        self.path = path
        self.busy_seconds = busy_seconds
        self.source = source if source is not None else os.environ.get("CRISIS_SEAT_SOURCE")
        self.remember = (self.source is None) if remember is None else remember
        self._identity: tuple[int, int] | None = None
        self._rescued: Path | None = None
        try:
            self._open()
        except (sqlite3.Error, OSError) as exc:
            raise _translate(path, exc) from None

    def _open(self) -> None:
        path = self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        mask = os.umask(0o077)  # a new database and its -wal/-shm are born private
        try:
            # Autocommit mode: transactions are opened explicitly with BEGIN IMMEDIATE, so a
            # writer takes the write lock before it reads what it checks.
            self.db = sqlite3.connect(
                path, timeout=self.busy_seconds, isolation_level=None, check_same_thread=False
            )
            self.db.execute(f"PRAGMA busy_timeout={int(self.busy_seconds * 1000)}")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except BaseException:
            if hasattr(self, "db"):
                self.db.close()
            raise
        finally:
            os.umask(mask)
        _private(path)
        stat = os.stat(path)
        self._identity = (stat.st_dev, stat.st_ino)

    def _migrate(self) -> None:
        version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            self.db.close()
            raise DatabaseTrouble(
                f"The session database {self.path} was written by a newer version of crisis "
                f"(schema {version}; this one knows up to {SCHEMA_VERSION}). Update crisis, "
                "or use another saves folder with --saves DIR."
            )
        if version == SCHEMA_VERSION:
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process may have just upgraded it.
            version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
            for step in MIGRATIONS[version:]:
                for statement in step.split(";\n"):
                    if statement.strip():
                        self.db.execute(statement)
            self.db.execute(f"PRAGMA user_version={max(version, SCHEMA_VERSION)}")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def writing(self, ring: str | None = None) -> Iterator[sqlite3.Connection]:
        """A write transaction; with `ring` (a session code), every process following that
        session is woken once it is committed, if it changed anything."""
        self.db.execute("BEGIN IMMEDIATE")
        before = self.db.total_changes
        try:
            yield self.db
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")
        if ring is not None and self.db.total_changes != before:
            bell.ring(self.path.parent, ring)

    # -- the file itself ---------------------------------------------------------------------
    def check_file(self) -> None:
        """Raise DatabaseGone when the file was deleted or replaced since we opened it: the
        running class would otherwise carry on alone while new joiners find nothing. Whoever
        notices first keeps a copy of what its connection still holds."""
        try:
            stat = os.stat(self.path)
            same = (stat.st_dev, stat.st_ino) == self._identity
        except FileNotFoundError:
            same = False
        if same:
            return
        copy = self._rescue()
        kept = (
            f" A copy of everything up to now was kept in {copy}. The host: quit, and "
            "'crisis host --resume CODE' puts it back; then everyone rejoins with their codes."
            if copy
            else " Quit and start again with 'crisis host SCENARIO'."
        )
        raise DatabaseGone(
            f"The session database {self.path} was deleted or replaced while the session was "
            f"running, so new joiners cannot find it.{kept}"
        )

    def _rescue(self) -> Path | None:
        if self._rescued is not None:
            return self._rescued
        assert self._identity is not None
        target = self.path.with_name(f"live-rescued-{self._identity[1]}.sqlite3")
        if target.exists():
            self._rescued = target
            return target
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        mask = os.umask(0o077)
        try:
            copy = sqlite3.connect(tmp)
            try:
                self.db.backup(copy)
            finally:
                copy.close()
            os.replace(tmp, target)
        except (sqlite3.Error, OSError):
            return None
        finally:
            os.umask(mask)
        self._rescued = target
        return target

    @_guarded
    def data_version(self) -> int:
        """Changes whenever another connection commits: a cheap way to poll for news."""
        self.check_file()
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    @_guarded
    def change_mark(self, code: str) -> tuple[object, ...]:
        """What a seat's screen can depend on, in one row: it differs after every entry, vote,
        clock, seat taken, pause, reveal or end, and not after a heartbeat (which changes
        `data_version` every second for each seat, and would have every seat recompute its view
        thirty times a second in a class of thirty)."""
        row = self.db.execute(
            "SELECT status, reveal, paused_at, roles, max_seats,"
            " (SELECT coalesce(max(seq), -1) FROM events WHERE code=:code),"
            " (SELECT count(*) || ':' || coalesce(max(rowid), 0) FROM votes WHERE code=:code),"
            " (SELECT count(*) || ':' || coalesce(sum(deadline), 0) FROM deadlines"
            "  WHERE code=:code),"
            " (SELECT count(*) FROM seats WHERE code=:code)"
            " FROM sessions WHERE code=:code",
            {"code": normalise(code)},
        ).fetchone()
        return tuple(row) if row is not None else ()

    # -- sessions ----------------------------------------------------------------------------
    @_guarded
    def create(
        self,
        scenario_id: str,
        scenario_path: str,
        scenario_text: bytes,
        seed: int,
        preset: str | None = None,
        roles: str = "open",
        role_ids: Sequence[str] = (),
        seats_per_role: int = 1,
        max_seats: int = MAX_SEATS,
    ) -> str:
        """A new session; with roles='assigned', also one seat code per seat of `role_ids`
        (see seat_codes), and a seat can join only with its own code."""
        if roles not in ("open", "assigned"):
            raise LiveError(f"roles must be 'open' or 'assigned', not '{roles}'")
        with self.writing() as db:
            code = self._fresh_code(db)
            db.execute(
                f"INSERT INTO sessions ({SESSION_COLUMNS}, created)"
                " VALUES (?, ?, ?, ?, ?, ?, 'open', 'now', NULL, ?, ?, ?, ?)",
                (
                    code,
                    scenario_id,
                    scenario_path,
                    scenario_text,
                    seed,
                    preset,
                    roles,
                    max_seats,
                    time.time(),
                    now(),
                ),
            )
            if roles == "assigned":
                for role in role_ids:
                    for _ in range(seats_per_role):
                        db.execute(
                            "INSERT INTO seats (code, token, role, name, joined, last_seen)"
                            " VALUES (?, ?, ?, '', ?, 0)",
                            (code, self._fresh_code(db), role, now()),
                        )
        return code

    @staticmethod
    def _fresh_code(db: sqlite3.Connection) -> str:
        while True:
            code = codes.new_code()
            if not db.execute(
                "SELECT 1 FROM sessions WHERE code=? UNION SELECT 1 FROM seats WHERE token=?",
                (code, code),
            ).fetchone():
                return code

    def _session_row(self, code: str) -> Session | None:
        row = self.db.execute(
            f"SELECT {SESSION_COLUMNS} FROM sessions WHERE code=?", (code,)
        ).fetchone()
        return Session(*row) if row else None

    def _seat_row(self, token: str) -> tuple[str, str, str] | None:
        """(session code, role, name) of the seat with this code."""
        return self.db.execute(  # type: ignore[no-any-return]
            "SELECT code, role, name FROM seats WHERE token=?", (token,)
        ).fetchone()

    @_guarded
    def session(self, code: str) -> Session:
        """The session named by a session code or by one of its seat codes."""
        plain = normalise(code)
        found = self._session_row(plain)
        if found is None:
            seat = self._seat_row(plain)
            found = self._session_row(seat[0]) if seat else None
        if found is None:
            raise WrongCode(f"there is no live session with the code '{code}'")
        return found

    @_guarded
    def lookup(self, code: str, source: str | None = None) -> Access:
        """What a joiner's typed code opens. Wrong codes count against `source` (and against
        everyone); past the limit nothing is looked up until the minute is over. Sessions idle
        for IDLE_HOURS take no joiners (their host can reopen them)."""
        self.check_file()
        source = source if source is not None else self.source
        plain = normalise(code)
        with self.writing() as db:
            try:
                throttle.check(db, source)
            except throttle.Throttled as exc:
                raise TooManyTries(str(exc)) from None
            access: Access | None = None
            session = self._session_row(plain)
            if session is not None:
                access = Access(session)
            else:
                seat = self._seat_row(plain)
                if seat is not None and (session := self._session_row(seat[0])) is not None:
                    access = Access(session, plain, seat[1], seat[2] or None)
            if access is None:
                throttle.record(db, source)
                empty = not db.execute("SELECT 1 FROM sessions LIMIT 1").fetchone()
        if access is None:
            hint = (
                f" There is no live session at all in {self.path.parent}: is the crisis room "
                "running with this saves folder?"
                if empty
                else ""
            )
            raise WrongCode(f"There is no live session with the code '{code}'.{hint}")
        session = access.session
        if session.status != "ended" and time.time() - self._last_active(session) > (
            IDLE_HOURS * 3600
        ):
            raise LiveError(
                f"That session was closed after {IDLE_HOURS} hours without activity. The "
                f"teacher can reopen it with 'crisis host --resume {codes.display(session.code)}'."
            )
        if session.roles == "assigned" and access.token is None:
            raise LiveError(
                "In this session every seat has its own code: type the code on your slip, "
                "not the crisis room's code."
            )
        return access

    def _last_active(self, session: Session) -> float:
        seen = self.db.execute(
            "SELECT COALESCE(MAX(last_seen), 0) FROM seats WHERE code=?", (session.code,)
        ).fetchone()[0]
        return max(session.last_active, float(seen))

    @_guarded
    def touch(self, code: str) -> None:
        """The host is back: the session counts as in use again (`crisis host --resume`)."""
        with self.writing() as db:
            db.execute(
                "UPDATE sessions SET last_active=? WHERE code=?", (time.time(), normalise(code))
            )

    @_guarded
    def sessions(self) -> list[Session]:
        rows = self.db.execute(
            f"SELECT {SESSION_COLUMNS} FROM sessions ORDER BY created DESC"
        ).fetchall()
        return [Session(*row) for row in rows]

    @_guarded
    def set_status(self, code: str, status: str) -> None:
        """open, paused or ended. Pausing stops the clocks; resuming moves deadlines on."""
        current = self.session(code)
        with self.writing(ring=current.code) as db:
            current = self.session(code)  # again, under the write lock
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
            db.execute(
                "UPDATE sessions SET last_active=? WHERE code=?", (time.time(), current.code)
            )

    @_guarded
    def set_reveal(self, code: str, reveal: str) -> None:
        """When seats see the historical comparison: 'now' or 'end'."""
        with self.writing(ring=normalise(code)) as db:
            db.execute("UPDATE sessions SET reveal=? WHERE code=?", (reveal, normalise(code)))

    # -- the log -----------------------------------------------------------------------------
    @_guarded
    def events(self, code: str, after: int = 0) -> list[tuple[int, Entry, str | None]]:
        rows = self.db.execute(
            "SELECT seq, entry, seat FROM events WHERE code=? AND seq>? ORDER BY seq",
            (normalise(code), after),
        ).fetchall()
        from ..engine.game import Entry

        return [(seq, Entry.from_json(json.loads(text)), seat) for seq, text, seat in rows]

    @_guarded
    def append(self, code: str, entry: Entry, expected: int, seat: str | None = None) -> int:
        """Append `entry` if the log still has exactly `expected` entries; else Conflict."""
        code = normalise(code)
        with self.writing(ring=code) as db:
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
            db.execute("UPDATE sessions SET last_active=? WHERE code=?", (time.time(), code))
            return int(last) + 1

    # -- seats -------------------------------------------------------------------------------
    @_guarded
    def join(self, code: str, role: str, name: str) -> str:
        """Take a seat; returns its seat code (the token). `code` is the session's code (open
        roles) or the seat's own code (assigned roles, or to rejoin). A name already seated in
        a role is not handed over to whoever types it: that takes the seat's code."""
        try:  # a name is shown on the crisis room's screen: no terminal escapes in it
            text.check(name, "Your name")
            text.check(role, "The role")
        except text.UnsafeText as exc:
            raise LiveError(str(exc)) from None
        plain = normalise(code)
        with self.writing(ring=self.session(plain).code) as db:
            session = self.session(plain)
            if session.status == "ended":
                raise LiveError("That session has ended.")
            seat = self._seat_row(plain) if plain != session.code else None
            if seat is not None:
                token = self._claim(db, plain, seat, role, name)
            else:
                token = self._new_seat(db, session, role, name)
        if self.remember:
            memory.remember(self.path.parent, session.code, role, name, token)
        return token

    def _claim(
        self, db: sqlite3.Connection, token: str, seat: tuple[str, str, str], role: str, name: str
    ) -> str:
        _, seat_role, seat_name = seat
        if seat_role != role:
            raise LiveError(f"That seat code is for the role '{seat_role}', not '{role}'.")
        if seat_name and seat_name != name:
            raise LiveError(f"That seat is {seat_name}'s: join under that name.")
        db.execute("UPDATE seats SET name=?, last_seen=? WHERE token=?", (name, time.time(), token))
        return token

    def _new_seat(self, db: sqlite3.Connection, session: Session, role: str, name: str) -> str:
        if session.roles == "assigned":
            raise LiveError(
                "In this session every seat has its own code: type the code on your slip."
            )
        taken = db.execute(
            "SELECT 1 FROM seats WHERE code=? AND role=? AND name=?", (session.code, role, name)
        ).fetchone()
        if taken:
            raise LiveError(
                f"{name} is already seated in that role. If that is you, type your seat code "
                "(shown when you joined) instead of the session's code; otherwise choose "
                "another name."
            )
        seated = db.execute(
            "SELECT COUNT(*) FROM seats WHERE code=? AND name != ''", (session.code,)
        ).fetchone()[0]
        if seated >= session.max_seats:
            raise LiveError(
                f"This session is full ({session.max_seats} seats). Share a seat with "
                "someone, or ask the teacher."
            )
        cutoff = time.time() - IDLE_HOURS * 3600
        everywhere = db.execute(
            "SELECT COUNT(*) FROM seats JOIN sessions USING (code) WHERE seats.name != ''"
            " AND sessions.status != 'ended' AND sessions.last_active > ?",
            (cutoff,),
        ).fetchone()[0]
        if everywhere >= TOTAL_SEATS:
            raise LiveError(
                f"This machine already seats {TOTAL_SEATS} players: ask the teacher to end "
                "old sessions ('x' in the crisis room)."
            )
        token = self._fresh_code(db)
        db.execute(
            "INSERT INTO seats (code, token, role, name, joined, last_seen)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (session.code, token, role, name, now(), time.time()),
        )
        return token

    @_guarded
    def seat(self, code: str, token: str) -> Seat:
        row = self.db.execute(
            "SELECT token, role, name, last_seen FROM seats WHERE code=? AND token=?",
            (normalise(code), token),
        ).fetchone()
        if row is None:
            raise WrongCode("that seat is not part of this session")
        return Seat(*row)

    @_guarded
    def find_seat(self, code: str, role: str, name: str) -> Seat | None:
        """The seat to rejoin, when the joiner can show it is theirs: by typing the seat's own
        code, or (terminal seats) by the seat code remembered in this saves folder. Taking a
        seat by name alone is refused (see join)."""
        plain = normalise(code)
        session = self.session(plain)
        token: str | None = None
        seat = self._seat_row(plain)
        if seat is not None:
            if seat[1] != role or not seat[2]:
                return None  # join() claims a fresh seat, or says whose role it is
            if seat[2] != name:
                raise LiveError(f"That seat is {seat[2]}'s: join under that name.")
            token = plain
        elif self.remember:
            token = memory.recall(self.path.parent, session.code, role, name)
        if token is None:
            return None
        row = self.db.execute(
            "SELECT token, role, name, last_seen FROM seats WHERE code=? AND token=?"
            " AND role=? AND name=?",
            (session.code, token, role, name),
        ).fetchone()
        return Seat(*row) if row else None

    @_guarded
    def seats(self, code: str) -> list[Seat]:
        """Seats someone has taken (an assigned seat nobody has claimed yet is not listed)."""
        rows = self.db.execute(
            "SELECT token, role, name, last_seen FROM seats WHERE code=? AND name != ''"
            " ORDER BY role, name",
            (normalise(code),),
        ).fetchall()
        return [Seat(*row) for row in rows]

    @_guarded
    def seat_codes(self, code: str) -> list[tuple[str, str, str]]:
        """(role, seat code, name or '') of every seat of an assigned session, for the host."""
        return self.db.execute(
            "SELECT seats.role, seats.token, seats.name FROM seats JOIN sessions USING (code)"
            " WHERE code=? AND sessions.roles='assigned' ORDER BY seats.rowid",
            (normalise(code),),
        ).fetchall()

    def heartbeat(self, code: str, token: str) -> None:
        """Best effort: a missed heartbeat only greys a dot in the crisis room, so it never
        waits long for a lock nor raises (the seat's poll reports real trouble)."""
        try:
            self.db.execute("PRAGMA busy_timeout=300")
            try:
                with self.writing() as db:
                    db.execute(
                        "UPDATE seats SET last_seen=? WHERE code=? AND token=?",
                        (time.time(), normalise(code), token),
                    )
            finally:
                self.db.execute(f"PRAGMA busy_timeout={int(self.busy_seconds * 1000)}")
        except sqlite3.Error:
            pass

    # -- votes and clocks --------------------------------------------------------------------
    @_guarded
    def vote(
        self, code: str, seq: int, voter: str, role: str, choice: str, reason: str | None = None
    ) -> None:
        """Record (or change) a vote on the decision pending after `seq` log entries."""
        with self.writing(ring=normalise(code)) as db:
            db.execute(
                "INSERT OR REPLACE INTO votes (code, seq, voter, role, choice, reason, created)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (normalise(code), seq, voter, role, choice, reason or None, now()),
            )

    @_guarded
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
        with self.writing(ring=code) as db:
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

    @_guarded
    def shift_deadlines(self, code: str, seconds: float) -> None:
        with self.writing(ring=normalise(code)) as db:
            db.execute(
                "UPDATE deadlines SET deadline = deadline + ? WHERE code=?",
                (seconds, normalise(code)),
            )

    @_guarded
    def votes(self, code: str, seq: int) -> list[tuple[str, str, str, str | None]]:
        """(voter, role, choice, reason) for the decision pending after `seq` entries."""
        return self.db.execute(
            "SELECT voter, role, choice, reason FROM votes WHERE code=? AND seq=? ORDER BY created",
            (normalise(code), seq),
        ).fetchall()

    @_guarded
    def deadline(self, code: str, seq: int, seconds: int | None) -> float | None:
        """When the decision pending after `seq` entries times out; set by whoever sees it
        first, so every seat counts down to the same moment."""
        if seconds is None:
            return None
        code = normalise(code)
        with self.writing(ring=code) as db:  # rings only for the first to set it
            db.execute(
                "INSERT OR IGNORE INTO deadlines (code, seq, deadline) VALUES (?, ?, ?)",
                (code, seq, time.time() + seconds),
            )
            return float(
                db.execute(
                    "SELECT deadline FROM deadlines WHERE code=? AND seq=?", (code, seq)
                ).fetchone()[0]
            )
