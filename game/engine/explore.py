"""Walking every reachable position of a scenario, using the engine's own moves.

A position is a node plus everything the future can depend on: the variables, and the choices
and visits that some condition looks at. Positions already seen are not walked again, so the walk
ends even on scenarios with loops. From the graph of positions the report works out what can
never be reached, where players get stuck, which loops have no way out, what range each variable
takes, which choices are never offered, and how likely each ending is when every offered choice
is equally likely.
"""

from __future__ import annotations

import random
from collections import defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .game import Game
from .loader import LoadedScenario
from .model import (
    Choice,
    ConsequenceVariant,
    DecisionNode,
    EndingNode,
    EventNode,
    Node,
    NodeBase,
    Outcome,
    Scenario,
    TextVariant,
)

# A position: the node, then the watched variables and visit counts that decide what follows.
Key = tuple[object, ...]
# Each move: its probability, where it leads, and whether it was a fallback (nothing was open).
Edges = dict[Key, list[tuple[float, Key, bool]]]


@dataclass
class Exploration:
    scenario_id: str
    nodes: set[str] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    unreached_nodes: list[str] = field(default_factory=list)
    unreached_endings: list[str] = field(default_factory=list)
    dead_ends: list[str] = field(default_factory=list)
    trapped: list[str] = field(default_factory=list)
    never_offered: list[tuple[str, str]] = field(default_factory=list)
    # Text variants no reachable position tells: (node, where in it, variant number from 1).
    never_told: list[tuple[str, str, int]] = field(default_factory=list)
    ranges: dict[str, list[object]] = field(default_factory=dict)
    probabilities: dict[str, float] = field(default_factory=dict)
    stuck_share: float = 0.0  # games that at some point had nothing open and fell back
    unfinished_share: float = 0.0  # games that never reach an ending
    exact: bool = True
    positions: int = 0
    truncated: bool = False
    runs: int = 0

    @property
    def problems(self) -> bool:
        return bool(
            self.unreached_nodes or self.unreached_endings or self.dead_ends or self.trapped
        )

    def to_json(self) -> dict[str, object]:
        return {
            "scenario": self.scenario_id,
            "positions": self.positions,
            "truncated": self.truncated,
            "nodes_reached": sorted(self.nodes),
            "endings_reached": sorted(self.endings),
            "unreached_nodes": self.unreached_nodes,
            "unreached_endings": self.unreached_endings,
            "dead_ends": self.dead_ends,
            "inescapable_loops": self.trapped,
            "never_offered": [{"node": n, "choice": c} for n, c in self.never_offered],
            "never_told": [{"node": n, "at": w, "variant": v} for n, w, v in self.never_told],
            "ranges": self.ranges,
            "ending_probabilities": self.probabilities,
            "stuck_share": self.stuck_share,
            "unfinished_share": self.unfinished_share,
            "probabilities_exact": self.exact,
            "monte_carlo_runs": self.runs,
            "problems": self.problems,
        }


def _key(game: Game, watched: frozenset[str]) -> Key:
    state = game.state
    return (
        state.node_id,
        tuple(state.variables.values()),
        tuple(sorted((n, c) for n, c in state.choices.items() if n in watched)),
        tuple(sorted((n, min(v, 9)) for n, v in state.visits.items() if n in watched)),
    )


Move = tuple[float, str | None, int | None, bool]


def _fell_back(game: Game, outcomes: Sequence[Outcome]) -> bool:
    """True when no outcome's condition holds, so the engine falls back on the last one."""
    return bool(outcomes) and not any(game.holds(o.condition) for o in outcomes)


def _moves(game: Game) -> tuple[list[Move], bool]:
    """Each move from here with its probability (offered choices equally likely, outcomes by
    weight) and whether it is a fallback, and whether the position is a dead end (no choice's
    condition holds)."""
    node = game.node
    moves: list[Move] = []
    stuck = False
    if isinstance(node, DecisionNode):
        open_now = [c for c in node.choices if game.holds(c.condition)]
        stuck = not open_now
        offered = game.offered()
        for choice in offered:
            share = 1 / len(offered)
            if choice.outcomes:
                indices = game.open_outcomes(choice.id)
                total = sum(choice.outcomes[i].weight for i in indices)
                fallback = stuck or _fell_back(game, choice.outcomes)
                moves += [
                    (share * choice.outcomes[i].weight / total, choice.id, i, fallback)
                    for i in indices
                ]
            else:
                moves.append((share, choice.id, None, stuck))
    elif isinstance(node, EventNode):
        if node.outcomes:
            indices = game.open_outcomes()
            total = sum(node.outcomes[i].weight for i in indices)
            fallback = _fell_back(game, node.outcomes)
            moves = [(node.outcomes[i].weight / total, None, i, fallback) for i in indices]
        else:
            moves = [(1.0, None, None, False)]
    return moves, stuck


Told = set[tuple[str, str, int]]


def _first(game: Game, variants: Sequence[TextVariant | ConsequenceVariant]) -> int:
    """The number (from 1) of the variant told here, 0 for the text as written."""
    return next((i for i, v in enumerate(variants, 1) if game.holds(v.when)), 0)


def _tell(game: Game, moves: list[Move], told: Told) -> None:
    """Note which text variants this position tells: the node's, and each move's."""
    node = game.scenario.nodes[game.state.node_id]
    node_id = game.state.node_id
    if node.variants:
        told.add((node_id, "text", _first(game, node.variants)))
    for _, choice_id, outcome, _ in moves:
        part: Choice | Outcome | None = None
        where = ""
        if isinstance(node, DecisionNode):
            choice = next(c for c in node.choices if c.id == choice_id)
            part, where = choice, f"choice {choice_id}"
            if outcome is not None and choice.outcomes:
                part, where = choice.outcomes[outcome], f"choice {choice_id}, outcome {outcome + 1}"
        elif isinstance(node, EventNode) and node.outcomes and outcome is not None:
            part, where = node.outcomes[outcome], f"outcome {outcome + 1}"
        if part is not None and part.variants:
            told.add((node_id, where, _first(game, part.variants)))


def _untold(scenario: Scenario, reached: set[str], told: Told) -> list[tuple[str, str, int]]:
    out = []
    for node_id in sorted(reached):
        node = scenario.nodes[node_id]
        owners: list[tuple[str, NodeBase | Choice | Outcome]] = [("text", node)]
        if isinstance(node, DecisionNode):
            for c in node.choices:
                owners.append((f"choice {c.id}", c))
                owners += [(f"choice {c.id}, outcome {i}", o) for i, o in enumerate(c.outcomes or [], 1)]
        elif isinstance(node, EventNode):
            owners += [(f"outcome {i}", o) for i, o in enumerate(node.outcomes or [], 1)]
        for where, owner in owners:
            out += [
                (node_id, where, i)
                for i in range(1, len(owner.variants) + 1)
                if (node_id, where, i) not in told
            ]
    return out


def _step(game: Game, choice_id: str | None, outcome: int | None) -> Game:
    twin = game.fork()
    if choice_id is None:
        twin.advance(outcome, how="override")
    else:
        twin.choose(choice_id, how="override", outcome=outcome)
    return twin


def reachable(loaded: LoadedScenario, limit: int = 20_000) -> tuple[list[Game], bool]:
    """Every position the story can reach (a game at each), and whether they all fit within
    `limit`; when they do not, the list is incomplete and must not be taken as the whole."""
    watched = frozenset(n for c in loaded.conditions.values() for n in c.nodes)
    start = Game(loaded)
    seen = {_key(start, watched)}
    queue = deque([start])
    found: list[Game] = []
    while queue:
        game = queue.popleft()
        found.append(game)
        if isinstance(game.node, EndingNode):
            continue
        for _, choice_id, outcome, _ in _moves(game)[0]:
            twin = _step(game, choice_id, outcome)
            key = _key(twin, watched)
            if key not in seen:
                if len(seen) >= limit:
                    return found, False
                seen.add(key)
                queue.append(twin)
    return found, True


def explore(
    loaded: LoadedScenario, limit: int = 200_000, runs: int = 10_000, seed: int = 0
) -> Exploration:
    scenario = loaded.scenario
    watched = frozenset(n for c in loaded.conditions.values() for n in c.nodes)
    result = Exploration(scenario.id)
    start = Game(loaded, seed=seed)
    start_key = _key(start, watched)
    games: dict[Key, Game | None] = {start_key: start}
    edges: Edges = {}
    node_of: dict[Key, str] = {start_key: start.state.node_id}
    offered: set[tuple[str, str]] = set()
    stuck_nodes: set[str] = set()
    values: dict[str, set[object]] = defaultdict(set)
    told: Told = set()
    queue = deque([start_key])
    while queue:
        key = queue.popleft()
        game = games[key]
        games[key] = None  # keep memory flat: a position's game is only needed once
        assert game is not None
        node_id = game.state.node_id
        result.nodes.add(node_id)
        for name, value in game.state.variables.items():
            values[name].add(value)
        if isinstance(game.node, EndingNode):
            result.endings.add(node_id)
            edges[key] = []
            _tell(game, [], told)
            continue
        moves, stuck = _moves(game)
        _tell(game, moves, told)
        if stuck:
            stuck_nodes.add(node_id)
        out: list[tuple[float, Key, bool]] = []
        for probability, choice_id, outcome, fallback in moves:
            if choice_id is not None:
                offered.add((node_id, choice_id))
            twin = _step(game, choice_id, outcome)
            twin_key = _key(twin, watched)
            out.append((probability, twin_key, fallback))
            if twin_key not in node_of:
                if len(node_of) >= limit:
                    result.truncated = True
                    continue
                node_of[twin_key] = twin.state.node_id
                games[twin_key] = twin
                queue.append(twin_key)
        edges[key] = out
    result.positions = len(edges)

    nodes = scenario.nodes
    result.unreached_nodes = [
        n for n, node in nodes.items() if n not in result.nodes and not isinstance(node, EndingNode)
    ]
    result.unreached_endings = [
        n for n, node in nodes.items() if isinstance(node, EndingNode) and n not in result.endings
    ]
    result.dead_ends = sorted(stuck_nodes)
    if not result.truncated:
        result.trapped = _trapped(edges, node_of, nodes)
    for node_id in sorted(result.nodes):
        node = nodes[node_id]
        if isinstance(node, DecisionNode):
            result.never_offered += [
                (node_id, c.id) for c in node.choices if (node_id, c.id) not in offered
            ]
    if not result.truncated:
        result.never_told = _untold(scenario, result.nodes, told)
    for variable in scenario.variables:
        seen = values.get(variable.id, set())
        result.ranges[variable.id] = (
            [min(numbers), max(numbers)]
            if variable.type == "integer" and (numbers := [v for v in seen if isinstance(v, int)])
            else sorted(seen, key=str)
        )
    if result.truncated:
        result.exact = False
        result.runs = runs
        result.probabilities, result.stuck_share, result.unfinished_share = _monte_carlo(
            loaded, runs, seed
        )
    else:
        result.probabilities, result.stuck_share, result.unfinished_share = _exact(
            edges, node_of, start_key, nodes
        )
    return result


def _trapped(edges: Edges, node_of: dict[Key, str], nodes: Mapping[str, Node]) -> list[str]:
    """Nodes of positions from which no ending can ever be reached: loops with no way out."""
    back: dict[Key, list[Key]] = defaultdict(list)
    for source, out in edges.items():
        for _, target, _ in out:
            back[target].append(source)
    can_finish = {k for k in edges if isinstance(nodes[node_of[k]], EndingNode)}
    frontier = list(can_finish)
    while frontier:
        for earlier in back[frontier.pop()]:
            if earlier not in can_finish:
                can_finish.add(earlier)
                frontier.append(earlier)
    return sorted({node_of[k] for k in edges if k not in can_finish})


def _exact(
    edges: Edges, node_of: dict[Key, str], start: Key, nodes: Mapping[str, Node]
) -> tuple[dict[str, float], float, float]:
    """How probability spreads from the start into the endings; with it, the share of games
    that fell back somewhere on the way (nothing was open) and the share that never end.

    Mass is carried in two parts per position: games that have not fallen back yet, and games
    that have. Without loops one pass in topological order is exact; with loops the probability
    is pushed round and round until what still circulates is negligible."""
    finished: dict[str, float] = defaultdict(float)
    stuck = 0.0
    State = tuple[Key, bool]

    def spread(state: State, amount: float, into: dict[State, float]) -> None:
        nonlocal stuck
        key, tainted = state
        if isinstance(nodes[node_of[key]], EndingNode):
            finished[node_of[key]] += amount
            stuck += amount if tainted else 0.0
            return
        for probability, target, fallback in edges.get(key, []):
            into[(target, tainted or fallback)] += amount * probability

    incoming: dict[Key, int] = defaultdict(int)
    for out in edges.values():
        for _, target, _ in out:
            incoming[target] += 1
    ready = [k for k in edges if incoming[k] == 0]
    order: list[Key] = []
    while ready:
        key = ready.pop()
        order.append(key)
        for _, target, _ in edges.get(key, []):
            incoming[target] -= 1
            if incoming[target] == 0:
                ready.append(target)
    mass: dict[State, float] = defaultdict(float, {(start, False): 1.0})
    if len(order) == len(edges):
        for key in order:
            for tainted in (False, True):
                if mass.get((key, tainted)):
                    spread((key, tainted), mass.pop((key, tainted)), mass)
    else:
        for _ in range(100_000):
            if sum(mass.values()) < 1e-12:
                break
            moved: dict[State, float] = defaultdict(float)
            for state, amount in mass.items():
                spread(state, amount, moved)
            mass = moved
    unfinished = max(0.0, 1.0 - sum(finished.values()))
    probabilities = {n: round(p, 6) for n, p in sorted(finished.items(), key=lambda kv: -kv[1])}
    return probabilities, round(stuck, 6), round(unfinished, 6)


def _monte_carlo(
    loaded: LoadedScenario, runs: int, seed: int
) -> tuple[dict[str, float], float, float]:
    rng = random.Random(seed)
    counts: dict[str, int] = defaultdict(int)
    stuck = unfinished = 0
    for run in range(runs):
        game = Game(loaded, seed=seed * 1_000_003 + run)
        fell_back = False
        for _ in range(10_000):
            if game.finished:
                counts[game.state.node_id] += 1
                stuck += fell_back
                break
            moves, _ = _moves(game)
            _, choice_id, outcome, fallback = rng.choices(moves, weights=[m[0] for m in moves])[0]
            fell_back = fell_back or fallback
            game = _step(game, choice_id, outcome)
        else:
            unfinished += 1
    probabilities = {
        n: round(c / runs, 4) for n, c in sorted(counts.items(), key=lambda kv: -kv[1])
    }
    return probabilities, round(stuck / runs, 4), round(unfinished / runs, 4)
