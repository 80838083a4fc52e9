"""Every speed figure, in one run: validation at scale, the terminal game, live seats and
browser seats, one after the other (never at once: they would slow each other down).

    python -m benchmarks              # all of them
    python -m benchmarks validate tui # some of them

Each benchmark prints its own figures, every one a ratio to a baseline measured in the same
run; the lines that name a target are gathered again at the end. The browser benchmark needs
Chromium and playwright-core (see bench_serve.py) and is skipped, saying so, without them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = {
    "validate": ["benchmarks.bench_validate", "--runs", "5"],
    "tui": ["benchmarks.bench_tui"],
    "live": ["benchmarks.bench_live", "10", "30"],
    "serve": ["benchmarks.bench_serve", "30"],
}


def _can_run(name: str) -> str | None:
    """Why a benchmark cannot run here, or None."""
    if name == "serve":
        node_path = Path(os.environ.get("NODE_PATH", "/tmp/pw/node_modules"))
        if not Path("/usr/bin/chromium").exists():
            return "Chromium is not at /usr/bin/chromium"
        if not (node_path / "playwright-core").exists():
            return f"playwright-core is not in {node_path}"
    return None


def _aimed(line: str) -> bool:
    return "target" in line or "meets" in line or "MISSES" in line


def main() -> None:
    wanted = sys.argv[1:] or list(RUNS)
    unknown = [name for name in wanted if name not in RUNS]
    if unknown:
        sys.exit(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(RUNS)}")
    targets: list[str] = []
    for name in wanted:
        print(f"\n== {name}: python -m {' '.join(RUNS[name])}", flush=True)
        why_not = _can_run(name)
        if why_not is not None:
            print(f"(skipped: {why_not})")
            targets.append(f"{name}: skipped ({why_not})")
            continue
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", *RUNS[name]], cwd=ROOT, capture_output=True, text=True
        )
        print(done.stdout, end="")
        if done.returncode:
            print(done.stderr[-2000:], end="")
            targets.append(f"{name}: FAILED (exit {done.returncode})")
            continue
        targets += [
            f"{name}: {line.strip()}" for line in done.stdout.splitlines() if "target" in line
        ]
        print(f"({name} took {time.monotonic() - started:.0f} s)")
    print("\n== every figure with a target")
    for line in targets:
        print(line)


if __name__ == "__main__":
    main()
