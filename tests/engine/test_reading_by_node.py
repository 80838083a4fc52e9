"""Reading a plain file a node at a time must never change what it means or where its problems
are shown: it gives the whole reading's data, model and diagnostics, and any file it cannot
read that way is read whole."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from benchmarks.bench_validate import crisis_scenario
from game.engine import loader
from game.engine.loader import check_bytes
from game.engine.model import Node
from game.engine.yamlfast import quick_read
from game.engine.yamlnodes import read_by_node
from game.engine.yamlplaces import block_places
from game.engine.yamlsafe import locate

from .test_fast_reader import FILES, _exactly, _slipped, every_path

ROOT = Path(__file__).resolve().parents[2]
# The shipped scenarios the fast reader reads (the others it leaves to the exact reader).
SHIPPED = [
    path
    for path in sorted([*ROOT.glob("scenarios/*.yaml"), *ROOT.glob("docs/examples/*.yaml")])
    if quick_read(path.read_text(encoding="utf-8")) is not None
]


def test_most_shipped_scenarios_are_read_fast() -> None:
    assert len(SHIPPED) >= 4


def by_node_data(text: str) -> dict[str, Any] | None:
    """The data as read a node at a time, put together (None when the file is read whole)."""
    reading = read_by_node(text)
    if reading is None:
        return None
    return {**reading.head, "nodes": dict(reading)}


def whole(text: str) -> object:
    """What the loader makes of the file when it reads it whole."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loader, "read_by_node", lambda text: None)
        return check_bytes(text.encode(), "x.yaml")


def test_the_large_benchmark_graph_is_read_a_node_at_a_time() -> None:
    # Were it read whole again, a long scenario's memory would silently be the data's and the
    # model's together.
    text = crisis_scenario(300)
    assert by_node_data(text) == quick_read(text)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_scenario_is_read_a_node_at_a_time_as_it_is_read_whole(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = by_node_data(text)
    assert data is not None
    assert repr(data) == repr(quick_read(text))
    (found, loaded), (wholly, loaded_whole) = check_bytes(text.encode(), "x.yaml"), whole(text)
    assert found == wholly == _exactly(text)[0]
    assert loaded is not None and loaded_whole is not None
    assert loaded.scenario == loaded_whole.scenario
    assert loaded.conditions.keys() == loaded_whole.conditions.keys()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_an_authors_slips_get_the_same_diagnostics_read_by_node_or_whole(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    rng = random.Random("by node " + path.name)
    for _ in range(12):
        text = _slipped(lines, rng)
        (found, loaded), (wholly, loaded_whole) = check_bytes(text.encode(), "x.yaml"), whole(text)
        assert found == wholly, text
        assert (loaded is None) == (loaded_whole is None)


SMALL = crisis_scenario(6)

# Layouts that are still plain: each is read a node at a time, into the whole reading's data.
PLAIN = {
    "comments between and in nodes": SMALL.replace("  n2:\n", "# two\n  n2:\n    # first\n"),
    "blank lines": SMALL.replace("  n3:\n", "\n\n  n3:\n\n"),
    "a comment after nodes:": SMALL.replace("nodes:\n", "nodes:   # the story\n"),
    "nodes before other keys": SMALL.replace("start: n0\n", "") + "start: n0\n",
    "nodes indented by four": SMALL.replace("\n  ", "\n    "),
    "no line break at the end": SMALL.rstrip("\n"),
    "a block of text with blank lines": re.sub(
        r'    text: ".*"\n', "    text: |\n      One.\n\n      Two.\n", SMALL, count=1
    ),
    "a node key in quotes": SMALL.replace("  n4:\n", '  "n4":\n'),
}


@pytest.mark.parametrize("text", PLAIN.values(), ids=PLAIN.keys())
def test_plain_layouts_are_read_a_node_at_a_time_as_whole(text: str) -> None:
    data = by_node_data(text)
    assert data is not None
    assert repr(data) == repr(quick_read(text))
    assert check_bytes(text.encode(), "x.yaml") == whole(text) == _exactly(text)


# Layouts read whole: they are not plain, or a node's reading could depend on another.
NOT_PLAIN = {
    "nodes in brackets": SMALL.replace("nodes:\n", "nodes: {n9: {kind: ending, title: E}}\nx:\n"),
    "an alias into another node": SMALL.replace(
        "deciders: [lead]", "deciders: &who [lead]", 1
    ).replace("deciders: [lead]", "deciders: *who"),
    "an anchor": SMALL.replace("deciders: [lead]", "deciders: &who [lead]", 1),
    "a line less indented than the nodes": SMALL.replace("\n    kind:", "\n kind:", 1),
    "no nodes": SMALL.split("nodes:")[0] + "nodes:\n",
    "nodes: twice": SMALL + "nodes:\n  n9: {kind: ending, title: E, category: other}\n",
}


@pytest.mark.parametrize("text", NOT_PLAIN.values(), ids=NOT_PLAIN.keys())
def test_layouts_that_are_not_plain_are_read_whole(text: str) -> None:
    assert read_by_node(text) is None
    assert check_bytes(text.encode(), "x.yaml") == _exactly(text)


# Files read a node at a time whose model cannot be made that way: read whole, explained alike.
REREAD = {
    "a node twice": SMALL.replace("  n5:\n", "  n1:\n    kind: ending\n    title: E\n  n5:\n"),
    "a mistyped kind": SMALL.replace("kind: decision", "kind: decisoin", 1),
    "a missing title": SMALL.replace("    title: Step 3\n", ""),
    "nodes as a list": SMALL.replace("  n0:\n", "  - n0:\n", 1),
    "a node key that is a number": SMALL.replace("  n5:\n", "  5:\n"),
    # The scenario is made around one node and given the rest: their keys are still ids.
    "a node key that is no id": SMALL.replace("  n5:\n", "  n 5:\n"),
    "a node key too long for an id": SMALL.replace("  n5:\n", f"  {'n' * 81}:\n"),
    "a format of another version": SMALL.replace("format: 1", "format: 2"),
    "a role missing": SMALL.replace("deciders: [lead]", "deciders: [nobody]", 1),
    # Nodes are read several at a time: a key read twice in one reading, and in two.
    "a node twice, side by side": crisis_scenario(40).replace("  n21:\n", "  n20:\n"),
    "a node twice, far apart": crisis_scenario(40).replace("  n37:\n", "  n2:\n"),
}


@pytest.mark.parametrize("text", REREAD.values(), ids=REREAD.keys())
def test_a_file_whose_nodes_do_not_make_a_model_is_explained_as_when_read_whole(
    text: str,
) -> None:
    found = check_bytes(text.encode(), "x.yaml")
    assert found == whole(text) == _exactly(text)
    assert found[1] is None


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_places_inside_parts_of_the_model_are_the_exact_walks(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = quick_read(text)
    reading = read_by_node(text)
    assert data is not None and reading is not None
    make = TypeAdapter[Any](Node).validate_python
    modelled = {**reading.head, "nodes": {key: make(value) for key, value in reading}}
    wanted = set(every_path(data))
    found, left = block_places(text, modelled, wanted)
    walked = locate(text, wanted)
    assert {p: walked.get(p) for p in found} == found
    # What the data places, the model's parts place too.
    from_data, _ = block_places(text, data, wanted)
    assert set(from_data) <= set(found) | left
    assert len(found) > 0.9 * len(from_data)

