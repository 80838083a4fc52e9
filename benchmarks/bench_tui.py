"""The terminal game's speed, in one run, headless:

- process start to the first interactive screen, against a bare Textual app showing one line
  (target: at most 1.3x the bare app);
- keypress to the next decision screen rendered (target: median at most 50 ms).

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
    """Time from a key that leads to a new decision screen until that screen has rendered."""
    from game.tui.app import CrisisApp
    from game.tui.screens.decision import DecisionScreen

    samples: list[float] = []
    pressed: list[float] = []

    original = DecisionScreen.on_mount

    def mounted(screen: DecisionScreen) -> None:
        original(screen)
        if pressed:
            started = pressed.pop()
            screen.call_after_refresh(lambda: samples.append(time.perf_counter() - started))

    DecisionScreen.on_mount = mounted  # type: ignore[method-assign]
    loaded = load_file(scenario)
    try:
        for seed in range(games):
            app = CrisisApp(saves=saves, game=Game(loaded, seed=seed))
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                await pilot.press("enter")
                await pilot.pause()
                while not app.game.finished:
                    key = "1" if isinstance(app.screen, DecisionScreen) else "enter"
                    pressed[:] = [time.perf_counter()]
                    await pilot.press(key)
                    await pilot.pause(0.05)
    finally:
        DecisionScreen.on_mount = original  # type: ignore[method-assign]
    return samples


def main() -> None:
    with tempfile.TemporaryDirectory() as saves:
        bare = start_up("bare", saves)
        crisis = start_up("crisis", saves)
        print(
            f"start-up to first screen: bare Textual app {bare:.3f} s, crisis {crisis:.3f} s "
            f"-> {crisis / bare:.2f}x (target <= 1.3x)"
        )
        samples = asyncio.run(keypress_to_decision(bundled_dir() / "bay-of-pigs.yaml", Path(saves)))
        print(
            f"keypress -> next decision screen rendered: median {1000 * statistics.median(samples):.1f}"
            f" ms over {len(samples)} transitions, max {1000 * max(samples):.1f} ms"
            " (target median <= 50 ms)"
        )


if __name__ == "__main__":
    main()
