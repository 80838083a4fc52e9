"""The engine's flow of play: what is pending, and what each command logs."""

from __future__ import annotations

import pytest

from game.engine.flow import (
    Ballot,
    Flow,
    FlowError,
    MemoryBallots,
    OutcomeToShow,
    Paused,
    Tie,
    Turn,
)
from game.engine.game import Game
from game.engine.loader import load_bytes

from ..live.test_live_store import SCENARIO

MAJORITY = SCENARIO.replace("    rule: unanimous\n    fallback: hold\n", "    rule: majority\n")
TIMED = SCENARIO.replace("    rule: unanimous\n", "    timer: {seconds: 30, default: hold}\n"
                         "    rule: unanimous\n")  # fmt: skip


def class_flow(text: str, players: dict[str, list[str]], clock=None) -> Flow:
    game = Game(load_bytes(text.encode(), "council.yaml"), seed=1)
    flow = Flow(game, players=players, clock=clock or (lambda: 0.0))
    flow.begin()
    return flow


def test_the_same_name_in_two_roles_votes_twice() -> None:
    flow = class_flow(SCENARIO, {"captain": ["Ann"], "officer": ["Ann"]})
    first = flow.pending()
    assert isinstance(first, Turn) and (first.role, first.voter) == ("captain", "Ann")
    flow.choose("fire", "Now")
    second = flow.pending()
    assert isinstance(second, Turn) and (second.role, second.voter) == ("officer", "Ann")
    flow.choose("fire")
    entry = flow.game.log[-1]
    assert entry.votes == {"Ann (Captain)": "fire", "Ann (Officer)": "fire"}
    assert entry.reasons == {"Ann (Captain)": "Now"}


def test_a_vote_after_the_count_is_refused() -> None:
    ballots = MemoryBallots()
    ballots.cast(0, Ballot("captain", "Ann", "fire"))
    ballots.close(0)
    with pytest.raises(FlowError, match="already taken"):
        ballots.cast(0, Ballot("officer", "Ben", "hold"))


def test_a_tie_waits_for_the_facilitator() -> None:
    flow = class_flow(MAJORITY, {"captain": ["Ann"], "officer": ["Ben"]})
    flow.choose("fire")
    flow.choose("hold")
    tie = flow.pending()
    assert isinstance(tie, Tie) and {c.id for c in tie.choices} == {"fire", "hold"}
    flow.override("hold")
    entry = flow.game.log[-1]
    assert (entry.choice, entry.how, entry.votes) == (
        "hold",
        "override",
        {"Ann": "fire", "Ben": "hold"},
    )


def test_pause_reveal_and_timeout_are_log_entries() -> None:
    now = [100.0]
    flow = class_flow(TIMED, {"captain": ["Ann"], "officer": ["Ben"]}, clock=lambda: now[0])
    assert isinstance(flow.pending(), Turn)  # the clock starts: 30 s
    flow.pause()
    now[0] += 1000  # a long pause does not run the clock out
    assert isinstance(flow.pending(), Paused)
    flow.resume()
    flow.set_reveal("end")
    turn = flow.pending()
    assert isinstance(turn, Turn) and turn.seconds_left == pytest.approx(30)
    flow.choose("fire", "Now")
    now[0] += 31
    shown = flow.pending()  # nobody else answered in time
    assert isinstance(shown, OutcomeToShow) and shown.reveal_history is False
    controls = [e.control for e in flow.game.log if e.type == "note"]
    assert controls == ["pause", "resume", "reveal-end"]
    entry = flow.game.log[-1]
    assert (entry.choice, entry.how, entry.votes) == ("hold", "timeout", {"Ann": "fire"})


def council_flow(players: dict[str, list[str]], preset: str | None = None) -> Flow:
    from ..class_scenario import SCENARIO as COUNCIL

    game = Game(load_bytes(COUNCIL.encode(), "council.yaml"), seed=1, preset=preset)
    flow = Flow(game, players=players, clock=lambda: 0.0)
    flow.begin()
    return flow


def test_news_is_logged_at_the_decision_whose_screen_it_was_given_at() -> None:
    from game.engine.saves import SaveModel
    from game.reports.debrief import build

    flow = council_flow({"captain": ["Ann"], "officer": ["Cy"]}, preset="short")
    flow.news("While they talk")  # the council is on screen
    assert flow.game.news_now() == ["While they talk"]
    flow.choose("hold")
    flow.choose("fire")
    pending = flow.pending()
    assert isinstance(pending, OutcomeToShow) and pending.step.node_id == "council"
    # The game has moved on (the preset passed over the letter), but the class is reading the
    # council's outcome: news given now belongs to the council.
    flow.news("While they read")
    assert flow.game.log[-1].step == 0
    assert flow.game.news_at_outcome(0) == ["While they talk", "While they read"]
    flow.proceed()
    flow.proceed()  # the letter, passed over
    assert flow.game.state.node_id == "vote"
    assert flow.game.news_now() == ["While they read"]  # still in view at the next decision
    rows = build(flow.game).rows
    assert [r.news for r in rows] == [["While they talk", "While they read"], [], ]
    # A save keeps where the news belongs.
    saved = SaveModel.model_validate({
        "kind": "crisis-save", "version": 1, "scenario": {"id": "council-of-three"},
        "seed": 1, "log": [e.to_json() for e in flow.game.log],
    })  # fmt: skip
    assert [e.step for e in saved.log if e.type == "inject"] == [None, 0]


def test_the_leader_is_the_first_name_and_the_outcome_says_so() -> None:
    flow = council_flow({"captain": ["Ann", "Ben"], "officer": ["Cy"]})
    turns = flow.turns()
    assert [(t.voter, t.kind.value) for t in turns] == [
        ("Cy", "advise"), ("Ben", "advise"), ("Ann", "lead"),
    ]  # fmt: skip
    flow.choose("hold", "Wait")
    flow.choose("surface")
    lead = flow.pending()
    assert isinstance(lead, Turn) and [(b.voter, b.reason) for b in lead.advice] == [
        ("Cy", "Wait"), ("Ben", None),
    ]  # fmt: skip
    flow.choose("fire", "Now or never")
    outcome = flow.pending()
    assert isinstance(outcome, OutcomeToShow)
    assert outcome.result == (
        "The advice: Hold fire and wait 1, Surface and signal the ships 1. Result: Fire the "
        "torpedo (decided by the leader, The Captain, after the advice)"
    )
    from game.engine.labels import step_labels

    labels = step_labels(flow.game, outcome.step)
    assert str(labels.decided) == (
        "Decided by the leader, The Captain, after the advice: Fire the torpedo"
    )
    assert labels.history is not None and labels.history.verdict == (
        "The leader (The Captain) left history."
    )
