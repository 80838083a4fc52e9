"""`crisis serve`: a page that needs nothing from the internet, and a cap on seat processes."""

from __future__ import annotations

import asyncio
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from ..conftest import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, str]]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "game",
            "--saves",
            str(tmp_path),
            "serve",
            "--port",
            str(port),
            "--seats-per-address",
            "1",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page = ""
        for _ in range(80):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as reply:
                    page = reply.read().decode()
                    break
            except OSError:
                time.sleep(0.25)
        yield port, page
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_served_page_refers_to_no_other_host(server: tuple[int, str]) -> None:
    port, page = server
    assert "Crisis — join a live session" in page
    here = f"127.0.0.1:{port}"
    addresses = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", page)
    addresses += re.findall(r"""url\(\s*["']?([^"')]+)""", page)
    addresses += re.findall(r"""[a-z]+://[^\s"'<>)]+""", page)
    assert addresses
    for address in addresses:
        host = re.match(r"^(?:[a-z]+:)?//([^/]+)", address)
        assert host is None or host.group(1) == here, address
    # What the page loads is really served here (the font included).
    for local in re.findall(r"""(?:src|href)=["'](/static/[^"']+)""", page) + re.findall(
        r"""url\(["'](/static/[^"']+)""", page
    ):
        with urllib.request.urlopen(f"http://{here}{local}", timeout=5) as reply:
            assert reply.status == 200, local


async def test_seats_from_one_address_are_capped_politely(server: tuple[int, str]) -> None:
    port, _ = server
    url = f"ws://127.0.0.1:{port}/ws?width=80&height=24"
    async with aiohttp.ClientSession() as http, http.ws_connect(url) as first:
        await first.send_json(["resize", {"width": 80, "height": 24}])
        async with http.ws_connect(url) as second:
            message = await asyncio.wait_for(second.receive(), 20)
            assert message.type == aiohttp.WSMsgType.BINARY
            assert b"already has 1 seats open" in message.data
        # The first seat is a real one: its process draws the join screen.
        seen = b""
        while b"Join" not in seen:
            reply = await asyncio.wait_for(first.receive(), 30)
            assert reply.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT)
            if reply.type == aiohttp.WSMsgType.BINARY:
                seen += reply.data
