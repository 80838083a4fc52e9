"""Live sessions on this machine, for 2, 10 and 30 seats: a key in the crisis room (pause,
resume) to the first frame showing it at every seat (real seat apps past their briefing,
headless, separate processes, as browser seats are), against bare Textual apps woken by the same bell and reading
the same database (`benchmarks/live_seat.py --bare`), and bare apps that look every 50 ms
instead, as seats did before the bell (`--bare-poll`). Browser seats are `bench_serve.py`.

    python -m benchmarks.bench_live [2 10 30]
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from game.engine.catalog import bundled_dir
from game.engine.loader import load_file
from game.live.session import LiveGame

ROOT = Path(__file__).resolve().parent.parent


def descendants(pid: int) -> list[int]:
    """Every process started under `pid` (seats run through a shell, so go all the way down)."""
    found = []
    for child in children(pid):
        found += [child, *descendants(child)]
    return found


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def room_keys(n: int, saves: Path, bare: str | None, keys: int = 6) -> list[float]:
    """n headless seats (or n bare apps, `bare` being "--bare" or "--bare-poll"); the crisis
    room pauses and resumes the session `keys` times; seconds from each key to each seat's
    first frame showing it."""
    from game.live.flow import live_flow

    loaded = load_file(bundled_dir() / "b59.yaml")
    live = LiveGame.host(saves, loaded, Path(loaded.path).read_bytes(), seed=1)
    room = live_flow(live)
    room.begin()
    roles = [r.id for r in loaded.scenario.roles]
    logs, procs = [], []
    for i in range(n):
        log = saves / f"seat-{i}.log"
        logs.append(log)
        args = (
            [bare, str(saves), live.code, str(log)]
            if bare
            else [str(saves), live.code, roles[i % len(roles)], f"Seat {i}", str(log)]
        )
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "benchmarks.live_seat", *args],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    samples: list[float] = []
    try:
        deadline = time.time() + 120
        while time.time() < deadline and not all(p.exists() for p in logs):
            time.sleep(0.2)
        time.sleep(2.0)  # every seat is up and listening
        for number in range(keys):
            pressed = time.time()
            room.resume() if number % 2 else room.pause()
            target = live.seq
            time.sleep(1.0)
            for log in logs:
                for line in log.read_text().splitlines():
                    seq, at = line.split()
                    if int(seq) >= target:
                        samples.append(float(at) - pressed)
                        break
        live.store.set_status(live.code, "ended")
    finally:
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
    return samples


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [2, 10, 30]
    print(
        "crisis room key (pause, resume) -> frame drawn at every seat; baseline: a bare Textual"
        " app woken by the same bell, reading the same database (and one looking every 50 ms)"
    )
    for n in sizes:
        runs = {}
        for kind in ("--bare", "--bare-poll", None):
            with tempfile.TemporaryDirectory() as folder:
                runs[kind] = room_keys(n, Path(folder), bare=kind)
        bare, poll, real = runs["--bare"], runs["--bare-poll"], runs[None]
        b, p, r = (statistics.median(x) for x in (bare, poll, real))
        print(
            f"{n:>3} seats: bare median {1000 * b:.0f} ms (max {1000 * max(bare):.0f}), "
            f"bare polling {1000 * p:.0f} ms (max {1000 * max(poll):.0f}), seats median "
            f"{1000 * r:.0f} ms (max {1000 * max(real):.0f}) -> {r / b:.2f}x bare, "
            f"{r / p:.2f}x bare polling (target <= 100 ms)"
        )
    print(f"machine: {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
