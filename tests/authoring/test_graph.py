"""Graph output parses: DOT with a small parser, Mermaid by its structure."""

import re

from game.authoring.graph import to_dot, to_mermaid
from game.engine.loader import load_bytes

from ..engine.scenario_text import MINIMAL

DOT_STRING = r'"(?:[^"\\]|\\.)*"'
DOT_ATTRS = rf"(?:\s*\[(?:\s*\w+={DOT_STRING}|\s*\w+=[\w.#\"]+|\s*,)*\s*\])?"
DOT_NODE = re.compile(rf"^\s*({DOT_STRING}){DOT_ATTRS};$")
DOT_EDGE = re.compile(rf"^\s*({DOT_STRING}) -> ({DOT_STRING}){DOT_ATTRS};$")


def parse_dot(text: str) -> tuple[set[str], list[tuple[str, str, str]]]:
    lines = text.strip().splitlines()
    assert re.match(rf"^digraph {DOT_STRING} \{{$", lines[0]) and lines[-1] == "}"
    nodes, edges = set(), []
    for line in lines[1:-1]:
        if line.strip().startswith(("rankdir", "node [", "edge [")):
            continue
        if m := DOT_EDGE.match(line):
            label = re.search(rf"label=({DOT_STRING})", line)
            edges.append((m[1][1:-1], m[2][1:-1], label[1][1:-1] if label else ""))
        elif m := DOT_NODE.match(line):
            nodes.add(m[1][1:-1])
        else:
            raise AssertionError(f"not DOT: {line!r}")
    return nodes, edges


HOSTILE = MINIMAL.replace("title: First", 'title: "Say \\"hi\\" -> }; digraph x {"').replace(
    "label: Push", 'label: "Push\\"] --> n9[evil]; click n0 call alert()"'
)


def test_dot_has_every_node_and_edge_and_survives_hostile_labels():
    scenario = load_bytes(HOSTILE.encode(), "h.yaml").scenario
    nodes, edges = parse_dot(to_dot(scenario))
    assert nodes == set(scenario.nodes)
    assert ("first", "end", "Stay calm") in edges
    pushes = [label for source, target, label in edges if (source, target) == ("first", "war")]
    assert pushes[0].startswith('Push\\"] --> n9[evil]') and pushes[0].endswith("(1/2)")
    history = [line for line in to_dot(scenario).splitlines() if "penwidth=3" in line]
    assert any('"first" -> "end" [label="Stay calm"' in line for line in history)
    ending = next(line for line in to_dot(scenario).splitlines() if line.startswith('  "war" ['))
    assert "#e65100" in ending  # endings are coloured by category


def test_mermaid_structure_and_escaping():
    scenario = load_bytes(HOSTILE.encode(), "h.yaml").scenario
    lines = to_mermaid(scenario).splitlines()
    assert lines[0] == "flowchart TD"
    shapes = [ln for ln in lines if re.match(r"^    n\d+(\[\"|\(\[\"|\[\[\")", ln)]
    assert len(shapes) == len(scenario.nodes)
    links = [ln for ln in lines if re.match(r'^    n\d+ (-->|==>)(\|"[^"]*"\|)? n\d+$', ln)]
    assert len(links) == 3  # calm, and the two chance outcomes of push
    assert all(
        '"' not in ln.split('"', 1)[1].rsplit('"', 1)[0] for ln in shapes + links if '"' in ln
    )  # no raw quote inside a label
    assert any(ln.startswith("    n0 ==>") for ln in links)  # history's path is heavier
    assert any("(1/2)" in ln for ln in links)  # chance branches show their weights
    assert "    classDef war fill:#e65100,color:#ffffff,stroke:#000000" in lines
