"""Doctored save files: each is listed as unreadable with a reason, everywhere, and the others
keep working. None may write outside the saves folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from game.cli import main
from game.engine import saves as store
from game.engine.game import Game


def good_save(example, saves: Path) -> tuple[Path, dict]:
    game = Game(example, seed=3)
    game.choose("pass", reason="We wait.")
    path = store.Recorder(saves).autosave(game)
    return path, json.loads(path.read_text())


def _set(data: dict, dotted: str, value: object) -> dict:
    target = data
    *parents, last = dotted.split(".")
    for part in parents:
        target = target[int(part)] if isinstance(target, list) else target[part]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return data


# (name, change to a good save's JSON) — each must make the file unreadable, with a reason.
FIELD_ATTACKS = [
    ("summary a list", "summary", [1, 2]),
    ("extra a list", "extra", ["class"]),
    ("players not a mapping", "extra.players", ["Ann"]),
    ("players names not text", "extra.players", {"president": [1, 2]}),
    ("group a mapping", "extra.group", {"a": 1}),
    ("name a list", "name", ["x"]),
    ("votes a list", "log.0.votes", ["a"]),
    ("votes of numbers", "log.0.votes", {"Ann": 3}),
    ("reasons a string", "log.0.reasons", "because"),
    ("reason a number", "log.0.reason", 5),
    ("seconds text", "log.0.seconds", "fast"),
    ("seconds a list", "log.0.seconds", [1]),
    ("seed text", "seed", "7"),
    ("seed true", "seed", True),
    ("seed enormous", "seed", 10**30),
    ("log entry not a mapping", "log.0", "choose"),
    ("outcome text", "log.0.outcome", "1"),
    ("scenario id a number", "scenario.id", 5),
    ("summary decisions text", "summary.decisions", "many"),
    ("game id a path", "game_id", "/../../x/OUTSIDE"),
    ("game id dots", "game_id", ".."),
]


def _raw_variants(data: dict) -> list[tuple[str, bytes]]:
    text = json.dumps(data)
    deep = json.dumps({**data, "extra": {"x": 0}}).replace('{"x": 0}', "[" * 50_000 + "]" * 50_000)
    digits = text.replace('"seed": 3', '"seed": ' + "9" * 5000)
    digits_extra = json.dumps({**data, "extra": {"x": 0}}).replace('"x": 0', '"x": ' + "9" * 5000)
    return [
        ("100,000-deep JSON", b"[" * 100_000 + b"]" * 100_000),
        ("deep inside a save", deep.encode()),
        ("5,000-digit seed", digits.encode()),
        ("5,000-digit unknown field", digits_extra.encode()),
    ]


def variants(example, saves: Path) -> list[tuple[str, bytes]]:
    _, data = good_save(example, saves)
    out = []
    for name, dotted, value in FIELD_ATTACKS:
        out.append((name, json.dumps(_set(json.loads(json.dumps(data)), dotted, value)).encode()))
    return out + _raw_variants(data)


def test_every_hostile_save_is_unreadable_with_a_reason_and_the_rest_still_load(example, saves):
    hostile = variants(example, saves)
    for number, (_, raw) in enumerate(hostile):
        (saves / f"hostile-{number}.json").write_bytes(raw)
    listed = store.list_saves(saves)
    unreadable = {s.path.name: s.reason for s in listed if isinstance(s, store.Unreadable)}
    readable = [s for s in listed if isinstance(s, store.SaveFile)]
    assert len(readable) == 1  # the good one
    for number, (name, _) in enumerate(hostile):
        reason = unreadable.get(f"hostile-{number}.json")
        assert reason, f"{name} was accepted"
        assert "Traceback" not in reason and len(reason) < 300, (name, reason)
    assert store.restore(readable[0], example).problems == []


@pytest.mark.parametrize("command", ["debrief", "report"])
def test_debrief_and_report_refuse_a_hostile_save_with_a_message(example, saves, command):
    good, _ = good_save(example, saves)
    runner = CliRunner()
    for number, (name, raw) in enumerate(variants(example, saves)):
        bad = saves / f"hostile-{number}.json"
        bad.write_bytes(raw)
        result = runner.invoke(main, [command, str(bad)])
        assert result.exit_code == 1, (name, result.output)
        assert isinstance(result.exception, SystemExit), (name, result.exception)
        assert "hostile" in result.output
        bad.unlink()
    if command == "report":  # a bad file among good ones is skipped, the report still made
        bad = saves / "bad.json"
        bad.write_text('{"kind": "crisis-save", "version": 1, "summary": []}')
        result = runner.invoke(main, ["report", str(good), str(bad)])
        assert result.exit_code == 0, result.output
        assert "skipped" in result.output


def test_a_game_id_with_a_path_writes_nothing_outside_the_saves_folder(example, tmp_path):
    saves = tmp_path / "saves"
    saves.mkdir()
    path, data = good_save(example, saves)
    data["game_id"] = "/../../x/OUTSIDE"
    path.write_text(json.dumps(data))
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    with pytest.raises(store.SaveError):
        store.read(path)
    # Even a recorder handed such an id directly refuses to write with it.
    recorder = store.Recorder(saves, game_id="/../../x/OUTSIDE")
    with pytest.raises(store.SaveError):
        recorder.autosave(Game(example, seed=1))
    # And a save whose id was changed to a path resumes under a fresh id, inside the folder.
    fake = store.SaveFile(path, data, 0.0)
    resumed = store.Recorder.resuming(saves, fake)
    written = resumed.autosave(Game(example, seed=1))
    assert written.parent == saves
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert [p for p in after if p not in before] == [written.relative_to(tmp_path)]
    assert not (tmp_path / "x").exists() and not list(saves.glob("*/"))


def test_writes_never_follow_a_link_out_of_the_folder(example, tmp_path):
    saves, outside = tmp_path / "saves", tmp_path / "outside.json"
    saves.mkdir()
    outside.write_text("keep")
    (saves / "mine.json").symlink_to(outside)
    with pytest.raises(store.SaveError):
        store.Recorder(saves).save_as(Game(example, seed=1), "mine")
    assert outside.read_text() == "keep"


def test_links_pipes_and_devices_are_listed_not_read(example, saves):
    good_save(example, saves)
    (saves / "zero.json").symlink_to("/dev/zero")
    os.mkfifo(saves / "pipe.json")
    (saves / "folder.json").mkdir()
    listed = store.list_saves(saves)  # returns at once: nothing is read from the pipe
    reasons = {s.path.name: s.reason for s in listed if isinstance(s, store.Unreadable)}
    assert set(reasons) == {"zero.json", "pipe.json", "folder.json"}
    assert "link" in reasons["zero.json"]
    assert "regular file" in reasons["pipe.json"]


def test_an_oversized_save_is_not_read(saves, monkeypatch):
    monkeypatch.setattr(store, "MAX_SAVE_BYTES", 1000)
    (saves / "big.json").write_text('{"kind": "crisis-save"' + " " * 2000 + "}")
    [listed] = store.list_saves(saves)
    assert isinstance(listed, store.Unreadable) and "too large" in listed.reason


def test_stale_temp_files_from_a_killed_save_are_cleaned_up(example, saves):
    path, _ = good_save(example, saves)
    old = saves / f".{path.name}.abc123xy.tmp"
    fresh = saves / f".{path.name}.zzz999qq.tmp"
    other = saves / ".notes.tmp"
    for file in (old, fresh, other):
        file.write_text("{")
    os.utime(old, (1_000_000, 1_000_000))
    os.utime(other, (1_000_000, 1_000_000))
    store.list_saves(saves)
    assert not old.exists()
    assert fresh.exists()  # a game may be writing it right now
    assert other.exists()  # not ours


def test_a_read_only_folder_gives_a_clear_save_error(example, saves, monkeypatch):
    import errno
    import tempfile

    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(store.SaveError, match="not writable"):
        store.Recorder(saves).autosave(Game(example, seed=1))


def test_a_full_disk_gives_a_clear_save_error(example, saves, monkeypatch):
    import errno

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(store.SaveError, match="disk is full") as caught:
        store.Recorder(saves).autosave(Game(example, seed=1))
    assert isinstance(caught.value, OSError)  # older callers that catch OSError still do
    assert not list(saves.iterdir())  # no half-written file left


def test_names_in_a_doctored_save_are_cleaned_of_escapes(example, saves):
    path, data = good_save(example, saves)
    data["name"] = "Group\x1b]0;pwned\x07 A"
    data["log"][0]["reason"] = "We\x1b]52;c;ZWNobyBwd25lZA==\x07 wait\x9b."
    path.write_text(json.dumps(data))
    save = store.read(path)
    assert save.name == "Group]0;pwned A"
    assert save.data["log"][0]["reason"] == "We]52;c;ZWNobyBwd25lZA== wait."


def test_starting_a_game_also_sweeps_stale_temp_files(saves):
    old = saves / ".auto-x-0123456789ab.json.k2j4h5g6.tmp"
    old.write_text("{")
    os.utime(old, (1_000_000, 1_000_000))
    store.Recorder(saves)
    assert not old.exists()
