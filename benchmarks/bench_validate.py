"""Validation at scale, side by side with the nearest Python peer, in one run.

    python -m benchmarks.bench_validate            # crisis, and bardic when it can be installed
    python -m benchmarks.bench_validate --no-peer  # crisis alone

The same graph is written twice: as a crisis scenario and as a bardic 0.10.2 story. Each node
has about 220 characters of text, three choices and one change of state (the variable is hidden,
as a bardic story's are, so the change needs no `why`; each decision still has the warning that it
has no `history`, as any decision without one has). `bardic compile` and
`crisis validate` run as separate processes, in turns (CPU time and peak memory as the kernel
counts them, best of `--runs`), with a 10-node graph beside them for what a process costs to
start; bardic is the `benchmark-peer` extra of pyproject.toml, installed into a virtual
environment of its own under benchmarks/.peer-venv, never into the game's.
Then the largest graph is loaded as the game loads a scenario, each time in a new process: cold,
reopened from the compiled cache by a new process (as loaded, and with every node used once: a
reopened scenario makes its nodes as they are first used), and reopened by a process that has
loaded it already (which holds the verified entry).
Every figure is a ratio to a baseline measured in the same run: ratios are what to compare
between machines. The targets are printed beside them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEER_VENV = HERE / ".peer-venv"
SIZES = (2_500, 5_000, 10_000)
TARGET_SPEED = 5.0  # crisis at least this many times faster than the peer
TARGET_CACHE = 0.05  # a reload from the cache at most this fraction of a cold load


def peer_requirement() -> str:
    """The peer's pinned requirement, from the `benchmark-peer` extra."""
    with open(HERE.parent / "pyproject.toml", "rb") as file:
        project = tomllib.load(file)["project"]
    (requirement,) = project["optional-dependencies"]["benchmark-peer"]
    return str(requirement)


TEXT = (
    "The cables from the embassy arrive faster than anyone can read them, and every adviser in "
    "the room has a different idea of what the other side wants. Step {i} of the crisis, and the "
    "clock keeps running."
)


def crisis_scenario(n: int) -> str:
    head = (
        'format: 1\nid: side-by-side\ntitle: Side by side\nperiod: {start: "1962-10-16"}\n'
        "summary: The benchmark graph.\nminutes: 60\nauthors: [Benchmark]\nlicence: CC0\n"
        "roles:\n  - {id: lead, name: The Lead, side: Us, briefing: Decide.}\n"
        "variables:\n  - {id: tension, label: Tension, type: integer, min: 0, max: 1000000, "
        "start: 0, display: hidden}\nstart: n0\nnodes:\n"
    )
    parts = [head]
    for i in range(n - 1):
        parts.append(
            f"  n{i}:\n    kind: decision\n    title: Step {i}\n    deciders: [lead]\n"
            f'    text: "{TEXT.format(i=i)}"\n    effects: {{add: {{tension: 1}}}}\n'
            "    choices:\n"
            + "".join(
                f"      - {{id: c{k}, label: Option {k}, goto: {_target(i, k, n)}}}\n"
                for k in range(3)
            )
        )
    parts.append(f"  n{n - 1}:\n    kind: ending\n    title: The end\n    category: other\n")
    return "".join(parts)


def peer_story(n: int) -> str:
    parts = ["@metadata\n  title: Side by side\n  story_id: side-by-side\n\n"]
    for i in range(n - 1):
        name = "Start" if i == 0 else f"n{i}"
        parts.append(
            f":: {name}\n~ tension = {'0' if i == 0 else 'tension + 1'}\n{TEXT.format(i=i)}\n"
            + "".join(f"+ [Option {k}] -> {_target(i, k, n)}\n" for k in range(3))
            + "\n"
        )
    parts.append(f":: n{n - 1}\nThe end.\n")
    return "".join(parts)


def _target(i: int, k: int, n: int) -> str:
    return f"n{min(n - 1, i + k + 1)}"


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """CPU seconds (user + system) and peak resident MiB of one process, as the kernel counts
    them when it ends (to the microsecond: GNU time's hundredths are too coarse for a start-up
    of a tenth of a second). CPU time, not wall time: on a shared machine the wall clock also
    counts the time others had the processor."""
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stderr.close()
    if child.returncode != 0:
        raise subprocess.CalledProcessError(child.returncode, command, stderr=errors)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def interleaved(
    commands: list[tuple[list[str], dict[str, str] | None]], runs: int
) -> list[tuple[float, float]]:
    """The best CPU time and the highest peak memory of each command, running them in turns."""
    results: list[list[tuple[float, float]]] = [[] for _ in commands]
    for _ in range(runs):
        for i, (command, env) in enumerate(commands):
            results[i].append(timed(command, env))
    return [(min(r[0] for r in rs), max(r[1] for r in rs)) for rs in results]


def ensure_peer() -> Path | None:
    binary = PEER_VENV / "bin" / "bardic"
    requirement = peer_requirement()
    stamp = PEER_VENV / "requirement.txt"
    if binary.exists() and stamp.exists() and stamp.read_text().strip() == requirement:
        return binary
    try:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(PEER_VENV)], check=True)
        subprocess.run(
            [str(PEER_VENV / "bin" / "pip"), "install", "--quiet", requirement],
            check=True,
            capture_output=True,
        )
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"(could not install {requirement}: {exc}; comparing crisis alone)")
        return None
    stamp.write_text(requirement + "\n")
    return binary


_LOAD = """\
import sys, time
from pathlib import Path
from game.engine.cache import use_cache
from game.engine.loader import load_file
use_cache(None if sys.argv[2] == "-" else Path(sys.argv[2]))
for _ in range(int(sys.argv[3])):
    loaded = None
    start = time.process_time()
    loaded = load_file(sys.argv[1])
    if sys.argv[4] == "every-node":
        list(loaded.scenario.nodes.values())
    took = time.process_time() - start
print(took)
"""


def load_time(file: Path, cache: Path | None, loads: int = 1, every_node: bool = False) -> float:
    """CPU seconds of the last of `loads` loads of `file` by a new process, as the game loads
    a scenario (the compiled cache in `cache`, or none); with `every_node`, until every node
    has been used once (a reopened scenario makes its nodes as they are first used)."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            _LOAD,
            str(file),
            str(cache) if cache else "-",
            str(loads),
            "every-node" if every_node else "-",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=HERE.parent,
    )
    return float(out.stdout.split()[-1])


def cache_times(file: Path, runs: int) -> tuple[float, float, float, float]:
    """A cold load, a reload by a new process from the cache (as loaded, and with every node
    used), and a reload by the process that loaded the file already, each the best of `runs`
    (CPU seconds inside the process)."""
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        load_time(file, cache)  # fills the cache
        cold, fresh, whole, same = [], [], [], []
        for _ in range(runs):
            cold.append(load_time(file, None))
            fresh.append(load_time(file, cache))
            whole.append(load_time(file, cache, every_node=True))
            same.append(load_time(file, cache, loads=2))
    return min(cold), min(fresh), min(whole), min(same)


def _verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-peer", action="store_true", help="measure crisis alone")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (best is kept)")
    args = parser.parse_args()
    peer = None if args.no_peer else ensure_peer()
    env = {**os.environ, "CRISIS_CACHE": "off"}
    crisis = [sys.executable, "-m", "game", "validate"]
    print(
        f"{'nodes':>7} {'crisis CPU s':>12} {'MiB':>6} {'peer CPU s':>10} {'MiB':>6} "
        f"{'speed ×':>8} {'mem ×':>6}"
    )
    ours_times, theirs_per_node, speed, memory = [], [], [], []
    with tempfile.TemporaryDirectory() as folder:
        # What a process costs before its first node: starting Python, importing the game. It
        # is taken in turns with every size, and the best of all those turns is kept.
        tiny = Path(folder) / "graph-10.yaml"
        tiny.write_text(crisis_scenario(10), encoding="utf-8")
        start_ups = []
        for n in SIZES:
            ours_file = Path(folder) / f"graph-{n}.yaml"
            ours_file.write_text(crisis_scenario(n), encoding="utf-8")
            commands: list[tuple[list[str], dict[str, str] | None]] = [
                ([*crisis, str(ours_file)], env),
                ([*crisis, str(tiny)], env),
            ]
            if peer is not None:
                story = Path(folder) / f"graph-{n}.bard"
                story.write_text(peer_story(n), encoding="utf-8")
                commands.append(
                    ([str(peer), "compile", str(story), "-o", str(story) + ".json"], None)
                )
            # Taken in turns, so that both see the same load on a shared machine.
            ours, tiny_one, *rest = interleaved(commands, args.runs)
            ours_times.append(ours[0])
            start_ups.append(tiny_one[0])
            line = f"{n:>7} {ours[0]:>12.2f} {ours[1]:>6.0f}"
            if rest:
                (theirs,) = rest
                theirs_per_node.append(theirs[0] / n)
                speed.append(theirs[0] / ours[0])
                memory.append(ours[1] / theirs[1])
                line += (
                    f" {theirs[0]:>10.2f} {theirs[1]:>6.0f} {speed[-1]:>7.2f}x {memory[-1]:>5.2f}x"
                )
            print(line)
        print()
        if peer is not None:
            print("speed ×: how many times faster crisis is than the peer on the same graph")
            print("mem ×:   crisis's peak memory / the peer's")
            print(
                f"target {TARGET_SPEED:.0f}× faster: {_verdict(min(speed) >= TARGET_SPEED)} "
                f"(from {min(speed):.2f}× to {max(speed):.2f}×)"
            )
            print(
                f"target memory no higher than the peer's: {_verdict(max(memory) <= 1.0)} "
                f"(from {min(memory):.2f}× to {max(memory):.2f}×)"
            )
        start_up = min(start_ups)
        ours_per_node = [(t - start_up) / n for t, n in zip(ours_times, SIZES, strict=True)]
        linear = max(ours_per_node) / min(ours_per_node)
        print(
            f"linearity: after the {start_up:.2f}s a process takes to start (a 10-node graph), "
            f"time per node varies {linear:.2f}× across sizes (1.00 = linear)"
        )
        if theirs_per_node:
            print(
                f"           the peer's time per node, start-up included, varies "
                f"{max(theirs_per_node) / min(theirs_per_node):.2f}×"
            )
        cold, fresh, whole, same = cache_times(ours_file, args.runs)
        print(
            f"compiled cache, {SIZES[-1]:,} nodes, CPU time of loading in a process: "
            f"cold {cold:.3f}s"
        )
        print(
            f"  reopened by a new process (a live seat): {fresh:.3f}s = {fresh / cold:.3f}× "
            f"({_verdict(fresh / cold <= TARGET_CACHE)} {TARGET_CACHE}×)"
        )
        print(
            f"  ... and every node used once (a whole game played): {whole:.3f}s = "
            f"{whole / cold:.3f}×"
        )
        print(
            f"  reopened by the same process (the title screen, --watch): {same:.4f}s = "
            f"{same / cold:.4f}× ({_verdict(same / cold <= TARGET_CACHE)} {TARGET_CACHE}×)"
        )


if __name__ == "__main__":
    main()
