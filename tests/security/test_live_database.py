"""The session database: private, versioned, and every fault a message with a way out."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from game.live import store
from game.live.store import DatabaseGone, DatabaseTrouble, LiveStore, database

from ..conftest import ROOT
from ..live.test_live_store import SCENARIO


def make(folder: Path) -> tuple[LiveStore, str]:
    live = LiveStore(database(folder), remember=False)
    return live, live.create("council", "council.yaml", SCENARIO.encode(), seed=1)


def crisis(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", "--saves", str(folder), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_is_created_private_and_an_open_one_is_made_private(tmp_path: Path) -> None:
    live, code = make(tmp_path)
    live.join(code, "captain", "Ann")
    path = database(tmp_path)
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        assert mode(name) == 0o600, name
    live.close()
    os.chmod(path, 0o644)
    LiveStore(path).close()
    assert mode(path) == 0o600


def test_a_locked_database_gives_a_message_not_a_traceback(tmp_path: Path) -> None:
    _, code = make(tmp_path)
    seat = LiveStore(database(tmp_path), busy_seconds=0.2, remember=False)
    token = seat.join(code, "captain", "Ann")
    locker = sqlite3.connect(database(tmp_path), isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseTrouble, match=r"locked by another program.*try again"):
            seat.join(code, "officer", "Bob")
        seat.heartbeat(code, token)  # a missed heartbeat is no error at all
        assert seat.session(code).code == code  # reading goes on meanwhile
    finally:
        locker.execute("ROLLBACK")
    assert seat.join(code, "officer", "Bob")


def test_a_damaged_database_is_explained_by_join_and_host_resume(tmp_path: Path) -> None:
    path = database(tmp_path)
    path.write_bytes(b"this is not a database, it was overwritten" * 200)
    for args in (
        ("join", "KXR7-2MPQ-W9TD", "--role", "captain", "--name", "Ann"),
        ("join",),
        ("host", "--resume", "KXR7-2MPQ-W9TD"),
        ("serve", "--port", "1"),
    ):
        out = crisis(tmp_path, *args)
        assert out.returncode == 1, (args, out.stderr)
        assert "Traceback" not in out.stderr + out.stdout
        assert "is damaged" in out.stderr and "Move it aside" in out.stderr


def test_a_saves_folder_that_cannot_be_made_is_explained(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    out = crisis(blocker / "saves", "join", "KXR7-2MPQ-W9TD")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "Cannot use" in out.stderr or "--saves" in out.stderr


def test_a_deleted_database_is_noticed_and_a_copy_kept(tmp_path: Path) -> None:
    host, code = make(tmp_path)
    host.join(code, "captain", "Ann")
    host.data_version()
    for name in ("live.sqlite3", "live.sqlite3-wal", "live.sqlite3-shm"):
        (tmp_path / name).unlink(missing_ok=True)  # someone tidies the saves folder mid-class
    gone = r"deleted or replaced.*crisis host --resume CODE. puts it back"
    with pytest.raises(DatabaseGone, match=gone) as info:
        host.data_version()
    [copy] = tmp_path.glob("live-rescued-*.sqlite3")
    assert str(copy) in str(info.value)
    rescued = LiveStore(copy)
    assert [s.name for s in rescued.seats(code)] == ["Ann"]
    # A new joiner meanwhile opens an empty database and is told why it finds nothing.
    newcomer = LiveStore(database(tmp_path))
    with pytest.raises(store.WrongCode, match="no live session at all"):
        newcomer.lookup(code)
    newcomer.close()
    rescued.close()
    # `crisis host --resume CODE` puts the copy back in place of the empty database.
    assert store.restore_rescued(tmp_path) == copy
    assert [s.name for s in LiveStore(database(tmp_path)).seats(code)] == ["Ann"]


def old_database(path: Path) -> None:
    """A database as the first version of live sessions left it (no user_version)."""
    db = sqlite3.connect(path)
    db.executescript(store.MIGRATIONS[0])
    db.execute(
        "INSERT INTO sessions (code, scenario_id, scenario_path, scenario_text, seed, created)"
        " VALUES ('K7QF2M', 'council', 'council.yaml', ?, 1, '2026-01-01T00:00:00')",
        (SCENARIO.encode(),),
    )
    db.commit()
    db.close()


def test_an_older_database_is_upgraded_and_keeps_its_sessions(tmp_path: Path) -> None:
    path = database(tmp_path)
    old_database(path)
    live = LiveStore(path)
    assert live.schema_version() == store.SCHEMA_VERSION
    session = live.session("k7qf2m")
    assert (session.roles, session.status) == ("open", "open")
    with pytest.raises(store.LiveError, match="crisis host --resume"):
        live.lookup("K7QF2M")  # closed to joiners until its host reopens it
    live.touch("K7QF2M")
    assert live.join("K7QF2M", "captain", "Ann")


def test_a_newer_database_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = database(tmp_path)
    make(tmp_path)[0].close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={store.SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(DatabaseTrouble, match="newer version of crisis"):
        LiveStore(path)
    out = crisis(tmp_path, "join", "KXR7-2MPQ-W9TD")
    assert out.returncode == 1 and "newer version" in out.stderr and "Traceback" not in out.stderr


async def test_a_full_disk_does_not_stop_the_crisis_room(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.engine import saves
    from game.live.session import LiveGame
    from game.tui.live.host_app import HostApp

    from ..tui.helpers import screen_text, settle

    store, code = make(tmp_path)
    store.join(code, "captain", "Ann")  # a seat taken: the decision waits for her

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(saves.Recorder, "autosave", full)
    app = HostApp(tmp_path, LiveGame.open(tmp_path, code))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause(0.5)
        await settle(pilot)
        await pilot.press("c")  # start the lesson
        await pilot.pause(0.5)
        await settle(pilot)
        before = app.live.seq
        await pilot.press("s")  # the story still moves on (skip: history's choice)
        await pilot.pause(0.5)
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "Cannot write the autosave" in text and "No space left" in text
        assert app.live.seq == before + 1
