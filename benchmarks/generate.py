"""Generate large valid scenarios for benchmarks: a layered story with choices, chance and
conditions, every node reachable and every path ending."""

from __future__ import annotations

import random
import sys
from pathlib import Path

HEADER = """\
format: 1
id: generated-{n}
title: Generated crisis of {n} nodes
period: {{start: "1962-10-16"}}
summary: A generated scenario for measuring speed.
minutes: 60
authors: [Generator]
licence: CC0
sources:
  - {{id: gen, title: Generated source, tier: primary, url: "https://example.org/gen"}}
roles:
  - {{id: lead, name: The Lead, side: Us, briefing: Decide well.}}
variables:
  - {{id: tension, label: Tension, type: integer, min: 0, max: 10, start: 2, display: meter}}
  - {{id: defcon, label: DEFCON, type: integer, min: 1, max: 5, start: 5, display: gauge, reversed: true}}
  - {{id: alert, label: Alert, type: boolean, start: false, display: hidden}}
  - {{id: posture, label: Posture, type: choice, values: [calm, ready, war], start: calm, display: text}}
start: n0
nodes:
"""


def make_scenario(n: int, seed: int = 1) -> str:
    """A scenario of about `n` nodes: decisions and events in a chain of layers, then endings."""
    rng = random.Random(seed)
    endings = max(3, n // 50)
    body = n - endings
    parts = [HEADER.format(n=n)]
    for i in range(body):
        ahead = [min(body - 1, i + k) for k in (1, 2, 3)] if i < body - 1 else []
        targets = [f"n{t}" for t in ahead] if ahead else [f"end{rng.randrange(endings)}"]
        if i % 20 == 19:  # a way out of the crisis every so often
            targets[-1] = f"end{(i // 20) % endings}"
        if i % 5 == 4:
            parts.append(
                f'  n{i}:\n    kind: event\n    title: Event {i}\n    date: "1962-10-{16 + i % 12}"\n'
                f"    text: |\n      Something happens at step {i}. The pressure rises.\n"
                f"    outcomes:\n"
                f"      - {{weight: 2, goto: {targets[0]}, text: It passes., basis: documented, "
                f"sources: [gen]}}\n"
                f'      - {{weight: 1, goto: {targets[-1]}, condition: "tension > 3", '
                f"text: It escalates., basis: counterfactual, rests_on: A guess.}}\n"
            )
            continue
        choices = []
        for k, target in enumerate(targets):
            cond = '\n        condition: "defcon > 2 or not alert"' if k == 2 else ""
            choices.append(
                f"      - id: c{k}\n        label: Option {k} at step {i}\n        goto: {target}{cond}\n"
                f"        effects: {{add: {{tension: {k - 1}}}, why: Option {k} changes the mood.}}\n"
            )
        parts.append(
            f'  n{i}:\n    kind: decision\n    title: Decision {i}\n    date: "1962-10-{16 + i % 12}"\n'
            f"    place: Room {i % 7}\n    deciders: [lead]\n"
            f"    text: |\n      The situation at step {i}. Advisers disagree about what to do next.\n"
            f"    advisers:\n      - {{who: Adviser {i % 11}, position: Wait, argument: Time helps.}}\n"
            f"    choices:\n"
            + "".join(choices)
            + "    history: {choice: c0, text: History took option 0., basis: documented, "
            "sources: [gen]}\n"
        )
    for e in range(endings):
        category = ["historical", "peaceful", "war", "catastrophe"][e % 4]
        parts.append(
            f"  end{e}:\n    kind: ending\n    title: Ending {e}\n    category: {category}\n"
            f"    epilogue: It ends, one way ({e}).\n"
        )
    return "".join(parts)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/generated")
    out.mkdir(parents=True, exist_ok=True)
    for n in (1_000, 10_000):
        path = out / f"generated-{n}.yaml"
        path.write_text(make_scenario(n), encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main()
