"""Browser seats through `crisis serve`, in headless Chromium, against a bare Textual app served
the same way (the same server and page, `benchmarks/bare_seat.py`) in the same run:

- opening the page to the join form drawn (target: a seat interactive within 1.5 s);
- the join form's last key to the seat's screen drawn;
- 30 pages opened and joined at once: opening to the join form and to the seat, for the slowest
  (target: within 4 s);
  the 30 browsers share this machine's cores with the server, so the same 30 as bare websockets
  (the server's side of 30 browsers on 30 machines) are timed too;
- memory per seat (PSS of each seat's processes, with all 30 up) and the seats one 8 GB machine
  holds; the CPU a seated seat uses at rest, and the seats this machine's cores hold that way;
- every address the pages fetched that is not this server (there must be none).

    python -m benchmarks.bench_serve [SEATS]

Needs Chromium at /usr/bin/chromium and playwright-core (NODE_PATH, default /tmp/pw/node_modules).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from game.engine.catalog import bundled_dir
from game.engine.loader import load_file
from game.live.session import LiveGame

from .bench_live import descendants, free_port

ROOT = Path(__file__).resolve().parent.parent
MACHINE_MIB = 8 * 1024
RESERVED_MIB = 1024  # the system, the server itself, a browser for the teacher
IDLE_SECONDS = 5.0


def pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes have used so far."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def start_server(kind: str, saves: Path, port: int) -> subprocess.Popen:
    if kind == "bare":
        command = [sys.executable, "-m", "benchmarks.bench_serve", "--bare-server", str(port)]
    else:
        command = [sys.executable, "-m", "game", "--saves", str(saves), "serve", "--port",
                   str(port), "--seats", "40", "--seats-per-address", "40"]  # fmt: skip
    server = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the seat server did not start")


def browsers(kind: str, port: int, count: int, code: str, server: subprocess.Popen) -> dict:
    """Run the pages; with all of them seated, read the memory of the seat processes."""
    env = {**os.environ, "NODE_PATH": os.environ.get("NODE_PATH", "/tmp/pw/node_modules"),
           "HOLD": "1"}  # fmt: skip
    node = subprocess.Popen(
        ["node", str(ROOT / "benchmarks" / "browser_seats.js"), f"http://127.0.0.1:{port}/",
         str(count), code, kind],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    assert node.stdout is not None and node.stdin is not None
    result = json.loads(node.stdout.readline())
    seats = [pid for pid in descendants(server.pid)]
    result["pss_mib"] = sum(pss_kib(pid) for pid in seats) / 1024
    before = cpu_seconds(seats)
    time.sleep(IDLE_SECONDS)  # everyone seated, nobody typing: what the seats cost at rest
    result["idle_cpu"] = (cpu_seconds(seats) - before) / IDLE_SECONDS
    node.stdin.write("\n")
    node.stdin.flush()
    try:
        node.wait(timeout=20)
    except subprocess.TimeoutExpired:
        node.kill()
        node.wait()
    return result


def run(kind: str, count: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        saves = Path(folder)
        code = ""
        if kind == "crisis":
            loaded = load_file(bundled_dir() / "b59.yaml")
            code = LiveGame.host(saves, loaded, Path(loaded.path).read_bytes(), seed=1).code
        port = free_port()
        server = start_server(kind, saves, port)
        try:
            return browsers(kind, port, count, code, server)
        finally:
            server.terminate()
            server.wait(timeout=20)


async def sockets(port: int, count: int) -> list[float]:
    """`count` websockets opened at once, no browser (the server's side of a class whose
    browsers run on their own machines): seconds from opening each to its join form's text."""
    import asyncio

    import aiohttp

    async with aiohttp.ClientSession() as http:

        async def one() -> float | None:
            start = time.perf_counter()
            async with http.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24") as ws:
                seen = b""
                try:
                    async with asyncio.timeout(120):
                        async for message in ws:
                            data = message.data
                            seen += data if isinstance(data, bytes) else str(data).encode()
                            if b"Join a live crisis" in seen:
                                return time.perf_counter() - start
                except TimeoutError:
                    pass
            return None

        results = await asyncio.gather(*(one() for _ in range(count)))
    return [r for r in results if r is not None]


def socket_run(kind: str, count: int) -> list[float]:
    import asyncio

    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        server = start_server(kind, Path(folder), port)
        try:
            return asyncio.run(sockets(port, count))
        finally:
            server.terminate()
            server.wait(timeout=20)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> None:
    if sys.argv[1:2] == ["--bare-server"]:
        from game.live.serve import SeatServer

        port = int(sys.argv[2])
        SeatServer(f"{sys.executable} -m benchmarks.bare_seat", port=port, per_address=40,
                   total=40).serve()  # fmt: skip
        return
    many = int(sys.argv[1]) if sys.argv[1:] else 30
    one: dict[str, list[dict]] = {"bare": [], "crisis": []}
    for _ in range(3):
        for kind in one:
            one[kind].append(run(kind, 1))
    crowd = {kind: run(kind, many) for kind in one}
    wires = {kind: socket_run(kind, many) for kind in one}

    def figure(kind: str, key: str) -> float:
        return median([r[key][0] for r in one[kind] if r[key]])

    external = sorted({a for runs in one.values() for r in runs for a in r["external"]}
                      | {a for r in crowd.values() for a in r["external"]})  # fmt: skip
    errors = [e for runs in one.values() for r in runs for e in r["errors"]] + [
        e for r in crowd.values() for e in r["errors"]
    ]
    rows = [
        ("open page -> join form drawn (1 seat)", "form", 1500.0),
        ("join form, first key -> seat drawn (1 seat)", "join", None),
        ("open page -> seat drawn (1 seat)", "total", 1500.0),
    ]
    for label, key, target in rows:
        bare, crisis = figure("bare", key), figure("crisis", key)
        aim = f" (target <= {target / 1000:.1f} s)" if target else ""
        print(f"{label}: bare {bare:.0f} ms, crisis {crisis:.0f} ms -> {crisis / bare:.2f}x{aim}")
    bare_form = max(crowd["bare"]["form"], default=float("nan"))
    form = max(crowd["crisis"]["form"], default=float("nan"))
    print(
        f"{many} pages at once, open -> join form drawn, slowest: bare {bare_form:.0f} ms, "
        f"crisis {form:.0f} ms ({len(crowd['crisis']['form'])} of {many}) -> "
        f"{form / bare_form:.2f}x (target <= 4.0 s)"
    )
    bare_worst = max(crowd["bare"]["total"], default=float("nan"))
    worst = max(crowd["crisis"]["total"], default=float("nan"))
    up = len(crowd["crisis"]["total"])
    print(
        f"{many} pages at once, open -> seat drawn, slowest: bare {bare_worst:.0f} ms, crisis "
        f"{worst:.0f} ms ({up} of {many} seated) -> {worst / bare_worst:.2f}x (target <= 4.0 s)"
    )
    bare_s, crisis_s = (
        max(wires["bare"], default=float("nan")),
        max(wires["crisis"], default=float("nan")),
    )
    print(
        f"{many} websockets at once (no browsers on this machine), open -> join form, slowest: "
        f"bare {1000 * bare_s:.0f} ms, crisis {1000 * crisis_s:.0f} ms ({len(wires['crisis'])} "
        f"of {many}) -> {crisis_s / bare_s:.2f}x"
    )
    per_seat = crowd["crisis"]["pss_mib"] / max(1, up)
    per_bare = crowd["bare"]["pss_mib"] / max(1, len(crowd["bare"]["total"]))
    print(
        f"memory per seat (PSS): bare {per_bare:.1f} MiB, crisis {per_seat:.1f} MiB -> "
        f"{per_seat / per_bare:.2f}x; one 8 GB machine holds about "
        f"{int((MACHINE_MIB - RESERVED_MIB) / per_seat)} seats (memory; {RESERVED_MIB} MiB kept "
        "for the system and the server)"
    )
    idle = crowd["crisis"]["idle_cpu"] / max(1, up)
    bare_idle = crowd["bare"]["idle_cpu"] / max(1, len(crowd["bare"]["total"]))
    cores = os.cpu_count() or 1
    print(
        f"CPU per seated seat at rest: bare {100 * bare_idle:.2f}%, crisis {100 * idle:.2f}% of "
        f"a core; {cores} cores hold about {int(cores / idle) if idle else 'unlimited'} "
        "resting seats (CPU)"
    )
    print(f"fetched from outside this machine: {external or 'nothing'}")
    if errors:
        print(f"pages that failed: {errors}")
    print(f"machine: {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
