"""`crisis serve` starting browser seats from its warm seat zygote: a seat forked from it is a
real seat (join form, joining, wrong codes counted against the browser's address), a dead
zygote does not stop seats from starting, and the caps still refuse."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import shlex
import signal
import socket
import sqlite3
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from game.engine.loader import load_bytes
from game.live.serve import SeatServer
from game.live.session import LiveGame
from game.live.store import LiveStore, database
from game.live.warm import WarmSeat, Zygote

from .test_live_store import SCENARIO

WAIT = float(os.environ.get("WAIT", 60))  # generous: a slow machine is not a failure; nothing here is timed
ENTER, DOWN, TAB = "\r", "\x1b[B", "\t"
PAUSE = 0.5
CONTROL = re.compile(r"\x1b(\[[0-9;?$]*[ -/]*[@-~]|[()][0-9A-B]|[=>78])")


class Recording(Zygote):
    """A zygote that remembers what it was asked for: a seat, or None (a fresh process)."""

    def __init__(self, saves: Path) -> None:
        super().__init__(saves)
        self.given: list[WarmSeat | None] = []

    async def fork(self, environment: dict[str, str]) -> WarmSeat | None:
        seat = await super().fork(environment)
        self.given.append(seat)
        return seat


@dataclass
class Served:
    server: SeatServer
    zygote: Recording
    url: str
    saves: Path
    http: aiohttp.ClientSession = field(repr=False)


async def until(condition: Callable[[], object]) -> None:
    async with asyncio.timeout(WAIT):
        while not condition():
            await asyncio.sleep(0.05)


@asynccontextmanager
async def serving(saves: Path, per_address: int = 3, total: int = 40) -> AsyncIterator[Served]:
    command = shlex.join([sys.executable, "-m", "game", "--saves", str(saves), "join"])
    zygote = Recording(saves)
    server = SeatServer(command, per_address=per_address, total=total, zygote=zygote)
    test_server = TestServer(await server._make_app(), host="127.0.0.1")
    await test_server.start_server()
    try:
        await until(lambda: zygote.ready)
        async with aiohttp.ClientSession() as http:
            url = f"ws://127.0.0.1:{test_server.port}/ws?width=100&height=30"
            yield Served(server, zygote, url, saves, http)
    finally:
        await test_server.close()  # runs the server's shutdown: the zygote is stopped


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    async with serving(tmp_path) as one:
        yield one


class Page:
    """The server's side of one browser page: what the seat drew (its text, without the
    terminal's control sequences), and keys typed into it."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket, self.seen, self.read = socket, "", 0

    async def shows(self, pattern: str) -> None:
        """Wait until the seat draws text matching `pattern` (after what was last matched)."""
        async with asyncio.timeout(WAIT):
            while not (found := re.search(pattern, self.seen[self.read :])):
                message = await self.socket.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.seen += CONTROL.sub("", message.data.decode("utf-8", "replace"))
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                    raise AssertionError(f"closed before showing {pattern!r}")
            self.read += found.end()

    async def type(self, *keys: str) -> None:
        for key in keys:
            await self.socket.send_json(["stdin", key])

    async def press(self, *keys: str) -> None:
        """Keys that move the focus, at a person's pace: a key that comes before the focus
        has moved goes to the field before."""
        for key in keys:
            await asyncio.sleep(PAUSE)
            await self.type(key)


def seat_parent(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])


def hosted(saves: Path) -> LiveGame:
    loaded = load_bytes(SCENARIO.encode(), "council.yaml")
    return LiveGame.host(saves, loaded, SCENARIO.encode(), seed=1)


async def test_a_forked_seat_shows_the_join_form_and_joins_a_hosted_session(
    served: Served,
) -> None:
    live = hosted(served.saves)
    async with served.http.ws_connect(served.url) as socket_:
        page = Page(socket_)
        await page.shows("Join a live crisis")
        seat = served.zygote.given[0]
        assert seat is not None, "the seat was forked, not started as a fresh process"
        assert served.zygote.process is not None
        assert seat_parent(seat.pid) == served.zygote.process.pid
        await page.type(live.code)
        await page.shows("choose your role.")
        await page.press(ENTER, ENTER)  # to the role menu, and open it
        await page.shows(r"Officer \(Boat\)")
        await page.press(DOWN, ENTER, TAB)  # the first role, then to the name
        await page.press("Vasili", ENTER)
        await page.shows(r"Captain  ·  code ")  # the seat's status line
        store = LiveStore(database(served.saves))
        try:
            joined = [(seat.role, seat.name) for seat in store.seats(live.code)]
        finally:
            store.close()
        assert joined == [("captain", "Vasili")]
    # The browser went away: the seat ends by itself and its place is free again.
    assert await asyncio.wait_for(seat.wait(), WAIT) == 0
    await until(lambda: not served.server.running)  # no longer counted


async def test_a_forked_seat_counts_wrong_codes_against_the_browser_s_address(
    served: Served,
) -> None:
    hosted(served.saves)
    async with served.http.ws_connect(served.url) as socket_:
        page = Page(socket_)
        await page.shows("Join a live crisis")
        await page.type("KXR7-2MPQ-W9TD")
        await page.shows("No live session has that code")
    with sqlite3.connect(database(served.saves)) as db:
        sources = {row[0] for row in db.execute("SELECT source FROM attempts")}
    assert sources == {"127.0.0.1"}


async def test_a_dead_zygote_falls_back_to_fresh_processes_and_comes_back(
    served: Served, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "crisis.serve")
    assert served.zygote.process is not None
    dead = served.zygote.process.pid
    os.kill(dead, signal.SIGKILL)
    await until(lambda: not served.zygote.ready)  # the server noticed
    async with served.http.ws_connect(served.url) as socket_:
        await Page(socket_).shows("Join a live crisis")  # a fresh `crisis join` drew it
    assert served.zygote.given == [None]
    assert "warm seat process stopped" in caplog.text
    # It is started again, and seats are forked from the new one.
    await until(lambda: served.zygote.ready)
    assert served.zygote.process is not None and served.zygote.process.pid != dead
    async with served.http.ws_connect(served.url) as socket_:
        await Page(socket_).shows("Join a live crisis")
    assert served.zygote.given[-1] is not None


async def test_a_zygote_that_cannot_fork_a_seat_falls_back(served: Served) -> None:
    path = served.zygote.socket_path
    path.rename(path.with_name("elsewhere"))  # asking it for a seat fails
    async with served.http.ws_connect(served.url) as socket_:
        await Page(socket_).shows("Join a live crisis")
    assert served.zygote.given == [None]


async def test_forked_seats_are_still_capped_per_address_and_in_all(tmp_path: Path) -> None:
    async with serving(tmp_path, per_address=1, total=40) as served:
        async with served.http.ws_connect(served.url) as first:
            await Page(first).shows("Join a live crisis")
            async with served.http.ws_connect(served.url) as second:
                await Page(second).shows("already has 1 seats open")
        await until(lambda: not served.server.running)  # the first seat has ended
        async with served.http.ws_connect(served.url) as again:
            await Page(again).shows("Join a live crisis")  # its place was given back
    async with serving(tmp_path, per_address=5, total=1) as served:
        async with served.http.ws_connect(served.url) as first:
            await Page(first).shows("Join a live crisis")
            async with served.http.ws_connect(served.url) as second:
                await Page(second).shows("All 1 seats of this server are in use")
        assert [seat is not None for seat in served.zygote.given] == [True]


async def test_a_malformed_request_leaves_the_zygote_serving(served: Served) -> None:
    """Anything that reaches its socket without the three pipe ends is answered and dropped;
    the next real seat is still forked."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as bad:
        bad.settimeout(WAIT)
        bad.connect(str(served.zygote.socket_path))
        bad.sendall(b"\0\0\0\2{}")
        assert b"error" in bad.recv(256)
    async with served.http.ws_connect(served.url) as socket_:
        await Page(socket_).shows("Join a live crisis")
    assert served.zygote.given[-1] is not None


def descendants(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError):
                if seat_parent(int(entry.name)) == pid:
                    found += [int(entry.name), *descendants(int(entry.name))]
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


async def test_seats_end_when_the_server_is_killed(tmp_path: Path) -> None:
    """Nothing can reach a seat once its server has gone: the seats do not linger."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "game", "--saves", str(tmp_path), "serve", "--port", str(port),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        async with aiohttp.ClientSession() as http:
            async with asyncio.timeout(WAIT):
                while True:
                    with contextlib.suppress(aiohttp.ClientError):
                        async with http.get(f"http://127.0.0.1:{port}/"):
                            break
                    await asyncio.sleep(0.2)
            url = f"ws://127.0.0.1:{port}/ws?width=80&height=24"
            async with http.ws_connect(url) as socket_:
                await Page(socket_).shows("Join a live crisis")
                processes = descendants(server.pid)
                assert len(processes) == 2  # the warm process and the seat forked from it
                server.kill()
                await server.wait()
                await until(lambda: not any(alive(pid) for pid in processes))
    finally:
        with contextlib.suppress(ProcessLookupError):
            server.kill()
        await server.wait()
