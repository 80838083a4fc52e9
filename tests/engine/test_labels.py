"""The engine's display rules: each label says what is true, and every cited source is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.game import Game
from game.engine.labels import ending_notes, node_notes, step_labels
from game.engine.loader import LoadedScenario, load_file

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "every-label.yaml"


@pytest.fixture
def loaded() -> LoadedScenario:
    return load_file(FIXTURE)


def titles(groups) -> list[str]:
    return [s.title for g in groups for s in g.sources]


def test_a_node_shows_its_own_sources_and_its_advisers(loaded):
    notes = node_notes(Game(loaded))
    assert notes.badge is None
    assert [(g.title, [s.title for s in g.sources]) for g in notes.groups] == [
        ("Sources", ["NODE-SOURCE"]),
        ("Sources for The Navigator", ["ADVISER-SOURCE"]),
    ]


def test_a_counterfactual_event_carries_its_label_rests_on_and_sources(loaded):
    game = Game(loaded)
    game.choose("strike")
    notes = node_notes(game)
    assert notes.badge is not None
    assert (notes.badge.label, notes.badge.rests_on) == ("COUNTERFACTUAL", "EVENT-RESTS")
    assert titles(notes.groups) == ["EVENT-SOURCE"]


def test_an_ending_without_a_basis_still_shows_its_sources(loaded):
    game = Game(loaded, role="captain")
    game.choose("wait")
    game.choose("report", how="history")
    notes = ending_notes(game)
    assert notes.badge is None and titles(notes.groups) == ["ENDING-SOURCE"]


def test_each_account_keeps_its_own_sources(loaded):
    game = Game(loaded)
    history = step_labels(game, game.choose("wait")).history
    assert history is not None
    assert [(a.title, a.text, [s.title for s in a.sources]) for a in history.accounts] == [
        ("Account 1", "ACCOUNT-ONE-TEXT", ["ACCOUNT-ONE-SOURCE"]),
        ("Account 2", "ACCOUNT-TWO-TEXT", ["ACCOUNT-TWO-SOURCE"]),
    ]
    assert titles(history.groups) == ["DOC-SOURCE"]


def test_one_event_gets_one_label_on_both_sides(loaded):
    # The consequence says documented, the history block contested: they tell the same event.
    game = Game(loaded)
    labels = step_labels(game, game.choose("wait"))
    assert labels.badge is not None and labels.history is not None
    assert labels.badge.label == labels.history.badge.label == "CONTESTED"
    assert labels.badge.scope is None and labels.history.badge.scope is None


def test_different_events_say_which_course_each_label_is_about(loaded):
    game = Game(loaded)
    labels = step_labels(game, game.choose("strike"))
    assert labels.badge is not None and labels.history is not None
    assert (labels.badge.scope, labels.badge.label) == ("Your course", "COUNTERFACTUAL")
    assert (labels.history.badge.scope, labels.history.badge.label) == (
        "History's course",
        "CONTESTED",
    )
    assert titles(labels.groups) == ["CHANGE-SOURCE"]


def test_history_never_faced_is_not_called_counterfactual_or_history_s_course(loaded):
    game = Game(loaded, role="captain")
    game.choose("strike")
    game.advance()
    labels = step_labels(game, game.choose("calm", how="history"))
    history = labels.history
    assert history is not None
    assert history.heading == "History never faced this: what the evidence suggests"
    assert history.badge.label == "NEVER FACED" and history.badge.rests_on == "NEVER-RESTS"
    assert history.marker.text == "PLAYED FOR YOU — HISTORY NEVER FACED THIS"
    assert labels.narration == "CALM-OTHERS-TEXT"
    assert str(labels.decided) == "Played for you with the scenario's default: Calm the crew"


def test_history_s_own_course_only_on_history_s_path(loaded):
    game = Game(loaded, role="captain")
    game.choose("wait")
    history = step_labels(game, game.choose("report", how="history")).history
    assert history is not None and history.marker.text == "HISTORY'S OWN COURSE"


@pytest.mark.parametrize(
    ("details", "decided", "verdict"),
    [
        ({}, "You chose: Wait and watch", "You followed history."),
        (
            {"how": "timeout"},
            "Time ran out: Wait and watch was taken",
            "Time ran out: the default followed history.",
        ),
        (
            {"how": "override"},
            "The facilitator set: Wait and watch",
            "The facilitator's choice followed history.",
        ),
        (
            {"how": "vote", "votes": {"Ann": "wait"}},
            "Decided by vote: Wait and watch",
            "The vote followed history.",
        ),
        (
            {"by": "captain"},
            "The Captain's team chose: Wait and watch",
            "The Captain's team followed history.",
        ),
    ],
)
def test_the_decision_line_and_verdict_name_whoever_decided(loaded, details, decided, verdict):
    game = Game(loaded)
    labels = step_labels(game, game.choose("wait", **details))
    assert str(labels.decided) == decided
    assert labels.history is not None and labels.history.verdict == verdict


def test_a_timeout_that_leaves_history_blames_the_default_not_the_player(loaded):
    game = Game(loaded)
    history = step_labels(game, game.choose("strike", how="timeout")).history
    assert history is not None
    assert history.verdict == "Time ran out: the default left history."
    assert history.marker.text == "TIME RAN OUT: THE DEFAULT LEFT HISTORY"
    assert "YOU" not in history.marker.text
