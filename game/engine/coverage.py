"""Whether a set of chance outcomes always leaves at least one open.

When every outcome has a condition and none holds, the engine falls back on the last outcome,
which is rarely what the author meant. Two outcomes `alert > 5` and `alert <= 5` cover every case,
so only a real gap deserves a warning. The conditions are tried on every value their variables
can take (for wide integer ranges: the bounds and the values next to each number the conditions
compare with), and on every way the decisions they look at can have gone. A node that every path
to this point passes through has certainly been visited and decided.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import cast

from .conditions import Compiled, ConditionError, VarType, compile_condition
from .model import DecisionNode, Outcome, Scenario

MAX_STATES = 20_000
FULL_RANGE = 64  # integer ranges up to this size are tried value by value
_NUMBER = re.compile(r"(?<![A-Za-z_\d])\d+")
UNSET = None


def variable_types(scenario: Scenario) -> dict[str, VarType]:
    """What conditions may do with each variable."""
    return {
        v.id: VarType(
            {"integer": "int", "boolean": "bool", "choice": "choice"}[v.type], tuple(v.values or ())
        )
        for v in scenario.variables
    }


@dataclass
class _State:
    variables: Mapping[str, object]
    visits: Mapping[str, int]
    choices: Mapping[str, str]


def uncovered(
    scenario: Scenario, at: str, conditions: list[Compiled], dominators: set[str]
) -> str | None:
    """A description of one state in which none of `conditions` holds, or None when they cover
    every state (or there are too many to try). `at` is the node the outcomes belong to;
    `dominators` are the nodes every path from the start to it passes through."""
    trial = _trial(scenario, at, conditions, dominators)
    if trial is None:
        return None
    axes, states = trial
    for combination, state in states:
        if not any(c(state) for c in conditions):
            return _describe(axes, combination)
    return None


def never_first(
    scenario: Scenario, at: str, conditions: list[Compiled], dominators: set[str]
) -> list[int]:
    """The indices of the conditions that are never the first to hold, in any state: a text
    variant that is never told. Empty when every one can be, or there are too many states."""
    trial = _trial(scenario, at, conditions, dominators)
    if trial is None:
        return []
    first: set[int] = set()
    for _, state in trial[1]:
        index = next((i for i, c in enumerate(conditions) if c(state)), None)
        if index is not None:
            first.add(index)
            if len(first) == len(conditions):
                return []
    return [i for i in range(len(conditions)) if i not in first]


def fixed_branch(scenario: Scenario, outcomes: Sequence[Outcome]) -> bool:
    """True when outcomes make an "if … otherwise …" with no chance in it: each has a condition,
    and in no state do two of them hold at once, so weights never matter."""
    if len(outcomes) < 2 or not all(o.condition for o in outcomes):
        return False
    types = variable_types(scenario)
    try:
        conditions = [compile_condition(o.condition or "", types) for o in outcomes]
    except ConditionError:
        return False
    trial = _trial(scenario, "", conditions, set())
    if trial is None:
        return False
    return all(sum(1 for c in conditions if c(state)) <= 1 for _, state in trial[1])


def chance_totals(scenario: Scenario, outcomes: Sequence[Outcome]) -> list[list[int]]:
    """For each outcome, the total weight of the outcomes open beside it, over every state in
    which it is open, smallest first: `[5]` means "weight in 5" whenever it can be drawn. An
    outcome whose condition excludes another's is never weighed against it, so `4` and `1` if
    `tension < 8` beside `1` if `tension >= 8` are 4 in 5, 1 in 5 and certain. Without conditions
    (or with too many states to try) every outcome is weighed against all of them."""
    everything = [sum(o.weight for o in outcomes)] if outcomes else []
    if not any(o.condition for o in outcomes):
        return [list(everything) for _ in outcomes]
    types = variable_types(scenario)
    try:
        conditions = [
            compile_condition(o.condition, types) if o.condition else None for o in outcomes
        ]
    except ConditionError:
        return [list(everything) for _ in outcomes]
    compiled = [c for c in conditions if c is not None]
    trial = _trial(scenario, "", compiled, set())
    if trial is None:
        return [list(everything) for _ in outcomes]
    totals: list[set[int]] = [set() for _ in outcomes]
    for _, state in trial[1]:
        open_ = [i for i, c in enumerate(conditions) if c is None or c(state)]
        total = sum(outcomes[i].weight for i in open_)
        for i in open_:
            totals[i].add(total)
    return [sorted(t) if t else list(everything) for t in totals]


Axes = list[tuple[str, str, list[object]]]


def _trial(
    scenario: Scenario, at: str, conditions: list[Compiled], dominators: set[str]
) -> tuple[Axes, Iterator[tuple[tuple[object, ...], _State]]] | None:
    """The axes of the states the conditions can tell apart, and every such state; None when
    there are too many to try."""
    numbers = {int(n) for c in conditions for n in _NUMBER.findall(c.source)}
    axes: Axes = []
    for name in sorted({v for c in conditions for v in c.variables}):
        variable = scenario.variable(name)
        if variable is None:
            return None
        domain = _domain(variable.type, variable.min, variable.max, variable.values, numbers)
        axes.append(("var", name, domain))
    for node_id in sorted({n for c in conditions for n in c.nodes}):
        axes.append(("node", node_id, list(_histories(scenario, node_id, at, dominators, numbers))))
    total = 1
    for _, _, values in axes:
        total *= max(1, len(values))
    if total > MAX_STATES:
        return None

    def states() -> Iterator[tuple[tuple[object, ...], _State]]:
        for combination in itertools.product(*(values for _, _, values in axes)):
            variables: dict[str, object] = {}
            visits: dict[str, int] = {}
            choices: dict[str, str] = {}
            for (kind, name, _), value in zip(axes, combination, strict=True):
                if kind == "var":
                    variables[name] = value
                else:
                    count, chosen = cast(tuple[int, str | None], value)
                    visits[name] = count
                    if chosen is not UNSET:
                        choices[name] = chosen
            yield combination, _State(variables, visits, choices)

    return axes, states()


def _domain(
    kind: str, low: int | None, high: int | None, values: Sequence[str] | None, numbers: set[int]
) -> list[object]:
    if kind == "boolean":
        return [False, True]
    if kind == "choice":
        return list(values or [])
    low, high = low or 0, high or 0
    if high - low < FULL_RANGE:
        return [*range(low, high + 1)]
    near = {low, high} | {n + d for n in numbers for d in (-1, 0, 1)}
    return [n for n in sorted(near) if low <= n <= high]


def _histories(
    scenario: Scenario, node_id: str, at: str, dominators: set[str], numbers: set[int]
) -> Iterator[tuple[int, str | None]]:
    """(visits, choice made) pairs a node can show at this point of the story."""
    node = scenario.nodes.get(node_id)
    ids = [c.id for c in node.choices] if isinstance(node, DecisionNode) else []
    counts = sorted({0, 1, 2, 3} | {n + d for n in numbers for d in (-1, 0, 1) if 0 <= n + d <= 12})
    for count in counts:
        if count == 0:
            if node_id not in dominators:
                yield 0, UNSET
            continue
        if not ids:
            yield count, UNSET
            continue
        for choice_id in ids:
            yield count, choice_id
        if node_id == at:
            yield count, UNSET  # deciding here right now


def _describe(axes: list[tuple[str, str, list[object]]], combination: tuple[object, ...]) -> str:
    parts = []
    for (kind, name, _), value in zip(axes, combination, strict=True):
        if kind == "var":
            if isinstance(value, bool):
                shown = str(value).lower()
            else:
                shown = f'"{value}"' if isinstance(value, str) else str(value)
            parts.append(f"{name} is {shown}")
        else:
            count, chosen = cast(tuple[int, str | None], value)
            if count == 0:
                parts.append(f"'{name}' has not been visited")
            elif chosen is UNSET:
                parts.append(f"'{name}' has been visited {count} time(s)")
            else:
                parts.append(f"'{chosen}' was chosen at '{name}'")
    return ", ".join(parts)


def passes_through(start: str, candidate: str, target: str, graph: Mapping[str, list[str]]) -> bool:
    """Whether every path from `start` to `target` passes through `candidate`."""
    if candidate == start:
        return True
    if candidate == target:
        return False  # `target` may be reached for the first time right now
    seen = {start}
    frontier = [start]
    while frontier:
        for following in graph.get(frontier.pop(), []):
            if following == target:
                return False
            if following != candidate and following not in seen:
                seen.add(following)
                frontier.append(following)
    return True
