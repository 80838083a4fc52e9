"""Guessing join codes through `crisis serve`, as a browser would: type a code into the join
screen, clear it, type the next. `python -m benchmarks.bench_serve_guess PORT DB CODE [SECONDS [PACE]]`

Prints how many codes the seat process actually looked up per second: counted from the
database's wrong-code table when it has one, otherwise timed by typing SECONDS' worth of wrong
codes followed by the right one and waiting for the join screen to accept it.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import sqlite3
import sys
import time

import aiohttp

PACE = 0.0005  # seconds between codes
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def checked(db: str) -> int | None:
    try:
        with sqlite3.connect(db) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM attempts").fetchone()[0])
    except sqlite3.Error:
        return None


async def run(
    port: int, db: str, code: str, seconds: float, length: int, pace: float = PACE
) -> None:
    url = f"ws://127.0.0.1:{port}/ws?width=80&height=24"
    async with aiohttp.ClientSession() as http, http.ws_connect(url) as ws:
        screen = bytearray()

        async def read() -> None:  # the seat's output must be read, or it stops working
            async for msg in ws:
                if msg.type == aiohttp.WSMsgType.BINARY:
                    screen.extend(re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", msg.data))
                    del screen[:-20000]

        reader = asyncio.create_task(read())
        await ws.send_json(["resize", {"width": 80, "height": 24}])
        while b"Join" not in screen:
            await asyncio.sleep(0.1)
        before = checked(db)
        sent = 0
        start = time.monotonic()
        while time.monotonic() - start < seconds:
            guess = "".join(secrets.choice(ALPHABET) for _ in range(length))
            await ws.send_json(["stdin", "\x15" + guess])
            sent += 1
            await asyncio.sleep(pace)  # a burst garbles the terminal input; a fast typist does not
        if before is not None:
            await asyncio.sleep(3)
            after = checked(db) or 0
            print(
                f"typed {sent} codes in {seconds:.0f} s; the seat looked up {after - before} "
                f"({(after - before) / seconds:.2f}/s); the rest were refused unchecked"
            )
        else:
            screen.clear()
            await ws.send_json(["stdin", "\x15" + code])
            while b"choose your role" not in screen:
                await asyncio.sleep(0.05)
            elapsed = time.monotonic() - start
            print(f"{sent} wrong codes looked up in {elapsed:.1f} s: {sent / elapsed:.0f}/s")
        reader.cancel()


if __name__ == "__main__":
    port, db, code = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0
    pace = float(sys.argv[5]) if len(sys.argv) > 5 else PACE
    asyncio.run(run(port, db, code, seconds, 12 if len(code) >= 12 else 6, pace))
