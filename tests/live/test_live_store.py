"""Several processes on one session database, as in a classroom."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from game.engine.loader import load_bytes
from game.live.session import LiveGame
from game.live.store import Conflict, LiveStore, WrongCode, database

from ..conftest import ROOT

SCENARIO = """\
format: 1
id: council
title: Council
period: {start: "1962-10-27"}
summary: Three officers decide.
minutes: 5
authors: [Tests]
licence: CC0
sources: [{id: src, title: A source, tier: primary}]
roles:
  - {id: captain, name: Captain, side: Boat, briefing: You command., secret: CAPTAIN-ONLY}
  - {id: officer, name: Officer, side: Boat, briefing: You advise., secret: OFFICER-ONLY}
start: council
nodes:
  council:
    kind: decision
    title: Fire or not
    deciders: [captain, officer]
    rule: unanimous
    fallback: hold
    secrets: {captain: "Orders are unclear.", officer: "You outrank him."}
    choices:
      - {id: fire, label: Fire, goto: war}
      - {id: hold, label: Hold, goto: surface}
    history: {choice: hold, text: They held., basis: documented, sources: [src]}
  surface:
    kind: decision
    title: Surface
    deciders: [captain]
    choices:
      - {id: up, label: Surface, goto: home}
      - {id: down, label: Stay down, goto: home}
    history: {choice: up, text: They surfaced., basis: documented, sources: [src]}
  home: {kind: ending, title: Home, category: historical}
  war: {kind: ending, title: War, category: war}
"""


def seat(folder, code, *args) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "tests.live.seat", str(folder), code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture
def hosted(tmp_path):
    loaded = load_bytes(SCENARIO.encode(), "council.yaml")
    live = LiveGame.host(tmp_path, loaded, SCENARIO.encode(), seed=1)
    return tmp_path, live


def test_a_vote_across_seats_in_separate_processes(hosted):
    folder, host = hosted
    seat(folder, host.code, "join", "captain", "Savitsky")
    seat(folder, host.code, "join", "officer", "Arkhipov")
    assert host.missing_voters() == ["Arkhipov", "Savitsky"]
    seat(folder, host.code, "vote", "Savitsky", "captain", "fire", "They are attacking us.")
    seat(folder, host.code, "vote", "Arkhipov", "officer", "hold", "Wait for orders.")
    assert host.missing_voters() == []
    result = host.resolve_votes()
    assert (result.choice, result.how) == ("hold", "fallback")  # not unanimous
    assert host.game.state.node_id == "surface"
    entry = host.game.log[0]
    assert entry.votes == {"Savitsky": "fire", "Arkhipov": "hold"}
    assert entry.reasons["Arkhipov"] == "Wait for orders."
    # Every other process sees the decision from the shared log.
    assert seat(folder, host.code, "state")["node"] == "surface"


def test_two_seats_deciding_at_once_exactly_one_counts(hosted):
    folder, host = hosted
    start_at = str(time.time() + 1.5)
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.live.seat",
                str(folder),
                host.code,
                "race",
                start_at,
                choice,
                name,
            ],
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for choice, name in (("fire", "A"), ("hold", "B"))
    ]
    results = [json.loads(p.communicate(timeout=60)[0].strip().splitlines()[-1]) for p in procs]
    assert sorted(r["won"] for r in results) == [False, True]
    host.sync()
    assert host.seq == 1 and len(host.game.log) == 1
    # The loser was brought up to date: it sees the winner's decision.
    assert {r["node"] for r in results} == {host.game.state.node_id}


def test_a_stale_move_is_refused_and_the_mover_catches_up(hosted):
    folder, host = hosted
    other = LiveGame.open(folder, host.code)
    other.decide("hold")
    with pytest.raises(Conflict):
        host.store.append(host.code, host.game.choice_entry("fire"), expected=0)
    host.sync()
    assert host.game.state.node_id == "surface"


def test_a_killed_seat_rejoins_where_it_left_off(hosted):
    folder, host = hosted
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.live.seat",
            str(folder),
            host.code,
            "linger",
            "captain",
            "Savitsky",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    token = json.loads(proc.stdout.readline())["token"]
    proc.kill()  # the tab is closed, the laptop dies
    proc.wait()
    host.decide("hold")
    back = LiveGame.open(folder, host.code)
    found = back.store.find_seat(host.code, "captain", "Savitsky")
    assert found is not None and found.token == token
    assert back.game.state.node_id == "surface"


def test_the_host_restarts_and_the_session_continues(hosted):
    folder, host = hosted
    code = host.code
    host.decide("hold")
    host.store.close()
    resumed = LiveGame.open(folder, code)  # `crisis host --resume CODE`
    assert resumed.game.state.node_id == "surface"
    resumed.decide("up")
    assert resumed.game.finished and resumed.game.ending.title == "Home"


def test_wrong_code_is_refused(hosted):
    folder, _ = hosted
    with pytest.raises(WrongCode):
        LiveGame.open(folder, "NOPE42")
    store = LiveStore(database(folder))
    with pytest.raises(WrongCode):
        store.join("NOPE42", "captain", "x")


def test_pause_moves_the_deadline_on(hosted, monkeypatch):
    _, host = hosted
    clock = [1000.0]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    assert host.deadline() is None
    host.store.deadline(host.code, host.seq, 60)
    host.store.set_status(host.code, "paused")
    clock[0] += 30
    host.store.set_status(host.code, "open")
    assert host.store.deadline(host.code, host.seq, 60) == pytest.approx(1090.0)
