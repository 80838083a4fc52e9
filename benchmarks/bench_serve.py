"""Browser seats through `crisis serve`, in headless Chromium, against a bare Textual app served
the same way (the same server and page, `benchmarks/bare_seat.py`) in the same run. The crisis
server hosts a live B-59 session; a pupil joins it either from the page (typing the code, then
choosing a role and writing a name) or from its join link, /join/CODE, as the crisis room shows
it (the code filled in: a role and a name only). The bare app's form takes a name only.

- 1 seat, median of 3: opening the page to the join form drawn (target: a seat interactive
  within 1.5 s); the form's first key to the seat's screen drawn; opening the page to the seat
  (the script's two fixed waits for the role list, 0.3 s, left out of both);
  opening the join link to its form (code looked up) and to the seat (target 1.5 s), against the
  bare app's page to its form and to its seat;
- 30 pages opened by the join link at once (a class arriving): opening to the form and to the
  seat, for the slowest (target: within 4 s), against 30 bare pages;
  the 30 browsers share this machine's cores with the server, so the same 30 as bare websockets
  (the server's side of 30 browsers on 30 machines) are timed too, to the page's form (/ws) and
  to the link's form with its code filled in and its roles listed (/ws/join/CODE), and to the
  seat, each socket sending a pupil's keys (/ws/join/CODE; target: within 4 s);
- memory per seat (PSS of each seat's processes, with the 30 seated by link) and the seats one
  8 GB machine holds; the CPU a seated seat uses at rest, and the seats this machine's cores
  hold that way;
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
from collections.abc import Callable
from pathlib import Path

from game.engine.catalog import bundled_dir
from game.engine.loader import load_file
from game.live.serving import PATH, link
from game.live.session import LiveGame

from .bench_live import descendants, free_port

ROOT = Path(__file__).resolve().parent.parent
MACHINE_MIB = 8 * 1024
RESERVED_MIB = 1024  # the system, the server itself, a browser for the teacher
IDLE_SECONDS = 5.0
FORM = b"Join a live crisis"
CROWD = ("bare", "link")  # a class arrives by the join link the crisis room shows
LOOKED_UP = b"choose your role."  # the form's status once its code is looked up


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


def browsers(mode: str, address: str, count: int, code: str, server: subprocess.Popen) -> dict:
    """Run the pages; with all of them seated, read the memory of the seat processes."""
    env = {**os.environ, "NODE_PATH": os.environ.get("NODE_PATH", "/tmp/pw/node_modules"),
           "HOLD": "1"}  # fmt: skip
    node = subprocess.Popen(
        ["node", str(ROOT / "benchmarks" / "browser_seats.js"), address, str(count), code, mode],
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


def host(saves: Path) -> str:
    """A live B-59 session in `saves`: its code."""
    loaded = load_file(bundled_dir() / "b59.yaml")
    return LiveGame.host(saves, loaded, Path(loaded.path).read_bytes(), seed=1).code


def run(mode: str, count: int) -> dict:
    """`mode`: "bare" (the bare app's page), "crisis" (the page, the code typed) or "link"
    (the session's join link: the code filled in)."""
    with tempfile.TemporaryDirectory() as folder:
        saves = Path(folder)
        code = "" if mode == "bare" else host(saves)
        port = free_port()
        server = start_server("bare" if mode == "bare" else "crisis", saves, port)
        base = f"http://127.0.0.1:{port}"
        address = link(base, code) if mode == "link" else f"{base}/"
        try:
            return browsers(mode, address, count, code, server)
        finally:
            server.terminate()
            server.wait(timeout=20)


# What a socket waits for before it sends keys: every one of these texts, drawn since its last
# keys. Then the keys to send, or None: the clock stops there.
Step = tuple[tuple[bytes, ...], "str | None"]


async def sockets(
    port: int, count: int, path: str, steps: Callable[[int], list[Step]]
) -> list[float]:
    """`count` websockets opened at once at `path`, no browser (the server's side of a class
    whose browsers run on their own machines), socket `n` taking `steps(n)`: seconds from
    opening each to its last step's texts drawn."""
    import asyncio

    import aiohttp

    async with aiohttp.ClientSession() as http:

        async def one(number: int) -> float | None:
            start = time.perf_counter()
            left = steps(number)
            async with http.ws_connect(f"http://127.0.0.1:{port}{path}?width=80&height=24") as ws:
                seen = b""
                try:
                    async with asyncio.timeout(120):
                        async for message in ws:
                            data = message.data
                            seen += data if isinstance(data, bytes) else str(data).encode()
                            while left and all(text in seen for text in left[0][0]):
                                keys = left.pop(0)[1]
                                if keys is None:
                                    return time.perf_counter() - start
                                seen = b""  # what the keys do is drawn after them
                                await ws.send_str(json.dumps(["stdin", keys]))
                except TimeoutError:
                    pass
            return None

        results = await asyncio.gather(*(one(n) for n in range(count)))
    return [r for r in results if r is not None]


# A pupil's keys at a join form, each sent once the form shows what the last one did. At the
# join link: the first role stepped to (the menu has the focus), Tab to the name, the name,
# Enter. The bare app's form has only its name field.
FIRST_ROLE = b"Valentin Savitsky ("
# The crisis name field's placeholder after its first letter, which the cursor covers once the
# field has the focus (the whole placeholder shows only while the cursor blinks off).
NAME_FIELD = b".g. Ann"
SEAT = b"\xc2\xb7  code "  # a seat's status line ("·  code ...") in both apps


def joining_keys(kind: str, name: str) -> list[Step]:
    typed: list[Step] = [((name.encode(),), "\r"), ((SEAT,), None)]
    if kind == "bare":
        return [((FORM,), name), *typed]
    return [((LOOKED_UP,), "\x1b[B"), ((FIRST_ROLE,), "\t"), ((NAME_FIELD,), name), *typed]


def seated_socket_run(kind: str, count: int) -> list[float]:
    """`count` websockets at once at the join link (the bare app: its page), each seated."""
    import asyncio

    with tempfile.TemporaryDirectory() as folder:
        saves = Path(folder)
        code = host(saves) if kind == "crisis" else ""
        path = f"/ws{PATH}{code}" if kind == "crisis" else "/ws"
        port = free_port()
        server = start_server(kind, saves, port)
        try:
            return asyncio.run(
                sockets(port, count, path, lambda n: joining_keys(kind, f"Pupil{n}"))
            )
        finally:
            server.terminate()
            server.wait(timeout=20)


def socket_run(kind: str, count: int, linked: bool = False) -> list[float]:
    """The join form over `count` websockets at once: the page's (/ws), or with `linked` the
    join link's (/ws/join/CODE), whose form has the code filled in and its roles listed."""
    import asyncio

    with tempfile.TemporaryDirectory() as folder:
        saves = Path(folder)
        code = host(saves) if linked else ""
        path, wanted = "/ws", [FORM]
        if linked:
            path = f"/ws{PATH}{code}"
            if kind == "crisis":  # the bare app shows its form whatever the address
                wanted = [code.encode(), LOOKED_UP]
        port = free_port()
        server = start_server(kind, saves, port)
        try:
            return asyncio.run(sockets(port, count, path, lambda _: [(tuple(wanted), None)]))
        finally:
            server.terminate()
            server.wait(timeout=20)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def slowest(values: list[float]) -> float:
    return max(values, default=float("nan"))


def main() -> None:
    if sys.argv[1:2] == ["--bare-server"]:
        from game.live.serve import SeatServer

        port = int(sys.argv[2])
        SeatServer(f"{sys.executable} -m benchmarks.bare_seat", port=port, per_address=40,
                   total=40).serve()  # fmt: skip
        return
    many = int(sys.argv[1]) if sys.argv[1:] else 30
    one: dict[str, list[dict]] = {"bare": [], "crisis": [], "link": []}
    for _ in range(3):
        for mode in one:
            one[mode].append(run(mode, 1))
    crowd = {mode: run(mode, many) for mode in CROWD}
    wires = {kind: socket_run(kind, many) for kind in ("bare", "crisis")}
    linked_wires = {kind: socket_run(kind, many, linked=True) for kind in ("bare", "crisis")}
    seated_wires = {kind: seated_socket_run(kind, many) for kind in ("bare", "crisis")}

    def figure(mode: str, key: str) -> float:
        return median([r[key][0] for r in one[mode] if r[key]])

    runs = [r for rs in one.values() for r in rs] + list(crowd.values())
    external = sorted({a for r in runs for a in r["external"]})
    errors = [e for r in runs for e in r["errors"]]
    rows = [
        ("open page -> join form drawn (1 seat)", "form", "crisis", "form", 1500.0),
        ("join form, first key -> seat drawn (1 seat)", "join", "crisis", "join", None),
        ("open page -> seat drawn (1 seat)", "total", "crisis", "total", 1500.0),
        ("open join link -> join form drawn, code looked up (1 seat; bare: its page -> form)",
         "form", "link", "form", None),
        ("open join link -> seat drawn, role picked and name typed (1 seat; bare: its page -> "
         "seat, name typed)", "total", "link", "total", 1500.0),
    ]  # fmt: skip
    for label, bare_key, mode, key, target in rows:
        bare, crisis = figure("bare", bare_key), figure(mode, key)
        aim = f" (target <= {target / 1000:.1f} s)" if target else ""
        print(f"{label}: bare {bare:.0f} ms, crisis {crisis:.0f} ms -> {crisis / bare:.2f}x{aim}")
    linked = crowd["link"]
    up = len(linked["total"])
    bare_form, form = slowest(crowd["bare"]["form"]), slowest(linked["form"])
    print(
        f"{many} pages at once, open join link -> join form drawn, code looked up, slowest: "
        f"bare {bare_form:.0f} ms (its page -> form), crisis {form:.0f} ms "
        f"({len(linked['form'])} of {many}) -> {form / bare_form:.2f}x (target <= 4.0 s)"
    )
    bare_worst, worst = slowest(crowd["bare"]["total"]), slowest(linked["total"])
    print(
        f"{many} pages at once, open join link -> seat drawn, slowest: bare {bare_worst:.0f} ms "
        f"(its page -> seat), crisis {worst:.0f} ms ({up} of {many} seated) -> "
        f"{worst / bare_worst:.2f}x (target <= 4.0 s)"
    )
    for found, how in ((wires, "/ws, open -> join form"),
                       (linked_wires, "/ws/join/CODE, open -> join form with the code filled "
                                      "in and its roles listed (bare: its form)")):  # fmt: skip
        bare_s, crisis_s = slowest(found["bare"]), slowest(found["crisis"])
        print(
            f"{many} websockets at once (no browsers on this machine) at {how}, slowest: "
            f"bare {1000 * bare_s:.0f} ms, crisis {1000 * crisis_s:.0f} ms "
            f"({len(found['crisis'])} of {many}) -> {crisis_s / bare_s:.2f}x"
        )
    bare_s, crisis_s = slowest(seated_wires["bare"]), slowest(seated_wires["crisis"])
    print(
        f"{many} websockets at once at /ws/join/CODE, open -> seat drawn, role picked and name "
        f"typed (bare: its page, name typed), slowest: bare {1000 * bare_s:.0f} ms, crisis "
        f"{1000 * crisis_s:.0f} ms ({len(seated_wires['crisis'])} of {many} seated) -> "
        f"{crisis_s / bare_s:.2f}x (target <= 4.0 s)"
    )
    per_seat = linked["pss_mib"] / max(1, up)
    per_bare = crowd["bare"]["pss_mib"] / max(1, len(crowd["bare"]["total"]))
    print(
        f"memory per seat (PSS, {many} seated by join link): bare {per_bare:.1f} MiB, crisis "
        f"{per_seat:.1f} MiB -> {per_seat / per_bare:.2f}x; one 8 GB machine holds about "
        f"{int((MACHINE_MIB - RESERVED_MIB) / per_seat)} seats (memory; {RESERVED_MIB} MiB kept "
        "for the system and the server)"
    )
    idle = linked["idle_cpu"] / max(1, up)
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
