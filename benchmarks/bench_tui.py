"""The terminal game's speed, in one run, headless:

- process start to the first interactive screen, against a bare Textual app showing one line
  (target: at most 1.3x the bare app);
- a key press to the next decision screen complete and taking keys, against a bare Textual
  screen switch with a Footer timed the same way (`screen_timing.py`) (target: at most 1.5x).

    python -m benchmarks.bench_tui
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from game.engine.catalog import bundled_dir
from game.engine.game import Game
from game.engine.loader import load_file

from .screen_timing import FrameLog, bare_switches, median_ms, timed

ROOT = Path(__file__).resolve().parent.parent


def start_up(kind: str, saves: str, runs: int = 12) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "benchmarks.tui_apps", kind, saves], check=True, cwd=ROOT
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def keypress_to_decision(scenario: Path, saves: Path, games: int = 3) -> list[float]:
    """Key press (a choice, or Enter on an outcome) to the next decision screen complete.

    Keys are pressed after the early-key guard has passed (a reader takes longer than that), so
    every key counts and what is measured is the drawing, never the guard."""
    from game.tui.app import CrisisApp
    from game.tui.screens.decision import GUARD_SECONDS, DecisionScreen

    loaded = load_file(scenario)
    samples: list[float] = []
    for seed in range(games):
        log = FrameLog()
        app = timed(CrisisApp, log)(saves=saves, game=Game(loaded, seed=seed))
        app.set_start_up_aside = True  # as `crisis play` runs it
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.3)
            await pilot.press("enter")
            await asyncio.sleep(GUARD_SECONDS + 0.1)
            while not app.game.finished:
                before = app.screen
                key = "1" if isinstance(before, DecisionScreen) else "enter"
                start = time.perf_counter()
                await pilot.press(key)
                await asyncio.sleep(GUARD_SECONDS + 0.1)
                if app.screen is before:
                    raise RuntimeError("a key did not count: the benchmark would time the guard")
                if isinstance(app.screen, DecisionScreen):
                    took = log.since(start, app.screen)
                    if took is not None:
                        samples.append(took)
    return samples


def main() -> None:
    with tempfile.TemporaryDirectory() as saves:
        bare = start_up("bare", saves)
        crisis = start_up("crisis", saves)
        print(
            f"start-up to first screen: bare Textual app {bare:.3f} s, crisis {crisis:.3f} s "
            f"-> {crisis / bare:.2f}x (target <= 1.3x)"
        )
        bare_ms = median_ms(asyncio.run(bare_switches()))
        samples = asyncio.run(keypress_to_decision(bundled_dir() / "bay-of-pigs.yaml", Path(saves)))
        crisis_ms = median_ms(samples)
        print(
            f"key -> next decision screen complete: bare Textual screen switch with a Footer "
            f"{bare_ms:.1f} ms, crisis median {crisis_ms:.1f} ms over {len(samples)} transitions "
            f"(max {1000 * max(samples):.1f} ms) -> {crisis_ms / bare_ms:.2f}x (target <= 1.5x)"
        )


if __name__ == "__main__":
    main()
