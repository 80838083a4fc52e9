"""The node graph of a scenario as Mermaid or Graphviz DOT.

Endings are styled by category, the documented-history path is drawn heavier, and chance branches
are labelled with their weights. Labels are escaped: scenario text never becomes graph syntax.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..engine.coverage import chance_totals, fixed_branch
from ..engine.history import history_path
from ..engine.model import DecisionNode, EndingNode, EventNode, Outcome, Scenario

CATEGORY_COLOURS = {
    "historical": "#2e7d32",
    "peaceful": "#0277bd",
    "pyrrhic": "#f9a825",
    "humiliation": "#8e24aa",
    "war": "#e65100",
    "catastrophe": "#b71c1c",
    "other": "#616161",
}


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str
    historical: bool


def edges(scenario: Scenario) -> Iterator[Edge]:
    path = history_path(scenario)
    for node_id, node in scenario.nodes.items():
        documented = (
            node.history.choice if isinstance(node, DecisionNode) and node.history else None
        )
        if isinstance(node, DecisionNode):
            for choice in node.choices:
                on_path = choice.id == documented
                if choice.goto is not None:
                    yield Edge(
                        node_id,
                        choice.goto,
                        choice.label,
                        on_path and (node_id, choice.goto) in path,
                    )
                yield from _chance(scenario, node_id, choice.outcomes or (), choice.label, on_path, path)
        elif isinstance(node, EventNode):
            if node.next is not None:
                yield Edge(node_id, node.next, "", (node_id, node.next) in path)
            yield from _chance(scenario, node_id, node.outcomes or (), "", True, path)


def _chance(
    scenario: Scenario,
    node_id: str, outcomes: Sequence[Outcome], prefix: str, on_path: bool, path: set[tuple[str, str]]
) -> Iterator[Edge]:
    fixed = fixed_branch(scenario, outcomes)  # "if … otherwise …": the weights never matter
    totals = chance_totals(scenario, outcomes)
    for outcome, open_beside in zip(outcomes, totals, strict=True):
        condition = f"if {outcome.condition}" if outcome.condition else ""
        share = chance_share(outcome.weight, open_beside)
        what = condition if fixed else f"{share} {condition}".strip()
        plain = fixed or share == "certain"
        label = f"{_short(prefix, 32)} ({what})" if prefix else (what if plain else f"chance {what}")
        documented = outcome.basis is not None and outcome.basis.value == "documented"
        yield Edge(
            node_id, outcome.goto, label, on_path and documented and (node_id, outcome.goto) in path
        )


def chance_share(weight: int, totals: list[int]) -> str:
    """An outcome's odds against those that can be open beside it: "4/5", "certain" (nothing
    else can be open with it), or "1/2 or certain" when that depends on the story."""
    words = [f"{weight}/{t}" for t in sorted(totals, reverse=True) if t != weight]
    if weight in totals:
        words.append("certain")
    return " or ".join(words)


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- Mermaid --------------------------------------------------------------------------------------


def _mermaid_text(text: str) -> str:
    """Mermaid labels in double quotes take entity codes; anything else could break the graph."""
    out = []
    for ch in _short(text, 90):
        if ch.isalnum() or ch in " .,;:!?'()/-_+=<>&…–—’":
            out.append({"<": "#lt;", ">": "#gt;", "&": "#amp;"}.get(ch, ch))
        else:
            out.append(f"#{ord(ch)};")
    return "".join(out)


def to_mermaid(scenario: Scenario) -> str:
    ids = {node_id: f"n{i}" for i, node_id in enumerate(scenario.nodes)}
    lines = ["flowchart TD"]
    for node_id, node in scenario.nodes.items():
        label = _mermaid_text(f"{_short(node.title)} [{node_id}]")
        if isinstance(node, DecisionNode):
            lines.append(f'    {ids[node_id]}["{label}"]:::decision')
        elif isinstance(node, EventNode):
            lines.append(f'    {ids[node_id]}(["{label}"]):::event')
        elif isinstance(node, EndingNode):
            lines.append(f'    {ids[node_id]}[["{label}"]]:::{node.category.value}')
    history_links = []
    for number, edge in enumerate(e for e in edges(scenario) if e.target in ids):
        arrow = "==>" if edge.historical else "-->"
        label = f'|"{_mermaid_text(_short(edge.label, 60))}"|' if edge.label else ""
        lines.append(f"    {ids[edge.source]} {arrow}{label} {ids[edge.target]}")
        if edge.historical:
            history_links.append(str(number))
    if scenario.start in ids:
        lines.append(f"    {ids[scenario.start]}:::start")
    lines.append("    classDef decision fill:#fffde7,stroke:#795548")
    lines.append("    classDef event fill:#eceff1,stroke:#607d8b")
    lines.append("    classDef start stroke-width:3px")
    for category, colour in CATEGORY_COLOURS.items():
        lines.append(f"    classDef {category} fill:{colour},color:#ffffff,stroke:#000000")
    if history_links:
        lines.append(f"    linkStyle {','.join(history_links)} stroke:#2e7d32,stroke-width:4px")
    return "\n".join(lines) + "\n"


# -- Graphviz DOT ---------------------------------------------------------------------------------


def _dot_text(text: str) -> str:
    return '"' + _short(text, 90).replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(scenario: Scenario) -> str:
    lines = [
        f"digraph {_dot_text(scenario.id)} {{",
        "  rankdir=TB;",
        '  node [shape=box, style="rounded,filled", fillcolor="#fffde7", fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    for node_id, node in scenario.nodes.items():
        attrs = [f"label={_dot_text(_short(node.title))}"]
        if isinstance(node, EventNode):
            attrs.append('shape=ellipse, fillcolor="#eceff1"')
        elif isinstance(node, EndingNode):
            colour = CATEGORY_COLOURS[node.category.value]
            attrs.append(f'shape=doubleoctagon, fillcolor="{colour}", fontcolor="#ffffff"')
        if node_id == scenario.start:
            attrs.append("penwidth=3")
        lines.append(f"  {_dot_text(node_id)} [{', '.join(attrs)}];")
    for edge in edges(scenario):
        attrs = [f"label={_dot_text(_short(edge.label, 60))}"] if edge.label else []
        if edge.historical:
            attrs.append('color="#2e7d32", penwidth=3')
        suffix = f" [{', '.join(attrs)}]" if attrs else ""
        lines.append(f"  {_dot_text(edge.source)} -> {_dot_text(edge.target)}{suffix};")
    lines.append("}")
    return "\n".join(lines) + "\n"
