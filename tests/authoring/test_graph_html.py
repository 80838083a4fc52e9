"""The HTML graph: one page that opens offline, shows the whole story, and escapes everything."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from click.testing import CliRunner

from game.authoring.graph_html import WIDTH, layout, to_html
from game.cli import main
from game.engine.loader import load_bytes, load_file

from ..conftest import ROOT
from ..engine.scenario_text import MINIMAL
from .pages import HOSTILE, assert_no_live_markup, assert_self_contained


def scenario(text: str = MINIMAL):
    return load_bytes(text.encode(), "s.yaml").scenario


def svg_of(html: str) -> ET.Element:
    """The drawing, parsed as XML: escaping mistakes would make it unreadable."""
    block = re.search(r"<svg .*?</svg>", html, re.S)
    assert block is not None
    return ET.fromstring(block[0])


NS = "{http://www.w3.org/2000/svg}"


def test_the_page_is_self_contained_and_the_drawing_is_valid_svg():
    html = to_html(scenario())
    assert_self_contained(html)
    svg = svg_of(html)
    ids = {g.get("id") for g in svg.iter(f"{NS}g") if g.get("id")}
    assert ids == {"node-first", "node-end", "node-war"}


def test_history_path_weights_conditions_deciders_and_endings_are_shown():
    text = MINIMAL.replace("label: Push\n", "label: Push\n        condition: tension > 0\n")
    html = to_html(scenario(text))
    svg = svg_of(html)
    history = [p for p in svg.iter(f"{NS}path") if "history" in (p.get("class") or "")]
    assert len(history) == 1
    assert history[0].find(f"{NS}title").text == "History: Stay calm → Calm"
    weights = [t.text for t in svg.iter(f"{NS}text") if t.get("class") == "w"]
    assert weights == ["1/2", "1/2"]
    texts = " ".join(t.text or "" for t in svg.iter(f"{NS}text"))
    assert "if tension > 0" in texts
    assert "decides: The Boss" in texts
    assert "ending · war" in texts and "ending · historical" in texts
    fills = {r.get("fill") for r in svg.iter(f"{NS}rect")}
    assert "#e65100" in fills and "#2e7d32" in fills  # war and historical
    assert "ending: war" in html and "ending: historical" in html  # the legend
    assert "ending: catastrophe" not in html  # only categories the scenario uses


def test_hostile_text_stays_text():
    html = to_html(scenario(HOSTILE))
    assert_self_contained(html)
    assert_no_live_markup(html)
    svg_of(html)  # still well-formed
    assert "&lt;/text&gt;&lt;script&gt;alert(3)" in html


def test_the_largest_bundled_scenario_is_laid_out_without_overlaps():
    loaded = load_file(ROOT / "scenarios" / "cuban-missile-crisis.yaml")
    drawing = layout(loaded.scenario)
    assert len(drawing.boxes) == len(loaded.scenario.nodes)
    for i, a in enumerate(drawing.boxes):
        for b in drawing.boxes[i + 1 :]:
            apart = (
                a.x + WIDTH <= b.x
                or b.x + WIDTH <= a.x
                or a.y + a.height <= b.y
                or b.y + b.height <= a.y
            )
            assert apart, (a.node_id, b.node_id)
    html = to_html(loaded.scenario)
    assert_self_contained(html)
    svg_of(html)
    assert html.count('class="link history"') >= 10


def test_graph_command_writes_html(tmp_path):
    out = tmp_path / "graph.html"
    result = CliRunner().invoke(
        main,
        [
            "graph",
            str(ROOT / "docs" / "examples" / "quarantine-line.yaml"),
            "--format",
            "html",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


SAME_RANK = MINIMAL.replace(
    "        goto: end\n      - id: push",
    "        goto: news\n      - id: push",
).replace(
    "  end:\n",
    "  news:\n    kind: event\n    title: News\n    outcomes:\n"
    "      - {weight: 3, goto: end}\n      - {weight: 1, goto: order}\n"
    "  order:\n    kind: decision\n    title: An order\n    deciders: [boss]\n"
    "    choices:\n      - {id: hold, label: Hold, goto: end}\n"
    "    history: {choice: hold, text: Held., basis: documented, sources: [src]}\n"
    "  end:\n",
).replace("goto: war, text: It failed.", "goto: order, text: It failed.")


def inside(box, x: float, y: float) -> bool:
    return box.x < x < box.x + WIDTH and box.y < y < box.y + box.height


def test_a_link_to_a_box_beside_it_enters_from_the_side_and_keeps_its_weight_off_boxes():
    # 'news' and 'order' are both one step from the start, so they stand side by side
    drawing = layout(scenario(SAME_RANK))
    boxes = {b.node_id: b for b in drawing.boxes}
    assert boxes["news"].y == boxes["order"].y
    [beside] = [link for link in drawing.links if link.chance == "1/4"]
    order = boxes["order"]
    end_x, end_y = (float(v) for v in beside.path.split()[-1].split(","))
    assert end_y == order.y + order.height / 2  # into its side, not up through it from below
    assert end_x in (order.x - 2, order.x + WIDTH + 2)
    for link in drawing.links:
        if link.chance:
            assert not any(inside(b, link.label_x, link.label_y) for b in drawing.boxes), link


def test_no_chance_weight_is_drawn_on_a_box_in_the_bundled_scenarios():
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        drawing = layout(load_file(path).scenario)
        for link in drawing.links:
            if link.chance:
                on = [b.node_id for b in drawing.boxes if inside(b, link.label_x, link.label_y)]
                assert not on, (path.name, link.tooltip, on)
