"""The session bell: a change committed by one process wakes the others."""

from __future__ import annotations

import os
import select
import socket
import stat
from pathlib import Path

import pytest

from game.live import bell
from game.live.flow import LiveBallots
from game.live.store import LiveStore, database

from .test_live_tui import hosted

needs_unix = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no unix sockets here")


def woken(listener: bell.Listener) -> int:
    """How many rings are waiting (without waiting for one)."""
    select.select([listener], [], [], 0)
    return listener.drain()


@needs_unix
def test_a_ring_reaches_every_listener_of_the_session(tmp_path: Path) -> None:
    first, second = bell.listen(tmp_path, "ROOM1"), bell.listen(tmp_path, "ROOM1")
    other = bell.listen(tmp_path, "ROOM2")
    assert first and second and other
    assert bell.ring(tmp_path, "ROOM1") == 2
    readable, _, _ = select.select([first, second, other], [], [], 5)
    assert set(readable) == {first, second}
    assert first.drain() == 1 and second.drain() == 1 and woken(other) == 0
    for listener in (first, second, other):
        listener.close()


@needs_unix
def test_many_rings_wake_a_listener_once(tmp_path: Path) -> None:
    listener = bell.listen(tmp_path, "ROOM1")
    assert listener
    for _ in range(5):
        bell.ring(tmp_path, "ROOM1")
    select.select([listener], [], [], 5)
    assert listener.drain() == 5 and woken(listener) == 0  # one catch-up reads them all
    listener.close()


@needs_unix
def test_the_bell_folder_and_sockets_are_private(tmp_path: Path) -> None:
    listener = bell.listen(tmp_path, "ROOM1")
    assert listener
    folder = bell.session_folder(tmp_path, "ROOM1")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
    assert "ROOM1" not in str(folder)  # the code lets students in: it is not written out
    [sock] = folder.iterdir()
    assert stat.S_ISSOCK(sock.stat().st_mode) and stat.S_IMODE(sock.stat().st_mode) == 0o600
    listener.close()
    assert not folder.exists()  # the last listener tidies up


@needs_unix
def test_a_socket_left_by_a_killed_process_is_removed(tmp_path: Path) -> None:
    gone, alive = bell.listen(tmp_path, "ROOM1"), bell.listen(tmp_path, "ROOM1")
    assert gone and alive
    gone.sock.close()  # killed: its socket file stays behind, with nobody reading it
    assert bell.ring(tmp_path, "ROOM1") == 1
    assert [p.name for p in bell.session_folder(tmp_path, "ROOM1").iterdir()] == [alive.name]
    alive.close()


def test_ringing_a_session_nobody_listens_to_is_harmless(tmp_path: Path) -> None:
    assert bell.ring(tmp_path, "ROOM1") == 0
    assert bell.ring(tmp_path / "no such folder", "ROOM1") == 0
    assert not (tmp_path / bell.FOLDER).exists()


@needs_unix
@pytest.mark.skipif(not bell.PROC_FD.is_dir(), reason="reached through /proc only")
def test_a_saves_folder_too_deep_for_a_socket_address_still_rings(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*["a-rather-long-folder-name"] * 6)
    deep.mkdir(parents=True)
    listener = bell.listen(deep, "ROOM1")
    assert listener
    assert len(os.fsencode(bell.session_folder(deep, "ROOM1") / listener.name)) > 108
    assert bell.ring(deep, "ROOM1") == 1
    select.select([listener], [], [], 5)
    assert listener.drain() == 1
    listener.close()


@needs_unix
def test_the_store_rings_for_votes_but_not_for_heartbeats(tmp_path: Path) -> None:
    host = hosted(tmp_path)
    code = host.code
    seat = LiveStore(database(tmp_path))  # another process's connection
    token = seat.join(code, "captain", "Ann")
    listener = bell.listen(tmp_path, code)
    assert listener
    seat.heartbeat(code, token)
    assert woken(listener) == 0  # every seat sends one each second: nobody is woken
    seat.cast(code, 0, 0, LiveBallots.key("captain", "Ann"), "captain", "fire")
    select.select([listener], [], [], 5)
    assert listener.drain() == 1
    seat.deadline(code, 0, 60)
    select.select([listener], [], [], 5)
    assert listener.drain() == 1  # the first to set the clock tells everyone
    seat.deadline(code, 0, 60)
    assert woken(listener) == 0  # everyone else finds it set: nothing changed
    listener.close()
