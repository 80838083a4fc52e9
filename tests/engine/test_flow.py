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
