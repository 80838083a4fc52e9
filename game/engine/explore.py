"""Walking every reachable position of a scenario, using the engine's own moves.

Positions that cannot differ in the future (same node, same variables, same facts that conditions
can see) are visited once, so the walk ends even on scenarios with loops.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from .game import Game
from .loader import LoadedScenario
from .model import DecisionNode, EndingNode, EventNode


@dataclass
class Exploration:
    nodes: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    positions: int = 0
    truncated: bool = False


def _key(game: Game, watched_nodes: frozenset[str]) -> tuple:
    state = game.state
    return (
        state.node_id,
        tuple(sorted(state.variables.items())),
        tuple(sorted((n, c) for n, c in state.choices.items() if n in watched_nodes)),
        tuple(sorted((n, min(v, 3)) for n, v in state.visits.items() if n in watched_nodes)),
    )


def explore(loaded: LoadedScenario, limit: int = 200_000) -> Exploration:
    """Every node and ending reachable when any open choice and any possible outcome is taken."""
    watched = frozenset(n for c in loaded.conditions.values() for n in c.nodes)
    result = Exploration()
    start = Game(loaded, seed=0)
    seen = {_key(start, watched)}
    queue = deque([start])
    while queue:
        game = queue.popleft()
        result.positions += 1
        result.nodes.add(game.state.node_id)
        node = game.node
        if isinstance(node, EndingNode):
            result.endings.add(game.state.node_id)
            continue
        moves: list[tuple[str | None, int | None]] = []
        if isinstance(node, DecisionNode):
            for choice in game.offered():
                outcomes = game.open_outcomes(choice.id)
                moves += [(choice.id, i) for i in outcomes] or [(choice.id, None)]
        elif isinstance(node, EventNode):
            moves = [(None, i) for i in game.open_outcomes()] or [(None, None)]
        for choice_id, outcome in moves:
            twin = game.fork()
            if choice_id is None:
                twin.append_continue(outcome)
            else:
                twin.choose(choice_id, how="override", outcome=outcome)
            key = _key(twin, watched)
            if key in seen:
                continue
            if len(seen) >= limit:
                result.truncated = True
                return result
            seen.add(key)
            queue.append(twin)
    return result
