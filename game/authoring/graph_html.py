"""The node graph as one self-contained HTML page with an SVG drawing: no Graphviz, no scripts.

Layout: nodes are put in layers by their distance from the start (breadth first), ordered within
each layer by the average position of their neighbours (a few sweeps down and up, keeping the
order with the fewest crossings), then shifted towards their parents. Each box lists its choices
(or chance outcomes) with their conditions, and each link leaves from its own row. History's path
is drawn in heavy green, endings are coloured by category, chance links carry their weights.
"""

from __future__ import annotations

import textwrap
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..engine.checks import exits
from ..engine.coverage import chance_totals, fixed_branch
from ..engine.history import history_path
from ..engine.model import DecisionNode, DecisionRule, EndingNode, EventNode, Outcome, Scenario
from .graph import CATEGORY_COLOURS, chance_share
from .htmlsafe import environment

WIDTH = 300  # of a box
GAP_X = 70  # between boxes in a layer
GAP_Y = 110  # between layers
MARGIN = 40
TITLE_H = 17
META_H = 14
ROW_H = 15
PAD = 8
RULES = {
    DecisionRule.majority: "by majority vote",
    DecisionRule.unanimous: "unanimous vote",
    DecisionRule.leader: "leader decides after advice",
}


@dataclass
class Row:
    label: str  # one line, shortened
    detail: str  # condition or chance, shortened ("" for none)
    full: str  # everything, for the tooltip
    target: str | None  # None: a heading row (a choice that leads to chance outcomes)
    historical: bool = False
    chance: str = ""  # "1/3" on a chance link
    indent: bool = False
    y: float = 0.0  # centre of the row, set by the layout


@dataclass
class Box:
    node_id: str
    kind: str
    title: list[str]
    meta: list[str]
    rows: list[Row]
    fill: str
    stroke: str
    text_colour: str
    start: bool
    reached: bool
    category: str = ""
    layer: int = 0
    x: float = 0.0
    y: float = 0.0
    height: float = 0.0

    @property
    def centre(self) -> float:
        return self.x + WIDTH / 2


@dataclass
class Link:
    path: str
    historical: bool
    chance: str
    label_x: float
    label_y: float
    tooltip: str


@dataclass
class Drawing:
    boxes: list[Box] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _chance_rows(
    scenario: Scenario,
    outcomes: Sequence[Outcome],
    on_path: bool,
    path: set[tuple[str, str]],
    node_id: str,
    indent: bool,
) -> list[Row]:
    fixed = fixed_branch(scenario, outcomes)  # an "if … otherwise …": no chance, no weights
    totals = chance_totals(scenario, outcomes)
    rows = []
    for outcome, open_beside in zip(outcomes, totals, strict=True):
        share = "" if fixed else chance_share(outcome.weight, open_beside)
        said = share if share == "certain" else f"chance {share}"
        condition = f" if {outcome.condition}" if outcome.condition else ""
        varies = "".join(f"; its text varies when {v.when}" for v in outcome.variants)
        documented = outcome.basis is not None and outcome.basis.value == "documented"
        rows.append(
            Row(
                label=_short(f"{said}{condition}" if share else condition.strip(), 46),
                detail="",
                full=(f"{said}{condition}" if share else condition.strip()) + varies,
                target=outcome.goto,
                historical=on_path and documented and (node_id, outcome.goto) in path,
                chance=share,
                indent=indent,
            )
        )
    return rows


def _box(scenario: Scenario, node_id: str, path: set[tuple[str, str]], reached: bool) -> Box:
    node = scenario.nodes[node_id]
    names = [r.name if (r := scenario.role(d)) else d for d in node.deciders]
    meta_parts: list[str] = [node.kind]
    if node.date:
        meta_parts.append(node.date)
    if node.variants:
        count = len(node.variants)
        meta_parts.append(f"text varies ({count} variant{'s' if count != 1 else ''})")
    rows: list[Row] = []
    fill, stroke, text_colour, category = "#fffde7", "#795548", "#1b1b1b", ""
    if isinstance(node, DecisionNode):
        if names:
            who = "decides: " + ", ".join(names)
            if node.rule in RULES:
                who += f" ({RULES[node.rule]})"
            meta_parts.append(who)
        documented = node.history.choice if node.history else None
        for choice in node.choices:
            condition = f"if {choice.condition}" if choice.condition else ""
            full = choice.label + (f" — {condition}" if condition else "")
            if choice.variants:
                full += " — its text varies: " + "; ".join(f"when {v.when}" for v in choice.variants)
            rows.append(
                Row(
                    label=_short(choice.label, 50),
                    detail=_short(condition, 54),
                    full=full,
                    target=choice.goto,
                    historical=choice.id == documented and (node_id, choice.goto or "") in path,
                )
            )
            if choice.outcomes:
                rows += _chance_rows(
                    scenario,
                    choice.outcomes, choice.id == documented, path, node_id, indent=True
                )
    elif isinstance(node, EventNode):
        fill, stroke = "#eceff1", "#607d8b"
        if names:
            meta_parts.append("with: " + ", ".join(names))
        if node.outcomes:
            rows = _chance_rows(scenario, node.outcomes, True, path, node_id, indent=False)
    elif isinstance(node, EndingNode):
        category = node.category.value
        fill = CATEGORY_COLOURS[category]
        stroke, text_colour = "#000000", "#ffffff"
        meta_parts[0] = f"ending · {category}"
    title = textwrap.wrap(" ".join(node.title.split()), 34)[:3] or [node_id]
    if len(textwrap.wrap(" ".join(node.title.split()), 34)) > 3:
        title[-1] = _short(title[-1] + " …", 34)
    meta = textwrap.wrap(" · ".join(meta_parts), 50)[:3]
    box = Box(
        node_id, node.kind, title, meta, rows, fill, stroke, text_colour,
        node_id == scenario.start, reached, category,
    )  # fmt: skip
    box.height = PAD * 2 + TITLE_H * len(title) + META_H * len(meta) + (6 if rows else 0)
    box.height += sum(ROW_H * (2 if r.detail else 1) for r in rows)
    return box


def _layers(scenario: Scenario, graph: dict[str, list[str]]) -> tuple[dict[str, int], set[str]]:
    """Distance from the start; nodes the start never reaches come after, in their own order."""
    depth: dict[str, int] = {}
    reached: set[str] = set()

    def walk(root: str, base: int) -> None:
        depth[root] = base
        queue = deque([root])
        while queue:
            current = queue.popleft()
            for target in graph[current]:
                if target not in depth:
                    depth[target] = depth[current] + 1
                    queue.append(target)

    if scenario.start in graph:
        walk(scenario.start, 0)
        reached = set(depth)
    for node_id in graph:
        if node_id not in depth:
            walk(node_id, max(depth.values(), default=-1) + 1)
    return depth, reached


def _crossings(order: list[list[str]], graph: dict[str, list[str]], layer: dict[str, int]) -> int:
    position = {n: i for row in order for i, n in enumerate(row)}
    count = 0
    for upper in order:
        pairs = [
            (position[u], position[v]) for u in upper for v in graph[u] if layer[v] == layer[u] + 1
        ]
        for i, (a, b) in enumerate(pairs):
            for c, d in pairs[i + 1 :]:
                if (a - c) * (b - d) < 0:
                    count += 1
    return count


def _order(graph: dict[str, list[str]], layer: dict[str, int], first: list[str]) -> list[list[str]]:
    """Nodes of each layer left to right, by the barycentre of their neighbours."""
    parents: dict[str, list[str]] = {n: [] for n in graph}
    for source, targets in graph.items():
        for target in targets:
            parents[target].append(source)
    order: list[list[str]] = [[] for _ in range(max(layer.values(), default=-1) + 1)]
    for node_id in first:
        order[layer[node_id]].append(node_id)
    best, best_count = [row[:] for row in order], _crossings(order, graph, layer)

    def sweep(rows: range, neighbours: dict[str, list[str]], towards: int) -> None:
        """Sort each layer by the mean position of its neighbours on the side swept from."""
        for index in rows:
            position = {n: i / max(1, len(r)) for r in order for i, n in enumerate(r)}
            row = order[index]
            keys = {}
            for slot, node_id in enumerate(row):
                near = [
                    position[m] for m in neighbours[node_id] if layer[m] * towards < index * towards
                ]
                keys[node_id] = sum(near) / len(near) if near else slot / max(1, len(row))
            row.sort(key=keys.__getitem__)

    children = {n: list(dict.fromkeys(t)) for n, t in graph.items()}
    for _ in range(6):
        sweep(range(1, len(order)), parents, 1)
        sweep(range(len(order) - 2, -1, -1), children, -1)
        count = _crossings(order, graph, layer)
        if count < best_count:
            best, best_count = [row[:] for row in order], count
    return best


def layout(scenario: Scenario) -> Drawing:
    nodes = scenario.nodes
    graph = {n: [t for t in exits(node) if t in nodes] for n, node in nodes.items()}
    depth, reached = _layers(scenario, graph)
    path = history_path(scenario)
    boxes = {n: _box(scenario, n, path, n in reached) for n in nodes}
    first = sorted(nodes, key=lambda n: depth[n])  # stable: file order within a layer
    order = _order(graph, depth, first)
    parents: dict[str, list[str]] = {n: [] for n in nodes}
    for source, targets in graph.items():
        for target in targets:
            parents[target].append(source)

    # x: start from even spacing, then pull each layer towards its parents, keeping the order.
    for row in order:
        for i, node_id in enumerate(row):
            boxes[node_id].x = i * (WIDTH + GAP_X)
    for row in order[1:]:
        wanted = []
        for node_id in row:
            above = [boxes[p].x for p in parents[node_id] if depth[p] < depth[node_id]]
            wanted.append(sum(above) / len(above) if above else boxes[node_id].x)
        placed: list[float] = []
        for i, want in enumerate(wanted):
            placed.append(want if i == 0 else max(want, placed[-1] + WIDTH + GAP_X))
        shift = sum(w - p for w, p in zip(wanted, placed, strict=True)) / len(placed)
        for node_id, x in zip(row, placed, strict=True):
            boxes[node_id].x = x + shift
    left = min((b.x for b in boxes.values()), default=0.0)
    y = float(MARGIN)
    for index, row in enumerate(order):
        for node_id in row:
            box = boxes[node_id]
            box.layer = index
            box.x += MARGIN - left
            box.y = y
        y += max((boxes[n].height for n in row), default=0) + GAP_Y
    for box in boxes.values():
        row_y = box.y + PAD + TITLE_H * len(box.title) + META_H * len(box.meta) + 6
        for item in box.rows:
            item.y = row_y + ROW_H * 0.75
            row_y += ROW_H * (2 if item.detail else 1)

    drawing = Drawing([boxes[n] for row in order for n in row])
    for box in drawing.boxes:
        node = nodes[box.node_id]
        if isinstance(node, EventNode) and node.next is not None and node.next in boxes:
            start_x, start_y = box.centre, box.y + box.height
            after = boxes[node.next]
            drawing.links.append(
                _link(
                    start_x,
                    start_y,
                    0,
                    after,
                    (box.node_id, node.next) in path,
                    "",
                    f"{node.title} → {' '.join(after.title)}",
                )
            )
        linked = [
            (r, boxes[r.target]) for r in box.rows if r.target is not None and r.target in boxes
        ]
        sides = [1 if goal.centre >= box.centre else -1 for _, goal in linked]
        for index, ((item, goal), side) in enumerate(zip(linked, sides, strict=True)):
            # Rows higher up take rails further out, so no link crosses another's stub.
            lane = sides[index + 1 :].count(side)
            drawing.links.append(
                _link(
                    box.x + (WIDTH if side > 0 else 0),
                    item.y - 4,
                    side,
                    goal,
                    item.historical,
                    item.chance,
                    f"{item.full} → {' '.join(goal.title)}",
                    bottom=box.y + box.height,
                    lane=lane,
                )
            )
    drawing.width = max((b.x + WIDTH for b in drawing.boxes), default=0) + MARGIN
    drawing.height = max((b.y + b.height for b in drawing.boxes), default=0) + MARGIN
    return drawing


def _link(
    x: float,
    y: float,
    side: int,
    target: Box,
    historical: bool,
    chance: str,
    tooltip: str,
    bottom: float | None = None,
    lane: int = 0,
) -> Link:
    """A link to the target's top: from a box's bottom (side 0), or from a row's edge (side ±1)
    out to a rail beside the box, down past its bottom, then curving to the target. Each row
    has its own rail (`lane`), so links from one box do not run on top of each other."""
    end_x, end_y = target.centre, target.y - 2
    start = f"M{x:.1f},{y:.1f}"
    if side and bottom is not None:
        rail = x + side * (10 + 6 * lane)
        if target.y + target.height < y:
            # Back up the story: along the rail, into the side of the earlier box.
            end_x = target.x + (WIDTH + 2 if target.centre < rail else -2)
            end_y = target.y + target.height / 2
            out = 60.0 if target.centre < rail else -60.0
            start += f" H{rail:.1f}"
            c1, c2 = (rail, y - 80), (end_x + out, end_y)
            d = f"{start} C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {end_x:.1f},{end_y:.1f}"
            return Link(d, historical, chance, rail, y - 10, tooltip)
        if target.y < bottom:
            # Beside it, on the same level: along the rail, then into the side of the box that
            # faces it (going round under the box would cross it). Its weight sits just past the
            # rail at its own row's height, so the weights of two rows stay apart.
            end_x = target.x + (WIDTH + 2 if target.centre < rail else -2)
            end_y = target.y + target.height / 2
            start += f" H{rail:.1f}"
            c1, c2 = (rail, end_y), ((rail + end_x) / 2, end_y)
            d = f"{start} C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {end_x:.1f},{end_y:.1f}"
            return Link(d, historical, chance, rail + side * 22, y - 3, tooltip)
        x, y = rail, bottom + 12 + 3 * lane
        start += f" H{rail:.1f} V{y:.1f}"
    reach = max(45.0, abs(end_y - y) * 0.45)
    c1 = (x, y + reach)
    c2 = (end_x, end_y - reach)
    d = f"{start} C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {end_x:.1f},{end_y:.1f}"
    # The chance weight sits on the curve; links side by side put theirs at different heights.
    t = min(0.8, 0.22 + 0.18 * lane)
    a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
    label_x = a * x + b * c1[0] + c * c2[0] + e * end_x
    label_y = a * y + b * c1[1] + c * c2[1] + e * end_y
    return Link(d, historical, chance, label_x, label_y, tooltip)


def to_html(scenario: Scenario) -> str:
    drawing = layout(scenario)
    used = sorted({b.category for b in drawing.boxes if b.category})
    legend = [(c, CATEGORY_COLOURS[c]) for c in CATEGORY_COLOURS if c in used]
    return (
        environment()
        .get_template("graph.html.j2")
        .render(
            scenario=scenario,
            drawing=drawing,
            legend=legend,
            width=WIDTH,
            title_h=TITLE_H,
            meta_h=META_H,
            row_h=ROW_H,
            pad=PAD,
            unreached=sum(1 for b in drawing.boxes if not b.reached),
        )
    )
