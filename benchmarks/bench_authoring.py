"""Authoring tools' speed, in one run:

- exploring each bundled scenario (target: under 2 s each);
- states explored per second on a generated 1,000-node scenario with four variables;
- graph export of a 10,000-node scenario (target: under 2 s).

    python -m benchmarks.bench_authoring

Each time is also shown against a baseline measured in the same run (a raw `yaml.load` of the same
file), so figures from a noisy machine can still be compared.
"""

from __future__ import annotations

import time

import yaml

from game.authoring.graph import to_dot, to_mermaid
from game.engine.catalog import bundled_dir, scenario_files
from game.engine.explore import explore
from game.engine.loader import load_bytes, load_file

from .generate import make_scenario


def timed(fn, runs: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    print("explore, bundled scenarios (target < 2 s each)")
    for path in scenario_files(bundled_dir()):
        loaded = load_file(path)
        baseline, _ = timed(lambda p=path: yaml.load(p.read_text(), Loader=yaml.CSafeLoader))
        seconds, result = timed(lambda loaded=loaded: explore(loaded))
        print(
            f"  {path.stem:<22} {seconds:7.3f} s  {result.positions:>7,} positions"
            f"  ({seconds / baseline:5.1f}x a raw YAML parse of the file)"
        )

    loaded = load_bytes(make_scenario(1_000).encode(), "generated-1000.yaml")
    seconds, result = timed(lambda: explore(loaded), runs=1)
    print(
        f"explore, generated 1,000 nodes, 4 variables: {result.positions:,} positions in "
        f"{seconds:.2f} s = {result.positions / seconds:,.0f} positions/s"
    )

    text = make_scenario(10_000)
    big = load_bytes(text.encode(), "generated-10000.yaml")
    baseline, _ = timed(lambda: yaml.load(text, Loader=yaml.CSafeLoader), runs=1)
    for name, fn in (("mermaid", to_mermaid), ("dot", to_dot)):
        seconds, out = timed(lambda fn=fn: fn(big.scenario))
        print(
            f"graph export, 10,000 nodes, {name:<7}: {seconds:.3f} s ({len(out):,} bytes;"
            f" {seconds / baseline:.2f}x a raw YAML parse)"
        )


if __name__ == "__main__":
    main()
