"""The documentation cannot go stale: its example loads and every key of the format is in it."""

from __future__ import annotations

import re

from pydantic import BaseModel

from game.engine import model
from game.engine.loader import load_bytes

from .conftest import ROOT

DOC = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")


def test_the_example_in_the_reference_is_the_example_file_and_loads():
    block = re.search(r"<!-- example: (\S+) -->\n```yaml\n(.*?)```", DOC, re.S)
    assert block is not None
    path, text = block.groups()
    assert (ROOT / path).read_text(encoding="utf-8") == text
    loaded = load_bytes(text.encode(), path)
    assert loaded.warnings == []


def test_every_key_of_the_format_is_documented():
    classes = [
        c
        for c in vars(model).values()
        if isinstance(c, type) and issubclass(c, BaseModel) and c.__module__ == model.__name__
    ]
    for cls in classes:
        for name, info in cls.model_fields.items():
            key = info.alias or name
            assert f"`{key}`" in DOC, f"{cls.__name__}.{key} is not in docs/scenario-format.md"


def test_the_author_guide_ends_with_its_scenario_which_validates_and_explores_cleanly():
    from game.engine.explore import explore

    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- example: (\S+) -->\n```yaml\n(.*?)```", guide, re.S)
    assert block is not None
    path, text = block.groups()
    assert (ROOT / path).read_text(encoding="utf-8") == text
    loaded = load_bytes(text.encode(), path)
    assert loaded.warnings == []
    result = explore(loaded)
    assert not result.problems
    assert result.endings == {"line-open", "no-line"}
