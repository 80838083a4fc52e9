"""Positions noted while reading a file agree with a second, event-by-event reading of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.checks import _nearest
from game.engine.yamlsafe import PathKey, locate, parse

from .scenario_text import MINIMAL

SCENARIOS = sorted((Path(__file__).parents[2] / "scenarios").glob("*.yaml"))

MIXED = """\
top: {a: 1, b: [x, {c: 2, d: [3, 4]}], "quoted key": 'v'}
list:
  - plain
  - [1, 2, [3, [4]]]
  - key: |
      block text
      on two lines
    other: >-
      folded
  -
    - nested
    - {}
    - []
empty:
last: ~
"""


def every_path(data: object, path: PathKey = ()) -> list[PathKey]:
    """Every path into the data, and one missing step under each container."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += every_path(value, (*path, key))
        found.append((*path, "not-there"))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += every_path(value, (*path, i))
        found.append((*path, len(data)))
    return found


def shown_at(positions: dict, paths: list[PathKey]) -> dict:
    return {p: (_nearest(positions, p, "key"), _nearest(positions, p, "value")) for p in paths}


@pytest.mark.parametrize(
    "text",
    [MINIMAL, MIXED, *(p.read_text(encoding="utf-8") for p in SCENARIOS)],
    ids=["minimal", "mixed", *(p.stem for p in SCENARIOS)],
)
def test_noted_positions_match_a_second_reading(text):
    document = parse("s.yaml", text)
    assert document.marks is not None  # no aliases or duplicates: nothing is read twice
    paths = every_path(document.data)
    assert shown_at(document.locate(set(paths)), paths) == shown_at(locate(text, set(paths)), paths)


def test_a_file_with_aliases_or_duplicate_keys_is_read_again_for_positions():
    text = "a: &x [1, 2]\nb: *x\nc: {d: 1}\n"
    aliased = parse("s.yaml", text)
    duplicated = parse("s.yaml", "a: 1\na: 2\nb: [1]\n")
    assert aliased.marks is None and duplicated.marks is None
    assert aliased.locate({("c", "d")})[("c", "d")] == ((3, 5), (3, 8))
    assert duplicated.locate({("b", 0)})[("b", 0)] == ((3, 5), (3, 5))


def test_parts_given_the_same_keys_keep_what_was_given_and_stay_frozen():
    from pydantic import ValidationError

    from game.engine.loader import load_bytes

    loaded = load_bytes(MINIMAL.encode(), "mini.yaml")
    calm, push = loaded.scenario.nodes["first"].choices
    assert calm.model_fields_set == {"id", "label", "goto"}
    assert push.model_fields_set == {"id", "label", "effects", "outcomes"}
    end, war = loaded.scenario.nodes["end"], loaded.scenario.nodes["war"]
    assert end.model_fields_set is war.model_fields_set  # one set for both endings
    assert end.model_dump(exclude_unset=True) == {
        "kind": "ending", "title": "Calm", "category": "historical"
    }  # fmt: skip
    with pytest.raises(ValidationError):
        end.title = "Changed"  # type: ignore[misc]
    assert war.title == "War" and war.model_fields_set == {"kind", "title", "category"}


def test_names_that_parts_repeat_are_kept_once_and_read_the_same():
    import yaml

    from benchmarks.bench_validate import crisis_scenario
    from game.engine.loader import load_bytes
    from game.engine.model import Scenario

    text = crisis_scenario(30)
    scenario = load_bytes(text.encode(), "graph.yaml").scenario
    keys = {key: key for key in scenario.nodes}
    first, second = scenario.nodes["n1"], scenario.nodes["n2"]
    # Every `goto` is the key of the node it names, and equal ids and lists of ids are one each.
    assert all(
        choice.goto is keys[choice.goto]
        for node in scenario.nodes.values()
        for choice in getattr(node, "choices", ())
    )
    assert first.choices[0].id is second.choices[0].id == "c0"
    assert first.deciders is second.deciders == ("lead",)
    # and nothing is read differently for it: the model is the one made from the plain data
    assert [c.goto for c in first.choices] == ["n2", "n3", "n4"]
    assert scenario == Scenario.model_validate(yaml.safe_load(text))
