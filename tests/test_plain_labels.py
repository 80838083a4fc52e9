"""Plain mode shows every label and source of the every-label scenario, and no false label."""

from __future__ import annotations

import io
from pathlib import Path

from game.engine.catalog import bundled_dir
from game.engine.game import Game
from game.engine.loader import load_bytes, load_file
from game.engine.saves import Recorder
from game.plain.runner import PlainGame

from .test_cli import crisis

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "every-label.yaml"


def play(tmp_path: Path, answers: list[str], role: str | None = "captain") -> str:
    out = io.StringIO()
    lines = iter(a + "\n" for a in answers)
    game = Game(load_file(FIXTURE), seed=1, role=role)
    PlainGame(game, Recorder(tmp_path), out, lambda: next(lines, ""), interactive=False).run()
    return out.getvalue()


def between(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def test_following_history_shows_the_node_s_accounts_and_the_ending_s_sources(tmp_path):
    out = play(tmp_path, ["s", "2"])
    # The decision node's own sources and its adviser's: counted, then listed on request.
    before = out[: out.index("1. Strike at once")]
    assert "Sources: 2 (type s to list them)." in before and "Source: NODE-SOURCE" not in before
    listed = between(out, "1. Strike at once", "You chose")
    assert "Source: NODE-SOURCE" in listed and "Source: ADVISER-SOURCE" in listed
    # The role's briefing sources.
    assert "Source: ROLE-SOURCE" in out[: out.index("THE FIRST CHOICE")]
    # One event, one label: the documented consequence and the contested history agree.
    first = between(out, "You chose: Wait and watch", "THE OFFICER'S TURN")
    assert "DOCUMENTED" not in first and first.count("[CONTESTED") == 2
    # Each account, then its own sources, then the block's.
    one = between(first, "Account 1: ACCOUNT-ONE-TEXT", "Account 2")
    assert "ACCOUNT-ONE-SOURCE" in one and "ACCOUNT-TWO-SOURCE" not in one and "p. 12" in one
    two = first[first.index("Account 2: ACCOUNT-TWO-TEXT") :]
    assert "ACCOUNT-TWO-SOURCE" in two and "ACCOUNT-ONE-SOURCE" not in two
    assert "= You followed history." in first
    # The officer's decision, taken as history did; the ending's sources without a basis.
    second = between(out, "THE OFFICER'S TURN", "ENDING:")
    assert "You chose" not in second
    assert "Taken as history did: Report to the fleet" in second
    ending = between(out, "ENDING: The ship sails on", "YOUR PATH")
    assert "Source: ENDING-SOURCE" in ending and "[" not in ending.split("Source:")[0]


def test_a_counterfactual_event_and_a_situation_history_never_faced(tmp_path):
    out = play(tmp_path, ["1", "s", ""])
    strike = between(out, "You chose: Strike at once", "A SHOT IN THE DARK")
    assert "[Your course: COUNTERFACTUAL - this did not happen]" in strike
    assert "[History's course: CONTESTED - the sources disagree]" in strike
    assert "Source: CHANGE-SOURCE" not in strike and "more (type s to list them)" in strike
    event = between(out, "A SHOT IN THE DARK", "Press Enter")
    assert "[COUNTERFACTUAL - this did not happen]" in event
    assert "Rests on: EVENT-RESTS" in event
    # At the event's prompt, s lists what was just read: the choice's sources and the event's.
    listed = out[out.index("Press Enter", out.index("A SHOT IN THE DARK")) :]
    assert "Source: CHANGE-SOURCE" in listed and "Source: EVENT-SOURCE" in listed
    never = between(out, "NEVER FACED", "ENDING:")
    assert "Played for you with the scenario's default: Calm the crew" in never
    assert "CALM-OTHERS-TEXT" in never and "CALM-TEXT" not in never.replace("CALM-OTHERS", "")
    assert "WHAT ACTUALLY HAPPENED" not in never
    pane = never[never.index("HISTORY NEVER FACED THIS: WHAT THE EVIDENCE SUGGESTS") :]
    assert "COUNTERFACTUAL" not in pane
    assert "[NEVER FACED - an informed guess]" in pane and "Rests on: NEVER-RESTS" in pane
    assert "QUIET-EPILOGUE" in out and "[FICTIONAL - invented for the game]" in out


def test_a_timeout_is_not_told_as_the_player_s_choice(tmp_path):
    out = io.StringIO()
    game = Game(load_file(FIXTURE), seed=1)
    player = PlainGame(game, Recorder(tmp_path), out, lambda: "", interactive=False)
    step = game.choose("strike", how="timeout")
    player.consequence(step)
    player.history(player_comparison(game, step))
    text = out.getvalue()
    assert "Time ran out: Strike at once was taken" in text
    assert "You chose" not in text and "You left history" not in text
    assert "x Time ran out: the default left history." in text


def player_comparison(game, step):
    from game.engine.history import compare_step

    comparison = compare_step(game, step)
    assert comparison is not None
    return comparison


def test_the_command_line_plays_the_scenario_with_its_labels(tmp_path):
    result = crisis(
        "play", str(FIXTURE), "--plain", "--role", "captain", stdin="2\n", saves=tmp_path
    )
    assert result.returncode == 0
    assert "Account 2: ACCOUNT-TWO-TEXT" in result.stdout
    assert "Source: ENDING-SOURCE" in result.stdout


def test_the_path_summary_names_who_took_each_choice(tmp_path):
    out = play(tmp_path, ["s", "2"])
    summary = out[out.index("YOUR PATH") :]
    assert "you: Wait and watch" in summary
    # The officer's decision was played for the captain's player: never "you".
    assert "played as history did: Report to the fleet" in summary
    assert "you: Report to the fleet" not in summary


def test_a_variable_without_a_description_is_introduced_without_an_empty_label(tmp_path):
    from .engine.test_diagnostics import MINIMAL

    text = MINIMAL.replace(
        "variables:\n",
        "variables:\n  - {id: alert, label: Soviet alert, type: choice, values: [normal, raised],"
        " start: normal, display: text}\n",
    )
    loaded = load_bytes(text.encode(), "s.yaml")
    mood = loaded.scenario.variable("alert")
    assert mood is not None and mood.description is None
    out = io.StringIO()
    PlainGame(
        Game(loaded, seed=1), Recorder(tmp_path), out, lambda: "q\n", interactive=False
    ).run()
    intro = between(out.getvalue(), "What is tracked:", "At any prompt")
    assert f"{mood.label}: {' or '.join(mood.values or [])}" in intro
    assert f"{mood.label}:\n" not in intro


def test_a_late_answer_is_told_once_that_time_ran_out(tmp_path):
    """The player answers after the clock ran out: the outcome says so once, not twice."""
    clock = [0.0]

    def late(_prompt: str = "") -> str:
        clock[0] += 1000  # every answer comes long after its decision's timer
        return "1\n"

    out = io.StringIO()
    game = Game(load_file(bundled_dir() / "petrov-1983.yaml"), seed=1)
    PlainGame(game, Recorder(tmp_path), out, late, interactive=False, clock=lambda: clock[0]).run()
    lines = out.getvalue().splitlines()
    told = [n for n, line in enumerate(lines) if line.startswith("Time ran out")]
    assert told, "the timed decision ran out"
    said = [lines[n].rstrip(".") for n in told]
    assert "was taken" in said[0]
    assert said.count(said[0]) == 1


def test_the_gauges_line_wraps_between_words(tmp_path):
    out = io.StringIO()
    game = Game(load_file(bundled_dir() / "b59.yaml"), seed=1)
    PlainGame(game, Recorder(tmp_path), out, lambda: "", interactive=False).gauges()
    lines = out.getvalue().rstrip("\n").split("\n")
    assert len(lines) > 1 and all(len(line) <= 78 for line in lines)
    assert "Batteries charged, air fresh" in " ".join(line.strip() for line in lines)
