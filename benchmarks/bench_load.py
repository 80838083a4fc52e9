"""Load + validate time against a raw `yaml.load(..., CSafeLoader)` of the same file, in one run.

    python -m benchmarks.bench_load

Target: within 1.3x of the raw parse, and linear in size. Ratios, not seconds, are what to
compare between machines.
"""

from __future__ import annotations

import statistics
import time

import yaml

from game.engine.loader import load_bytes

from .generate import make_scenario


def best_of(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    print(
        f"{'nodes':>7} {'bytes':>10} {'raw yaml.load':>14} {'crisis load':>12} {'ratio':>6}"
        f" {'us/node':>8}"
    )
    per_node = []
    for n in (1_000, 10_000):
        text = make_scenario(n)
        raw = text.encode()
        load_bytes(raw, "bench.yaml")  # warm up, and prove it is valid
        baseline = best_of(lambda t=text: yaml.load(t, Loader=yaml.CSafeLoader))
        ours = best_of(lambda r=raw: load_bytes(r, "bench.yaml"))
        per_node.append(ours / n * 1e6)
        print(
            f"{n:>7} {len(raw):>10,} {baseline:>13.3f}s {ours:>11.3f}s {ours / baseline:>6.2f}"
            f" {per_node[-1]:>8.1f}"
        )
    spread = max(per_node) / statistics.mean(per_node)
    print(f"time per node varies by {spread:.2f}x between sizes (1.00 = perfectly linear)")


if __name__ == "__main__":
    main()
