"""The whole scenario as one printable, self-contained HTML page: the book of the scenario.

Teachers read it to review a scenario before class, authors to proofread. Nodes come in story
order (breadth first from the start along every choice and outcome, then whatever the start never
reaches), each link between branches is an anchor, and readers see names, never ids.
"""

from __future__ import annotations

from collections import deque

from ..engine.checks import exits
from ..engine.coverage import chance_totals, fixed_branch
from ..engine.model import (
    Choice,
    DecisionNode,
    DecisionRule,
    Effects,
    EventNode,
    Outcome,
    Scenario,
    Source,
)
from .graph import CATEGORY_COLOURS
from .htmlsafe import environment

RULE_WORDS = {
    DecisionRule.single: "",
    DecisionRule.majority: "by majority vote",
    DecisionRule.unanimous: "by unanimous vote",
    DecisionRule.leader: "the leader decides after hearing advice",
}


def story_order(scenario: Scenario) -> tuple[list[str], set[str]]:
    """Node ids breadth first from the start, then the unreached ones in file order; and the
    set of those reached."""
    nodes = scenario.nodes
    order: list[str] = []
    seen: set[str] = set()
    if scenario.start in nodes:
        queue = deque([scenario.start])
        seen.add(scenario.start)
        while queue:
            node_id = queue.popleft()
            order.append(node_id)
            for target in exits(nodes[node_id]):
                if target in nodes and target not in seen:
                    seen.add(target)
                    queue.append(target)
    reached = set(order)
    order += [n for n in nodes if n not in reached]
    return order, reached


class Names:
    """Ids turned into what a reader should see."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self._totals: dict[int, list[list[int]]] = {}  # per list of outcomes, by its identity

    def role(self, role_id: str) -> str:
        role = self.scenario.role(role_id)
        return role.name if role else role_id

    def roles(self, role_ids: list[str]) -> str:
        return ", ".join(self.role(r) for r in role_ids)

    def node(self, node_id: str) -> str:
        node = self.scenario.nodes.get(node_id)
        return node.title if node else node_id

    def choice(self, node: DecisionNode, choice_id: str | None) -> str:
        found = next((c for c in node.choices if c.id == choice_id), None)
        return found.label if found else (choice_id or "")

    def sources(self, ids: list[str]) -> list[Source]:
        return [s for s in (self.scenario.source(i) for i in dict.fromkeys(ids)) if s]

    def effects(self, effects: Effects | None) -> list[str]:
        """Each change in words: 'Tension +2', 'DEFCON set to 3'."""
        if effects is None:
            return []
        out = []
        for name, value in effects.set.items():
            variable = self.scenario.variable(name)
            label = variable.label if variable else name
            shown = str(value).lower() if isinstance(value, bool) else str(value)
            out.append(f"{label} set to {shown}")
        for name, amount in effects.add.items():
            variable = self.scenario.variable(name)
            label = variable.label if variable else name
            out.append(f"{label} {amount:+d}")
        return out

    def fixed(self, outcomes: list[Outcome]) -> bool:
        """Outcomes that make an "if … otherwise …": exactly one is ever open."""
        return fixed_branch(self.scenario, outcomes)

    def share(self, index: int, outcomes: list[Outcome]) -> str:
        """How likely outcome `index` is, against the outcomes that can be open beside it:
        "Chance 4 in 5", "Certain" (no other can be open with it), "Chance 1 in 2 or certain"."""
        weight = outcomes[index].weight
        key = id(outcomes)
        if key not in self._totals:
            self._totals[key] = chance_totals(self.scenario, outcomes)
        totals = self._totals[key][index]
        words = [f"{weight} in {t}" for t in sorted(totals, reverse=True) if t != weight]
        if weight in totals:
            words.append("certain")
        if words == ["certain"]:
            return "Certain"
        return "Chance " + " or ".join(words or [f"{weight} in {weight}"])

    def offered_by(self, choice: Choice) -> str:
        return f"offered only if {choice.condition}" if choice.condition else ""


def cited_in(scenario: Scenario) -> dict[str, list[str]]:
    """For each source id, the nodes (in story order) that cite it anywhere inside them."""
    order, _ = story_order(scenario)
    found: dict[str, list[str]] = {s.id: [] for s in scenario.sources}
    for node_id in order:
        node = scenario.nodes[node_id]
        ids: set[str] = set(node.sources)
        ids |= {s for v in node.variants for s in v.sources or ()}
        ids |= {s for a in node.advisers for s in a.sources}
        if node.effects:
            ids |= set(node.effects.sources)
        items: list[Choice | Outcome] = []
        if isinstance(node, DecisionNode):
            items += node.choices
            for choice in node.choices:
                items += choice.outcomes or []
            if node.history:
                ids |= set(node.history.sources)
                ids |= {s for a in node.history.accounts for s in a.sources}
        elif isinstance(node, EventNode):
            items += node.outcomes or []
        for item in items:
            ids |= set(item.sources)
            ids |= {s for v in item.variants for s in v.sources or ()}
            if item.effects:
                ids |= set(item.effects.sources)
        for source_id in ids:
            if source_id in found and node_id not in found[source_id]:
                found[source_id].append(node_id)
    return found


def to_book(scenario: Scenario) -> str:
    order, reached = story_order(scenario)
    roles_citing = {
        s.id: [r.name for r in scenario.roles if s.id in r.sources] for s in scenario.sources
    }
    return (
        environment()
        .get_template("book.html.j2")
        .render(
            scenario=scenario,
            order=order,
            reached=reached,
            names=Names(scenario),
            rule_words=RULE_WORDS,
            cited=cited_in(scenario),
            roles_citing=roles_citing,
            colours=CATEGORY_COLOURS,
        )
    )
