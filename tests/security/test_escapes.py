"""Terminal escapes from a scenario or a save never reach the terminal or a report.

A scenario may not hold control characters (E015). Even one that got past the loader (or a save
with hostile names and reasons) must not put them on any output: an OSC 0 sequence retitles the
terminal, OSC 52 fills the clipboard with a command ready to paste."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from game.cli import main
from game.engine import saves as store
from game.engine import yamlsafe
from game.engine.classroom import Classroom
from game.engine.game import Entry, Game, GameError
from game.engine.loader import check_bytes, load_file
from game.engine.text import UnsafeText, control_characters, printable

TITLE = "\x1b]0;pwned\x07"
CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
CSI = "\x9b"
HOSTILE = TITLE + CLIPBOARD + CSI + "\u202e"
PROSE_KEYS = {
    "title", "subtitle", "summary", "name", "side", "briefing", "secret", "label", "text",
    "place", "publisher", "description", "detail", "author", "why", "rests_on",
}  # fmt: skip
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def suffix(key: str) -> str:
    image = " ![a map](https://evil.example/track.png)" if key == "text" else ""
    return HOSTILE + image


def poisoned(value: object) -> object:
    if isinstance(value, dict):
        return {
            k: (v + suffix(k) if k in PROSE_KEYS and isinstance(v, str) else poisoned(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [poisoned(v) for v in value]
    return value


@pytest.fixture
def hostile_file(example_path: Path, tmp_path: Path) -> Path:
    data = poisoned(yaml.safe_load(example_path.read_text()))
    data["period"] = {k: str(v) for k, v in data["period"].items()}  # dates stay text
    folder = tmp_path / "hostile"
    folder.mkdir()
    path = folder / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=False, sort_keys=False))
    return path


def assert_clean(output: str | bytes, where: str) -> None:
    text = output.decode("utf-8") if isinstance(output, bytes) else output
    found = FORBIDDEN.findall(text)
    assert not found, f"{where} wrote {found[:5]!r}"


def test_text_module_finds_and_strips_every_kind():
    text = "a\tb\nc" + HOSTILE + "\x7f\x85\u2066d"
    assert printable(text) == "a\tb\nc]0;pwned]52;c;ZWNobyBwd25lZA==d"
    assert {c for _, c in control_characters(text)} >= {"\x1b", "\x07", "\x9b", "\u202e", "\x7f"}


def test_validate_reports_each_hostile_text_at_its_place(hostile_file):
    found, loaded = check_bytes(hostile_file.read_bytes(), "h.yaml")
    assert loaded is None
    positioned = [d for d in found if d.code == "E015"]
    assert len(positioned) >= 20
    lines = hostile_file.read_text().splitlines()
    for d in positioned:
        assert d.line >= 1 and d.column >= 1
        assert "\\" in lines[d.line - 1]  # the YAML escape is on that line
    result = CliRunner().invoke(main, ["validate", str(hostile_file)])
    assert result.exit_code == 1
    assert re.search(r"h?ostile\.yaml:\d+:\d+: E015", result.output)
    assert_clean(result.output, "validate")


def test_an_unknown_key_with_escapes_is_reported_without_them(tmp_path, example_path):
    text = example_path.read_text().replace(
        "minutes: 5", 'minutes: 5\n"ti\\e]0;pwned\\atle2": x', 1
    )
    path = tmp_path / "key.yaml"
    path.write_text(text)
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert "E101" in result.output and "E015" in result.output
    assert_clean(result.output, "validate (unknown key)")


@pytest.fixture
def loader_let_through(monkeypatch):
    """As if the loader had a gap: the output paths must still be safe on their own."""
    monkeypatch.setattr(yamlsafe, "control_characters", lambda text: [])


def hostile_save(loaded, saves: Path) -> Path:
    game = Game(loaded, seed=5)
    node = game.state.node_id
    choice = game.offered()[0].id
    # Entries formed directly, as a doctored save or another program would write them.
    game.append(
        Entry(
            "choose", node=node, choice=choice, by="Ann" + HOSTILE, reason="Because" + HOSTILE,
            votes={"Ann" + TITLE: choice}, reasons={"Ann" + TITLE: "Why" + CLIPBOARD},
        )
    )  # fmt: skip
    game.append(Entry("inject", text="News" + HOSTILE))
    game.append(Entry("note", text="Paused" + HOSTILE))
    extra = {"class": True, "group": "Group" + HOSTILE, "players": {"president": ["Bo" + CSI]}}
    recorder = store.Recorder(saves, extra=extra)
    path = recorder.save_as(game, "Named" + HOSTILE)
    assert "\x1b" in json.loads(path.read_text())["extra"]["group"]  # the file itself is hostile
    return path


def test_every_cli_output_is_free_of_escapes(hostile_file, loader_let_through, saves, tmp_path):
    loaded = load_file(hostile_file)
    assert "\x1b" in loaded.scenario.title  # the loader was bypassed
    save = hostile_save(loaded, saves)
    runner = CliRunner()
    folder = ["--scenarios", str(hostile_file.parent)]
    runs = {
        "list": [*folder, "list"],
        "graph dot": [*folder, "graph", str(hostile_file), "--format", "dot"],
        "graph mermaid": [*folder, "graph", str(hostile_file)],
        "explore": [*folder, "explore", str(hostile_file)],
        "debrief md": [*folder, "debrief", str(save)],
        "debrief html": [*folder, "debrief", str(save), "--format", "html"],
        "report text": [*folder, "report", str(save)],
        "report md": [*folder, "report", str(save), "--format", "md"],
        "report html": [*folder, "report", str(save), "--format", "html"],
    }
    for name, args in runs.items():
        result = runner.invoke(main, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            name,
            result.exception,
        )
        assert result.output.strip(), name
        assert_clean(result.stdout_bytes, name)
        assert_clean(result.stderr_bytes or b"", name)
        if "html" in name:
            assert "<img" not in result.output, name
        if name == "debrief html":
            assert "evil.example/track.png" in result.output  # the image kept as text
    plain = runner.invoke(
        main, [*folder, "play", str(hostile_file), "--plain", "--seed", "1"], input="1\n" * 40
    )
    assert "pwned" in plain.output  # the text is shown, only the escapes are gone
    assert_clean(plain.stdout_bytes, "play --plain")
    written = runner.invoke(
        main, [*folder, "handouts", str(hostile_file), "-o", str(tmp_path / "h")]
    )
    assert written.exit_code == 0, written.output
    for file in (tmp_path / "h").rglob("*"):
        if file.is_file():
            assert_clean(file.read_bytes(), f"handout {file.name}")


def test_names_and_reasons_with_escapes_are_refused_by_the_engine(example):
    game = Game(example, seed=1)
    choice = game.offered()[0].id
    for details in (
        {"by": "Ann" + TITLE},
        {"reason": "because" + CLIPBOARD},
        {"votes": {"Ann" + CSI: choice}},
        {"reasons": {"Ann": "why\u202e"}},
    ):
        with pytest.raises(GameError, match="control character"):
            game.choose(choice, **details)
    with pytest.raises(GameError, match="control character"):
        game.inject("News" + TITLE)
    with pytest.raises(GameError, match="control character"):
        game.note("Paused" + TITLE)
    assert game.log == []
    with pytest.raises(UnsafeText, match="control character"):
        Classroom({"president": ["Ann" + TITLE]})
    with pytest.raises(UnsafeText, match="control character"):
        Classroom({}, group="Group" + CSI)
    game.choose(choice, by="Ann", reason="Tabs\tand\nlines are fine")
    assert len(game.log) == 1


def test_a_class_in_a_doctored_save_comes_back_cleaned():
    room = Classroom.from_extra(
        {"class": True, "group": "G" + TITLE, "players": {"r": ["A" + CSI]}}
    )
    assert room is not None
    assert room.group == "G]0;pwned" and room.players == {"r": ["A"]}
