"""A listing of the first few warnings of each kind, checked without placing the others, shows
what a full check would show first, and counts the rest."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from game.cli import _grouped
from game.engine.loader import check_bytes
from game.engine.shortlist import Shortlist
from game.engine.yamlsafe import Document

SCENARIOS = sorted((Path(__file__).parents[2] / "scenarios").glob("*.yaml"))


def _written_carelessly(scenario: Path, seed: int, flow: bool) -> bytes:
    """The scenario as an author in a hurry might write it: most `history` blocks, `why`s and
    `sources` left out, the nodes after the first and the top-level sections in another order."""
    chance = random.Random(seed)

    def without(value: object) -> object:
        if isinstance(value, dict):
            return {
                key: without(inner)
                for key, inner in value.items()
                if not (key in ("history", "why", "sources") and chance.random() < 0.7)
            }
        if isinstance(value, list):
            return [without(inner) for inner in value]
        return value

    data = without(yaml.safe_load(scenario.read_text(encoding="utf-8")))
    assert isinstance(data, dict)
    first, *rest = data["nodes"].items()
    chance.shuffle(rest)
    data["nodes"] = dict([first, *rest])
    keys = list(data)
    chance.shuffle(keys)
    written = yaml.safe_dump(
        {key: data[key] for key in keys},
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=None if flow else False,
        width=100,
    )
    return written.encode()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_the_first_warnings_of_each_kind_are_those_a_full_check_lists_first(scenario, tmp_path):
    left_out_somewhere = False
    for seed in range(4):
        raw = _written_carelessly(scenario, seed, flow=seed % 2 == 1)
        full = check_bytes(raw, "careless.yaml")[0]
        for per_code in (1, 2, 3):
            shortlist = Shortlist(per_code)
            part = check_bytes(raw, "careless.yaml", shortlist)[0]
            left_out_somewhere = left_out_somewhere or bool(shortlist.left_out)
            listed = _grouped(part, per_code, shortlist.left_out)
            assert listed == _grouped(full, per_code, {})
            assert len(part) + sum(shortlist.left_out.values()) == len(full)
            assert all(d.code.startswith("W") for d in full if d not in part)
    assert left_out_somewhere, "the careless copies should have more warnings than are listed"


def test_warnings_past_the_shortlist_are_never_placed(monkeypatch):
    decisions = "".join(
        f"  d{i}:\n    kind: decision\n    title: D{i}\n    deciders: [boss]\n"
        f"    choices:\n      - {{id: on, label: On, goto: d{i + 1}}}\n"
        for i in range(200)
    )
    text = (
        "format: 1\nid: long\ntitle: Long\nperiod: {start: '1962-10-16'}\nsummary: Long.\n"
        "minutes: 2\nauthors: [Tests]\nlicence: CC0\n"
        "roles:\n  - {id: boss, name: The Boss, side: Us, briefing: Decide.}\n"
        "start: d0\nnodes:\n" + decisions + "  d200:\n    kind: ending\n    title: End\n"
        "    category: historical\n"
    )
    asked: list[set] = []
    locate = Document.locate

    def noting(self, paths):
        asked.append(set(paths))
        return locate(self, paths)

    monkeypatch.setattr(Document, "locate", noting)
    shortlist = Shortlist(3)
    found = check_bytes(text.encode(), "long.yaml", shortlist)[0]
    assert [(d.code, d.line) for d in found] == [("W501", 14), ("W501", 20), ("W501", 26)]
    assert shortlist.left_out == {"W501": 197}
    nodes_placed = {
        path for paths in asked for path in paths if path[:1] == ("nodes",) and len(path) > 1
    }
    assert len(nodes_placed) == 3

    asked.clear()
    assert len(check_bytes(text.encode(), "long.yaml")[0]) == 200  # without one: every warning
    assert len({path for paths in asked for path in paths}) >= 200
