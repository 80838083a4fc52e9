"""Warnings about states of the game, kept only when the story can really get there.

W505 (no outcome open) and W512 (no text to tell) are first found by trying every value the
conditions' variables can take. Many of those states never happen: a variable that is always 3 or
6 at some point of the story. When such warnings come up, every position the story can reach is
walked (as `crisis explore` does) and a warning stays only if some reachable position shows it.
If the story has too many positions to walk, the warnings stay as they were found.
"""

from __future__ import annotations

from .conditions import Compiled
from .model import Choice, DecisionNode, EventNode, NodeBase, Outcome, Scenario
from .yamlsafe import PathKey

CONFIRMED = ("W505", "W512")
LIMIT = 5_000  # positions: a few hundred in a hand-written scenario; past this, warnings stay
Finding = tuple[str, str, PathKey, str, str | None]


def confirm(
    scenario: Scenario, conditions: dict[str, Compiled], findings: list[Finding]
) -> list[Finding]:
    """The findings, without the W505 and W512 that no reachable position shows."""
    doubtful = [f for f in findings if f[0] in CONFIRMED]
    if not doubtful:
        return findings
    from .explore import reachable
    from .loader import LoadedScenario

    games, complete = reachable(LoadedScenario(scenario, "", conditions), limit=LIMIT)
    if not complete:
        return findings
    real = {id(f) for f in doubtful if any(_shows(scenario, f, game) for game in games)}
    return [f for f in findings if f[0] not in CONFIRMED or id(f) in real]


def _shows(scenario: Scenario, finding: Finding, game: object) -> bool:
    from .game import Game

    assert isinstance(game, Game)
    code, _, path, _, _ = finding
    node_id = str(path[1])
    if game.state.node_id != node_id:
        return False
    node = scenario.nodes[node_id]
    owner: NodeBase | Choice | Outcome = node
    index = path[3] if len(path) >= 4 else None
    if path[2:3] == ("choices",) and isinstance(index, int) and isinstance(node, DecisionNode):
        choice = node.choices[index]
        if choice not in game.offered():
            return False
        owner = choice
    if code == "W505":
        outcomes = owner.outcomes if isinstance(owner, Choice | EventNode) else None
        return bool(outcomes) and not any(game.holds(o.condition) for o in outcomes or [])
    return not any(game.holds(v.when) for v in owner.variants)
