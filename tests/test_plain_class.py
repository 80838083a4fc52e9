"""A class in plain mode reads what the one-screen class reads: who leads, the advice first,
the roles a preset leaves idle, news that stays, the preset's length."""

from __future__ import annotations

import io
from pathlib import Path

from game.engine.game import Game
from game.engine.loader import load_bytes
from game.plain.runner import ask_players, play_plain

from .class_scenario import SCENARIO


def test_a_plain_class_with_a_leader_news_and_a_preset(tmp_path: Path) -> None:
    loaded = load_bytes(SCENARIO.encode(), str(tmp_path / "council.yaml"))
    setup = io.StringIO()
    names = iter(["Ann, Ben\n", "Cy\n"])
    players = ask_players(loaded.scenario, setup, lambda: next(names), "short")
    asked = setup.getvalue()
    assert "Lesson: The short lesson (about 10 minutes)" in asked
    assert "(The Captain) The first name you type leads" in asked
    assert "(The Envoy) Nothing to decide in this lesson" in asked
    assert "The Envoy: " not in asked  # not asked for names
    assert players == {"captain": ["Ann", "Ben"], "officer": ["Cy"]}

    answers = iter(a + "\n" for a in [
        "/news Radio Moscow speaks", "",  # at Cy's hand-off, then Enter
        "2", "Wait for Moscow",  # Cy advises
        "", "3", "",  # Ben advises, no reason
        "", "r",  # Ann at the keyboard; r repeats the decision
    ])  # fmt: skip
    out = io.StringIO()
    game = Game(loaded, seed=1, preset="short")
    play_plain(game, tmp_path, out, lambda: next(answers, ""), interactive=False, players=players)
    text = out.getvalue()
    assert "1962-10-27 · The short lesson (about 10 minutes)\n" in text
    assert "You play every side in turn" not in text
    assert "The Envoy (Shore): nothing to decide in this lesson" in text
    lead = text[text.rindex("Pass the keyboard to Ann") :]
    assert lead.index("THE ADVICE YOU WERE GIVEN (2)") < lead.index("1. Fire the torpedo")
    assert "  Cy: Hold fire and wait - because Wait for Moscow" in lead
    assert "  Ben: Surface and signal the ships" in lead
    assert "Ann: decides, after the advice (1-3)" in lead
    repeated = lead[lead.index("(1-3): r") :]
    assert "NEWS: Radio Moscow speaks" in repeated  # still there at the leader's turn
    assert "COUNCIL-TEXT" in repeated


def test_a_plain_class_is_asked_how_long_its_lesson_is() -> None:
    """Without --preset, plain class mode offers the lengths the class setup offers, each
    once, with the same one chosen on Enter."""
    from game.engine.catalog import bundled_dir
    from game.engine.loader import load_file
    from game.plain.runner import ask_preset

    b59 = load_file(bundled_dir() / "b59.yaml").scenario
    out = io.StringIO()
    answers = iter(["a longer one\n", "9\n", "2\n"])
    assert ask_preset(b59, out, lambda: next(answers)) == "short"
    asked = out.getvalue()
    assert "1. Everything (about 35 minutes)" in asked
    assert "2. 15-minute path" in asked
    assert "3. Full scenario (about 35 minutes), with 1.5× the time for each timed" in asked
    assert asked.count("Type a number from 1 to 3.") == 2
    assert ask_preset(b59, io.StringIO(), lambda: "\n") is None  # Enter: everything
    assert ask_preset(b59, io.StringIO(), lambda: "") is None  # the end of input too

    crisis = load_file(bundled_dir() / "cuban-missile-crisis.yaml").scenario
    out = io.StringIO()
    whole = ask_preset(crisis, out, lambda: "\n")
    assert whole is not None and "Enter: 1" in out.getvalue()  # its full preset is the default
    assert "Everything" not in out.getvalue()  # offered once, as that preset
