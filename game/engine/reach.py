"""Warnings about states of the game, kept only when the story can really get there.

W505 (no outcome open) and W512 (no text to tell) are first found by trying every value the
conditions' variables can take. Many of those states never happen: a variable that is always 3 or
6 at some point of the story. When such warnings come up, every position the story can reach is
walked (as `crisis explore` does) and a warning stays only if some reachable position shows it.
If the story has too many positions to walk, the warnings stay as they were found.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .conditions import Compiled
from .model import Choice, DecisionNode, EventNode, NodeBase, Outcome, Scenario
from .yamlsafe import PathKey

CONFIRMED = ("W505", "W512")
LIMIT = 5_000  # positions: a few hundred in a hand-written scenario; past this, warnings stay
Finding = tuple[str, str, PathKey, str, str | None]

if TYPE_CHECKING:
    from .game import Game


def confirm(
    scenario: Scenario, conditions: dict[str, Compiled], findings: list[Finding]
) -> list[Finding]:
    """The findings, without the W505 and W512 that no reachable position shows; those kept
    name a state that does happen."""
    doubtful = [f for f in findings if f[0] in CONFIRMED]
    if not doubtful:
        return findings
    from .explore import reachable
    from .loader import LoadedScenario

    games, complete = reachable(LoadedScenario(scenario, "", conditions), limit=LIMIT)
    if not complete:
        return findings
    out = []
    for finding in findings:
        if finding[0] not in CONFIRMED:
            out.append(finding)
            continue
        tested = _tested(scenario, finding)
        shown = next((g for g in games if _shows(scenario, finding, g, tested)), None)
        if shown is not None:
            words = _state(shown, [conditions[t] for t in tested if t in conditions])
            code, message, path, at, hint = finding
            out.append((code, _GAP.sub(rf"\g<1>{words}\g<2>", message, count=1), path, at, hint))
    return out


# "… holds when alert is 0; the game …" (W505), "when alert is 0, no variant …" (W512)
_GAP = re.compile(r"(^when |holds when )(?:.*?)(, no variant|; the game)")


def _owner(scenario: Scenario, path: PathKey) -> NodeBase | Choice:
    node = scenario.nodes[str(path[1])]
    index = path[3] if len(path) >= 4 else None
    if path[2:3] == ("choices",) and isinstance(index, int) and isinstance(node, DecisionNode):
        return node.choices[index]
    return node


def _tested(scenario: Scenario, finding: Finding) -> list[str]:
    """The conditions the finding is about: the outcomes' or the variants'."""
    owner = _owner(scenario, finding[2])
    if finding[0] == "W505":
        outcomes: list[Outcome] = getattr(owner, "outcomes", None) or []
        return [o.condition for o in outcomes if o.condition]
    return [v.when for v in owner.variants]


def _shows(scenario: Scenario, finding: Finding, game: Game, tested: list[str]) -> bool:
    """Whether this position shows the finding: at its node, where none of its conditions holds
    (for a choice's outcomes, only where the choice is offered)."""
    if game.state.node_id != str(finding[2][1]):
        return False
    owner = _owner(scenario, finding[2])
    if isinstance(owner, Choice) and owner not in game.offered():
        return False
    if finding[0] == "W505" and not isinstance(owner, Choice | EventNode):
        return False
    return bool(tested) and not any(game.holds(t) for t in tested)


def _state(game: Game, conditions: list[Compiled]) -> str:
    """The part of a position the conditions look at, in words ("alert is 4, 'x' was chosen
    at 'first'")."""
    state = game.state
    parts = []
    for name in sorted({v for c in conditions for v in c.variables}):
        value = state.variables.get(name)
        shown = (
            str(value).lower()
            if isinstance(value, bool)
            else (f'"{value}"' if isinstance(value, str) else str(value))
        )
        parts.append(f"{name} is {shown}")
    for node_id in sorted({n for c in conditions for n in c.nodes}):
        if node_id in state.choices:
            parts.append(f"'{state.choices[node_id]}' was chosen at '{node_id}'")
        elif state.visits.get(node_id):
            parts.append(f"'{node_id}' has been visited {state.visits[node_id]} time(s)")
        else:
            parts.append(f"'{node_id}' has not been visited")
    return ", ".join(parts) or "the story gets here"
