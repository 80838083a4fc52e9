import json
import os

import pytest

from game.engine import saves as store
from game.engine.game import Game
from game.engine.loader import load_bytes


def test_save_round_trip(example, saves):
    game = Game(example, seed=7, role="president")
    game.choose("board")
    recorder = store.Recorder(saves)
    path = recorder.autosave(game)
    loaded = store.read(path)
    assert loaded.summary["decisions"] == 1
    assert loaded.data["scenario"]["hash"] == example.content_hash
    restored = store.restore(loaded, example)
    assert restored.problems == []
    assert restored.game.state.node_id == game.state.node_id
    assert restored.game.role == "president"
    assert recorder.game_id in path.name


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b'{"kind": "crisis-save", "version": 1, "scenario": {"id": "x"}, "log": [', "truncated"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not text"),
        (b'{"hello": "world"}', "not a crisis save"),
        (b'{"kind": "crisis-save", "version": 99}', "newer version"),
        (b"[1, 2, 3]", "not a crisis save"),
    ],
)
def test_unreadable_saves_are_listed_with_a_reason_and_left_alone(example, saves, content, reason):
    good = store.Recorder(saves).autosave(Game(example, seed=1))
    bad = saves / "bad.json"
    bad.write_bytes(content)
    os.utime(bad, (good.stat().st_mtime + 10,) * 2)
    listed = store.list_saves(saves)
    assert isinstance(listed[0], store.Unreadable)  # newest first
    assert reason in listed[0].reason
    assert [type(s) for s in listed[1:]] == [store.SaveFile]
    assert bad.read_bytes() == content  # never overwritten


def test_changed_scenario_is_replayed_as_far_as_it_fits(example, saves, example_path):
    game = Game(example, seed=1)
    game.choose("pass")
    game.choose("board")
    path = store.Recorder(saves).autosave(game)
    text = example_path.read_text()
    text = text.replace(
        "id: board\n        label: Stop and search it",
        "id: inspect\n        label: Stop and search it",
    )
    text = text.replace(
        "choice: board\n      date: 1962-10-26", "choice: inspect\n      date: 1962-10-26"
    )
    changed = load_bytes(text.encode(), "changed.yaml")
    restored = store.restore(store.read(path), changed)
    assert restored.game.state.node_id == "marucla"  # the first decision still fits
    [problem] = restored.problems
    assert "entry 2" in problem and "scenario has changed" in problem and "'board'" in problem


def test_a_failed_write_keeps_the_old_save(example, saves, monkeypatch):
    recorder = store.Recorder(saves)
    game = Game(example, seed=1)
    path = recorder.autosave(game)
    before = path.read_bytes()
    game.choose("pass")

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        recorder.autosave(game)
    assert path.read_bytes() == before
    assert [p.name for p in saves.iterdir()] == [path.name]  # no temp file left behind
    assert json.loads(before)["summary"]["decisions"] == 0


def test_named_saves_get_safe_file_names(example, saves):
    path = store.Recorder(saves).save_as(Game(example, seed=1), "../../etc/passwd; rm -rf")
    assert path.parent == saves
    assert store.read(path).name == "../../etc/passwd; rm -rf"
