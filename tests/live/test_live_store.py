"""Several processes on one session database, as in a classroom."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from game.engine.loader import load_bytes
from game.live.flow import live_flow
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
    live_flow(live).begin()  # the crisis room starts the lesson
    return tmp_path, live


def test_a_vote_across_seats_in_separate_processes(hosted):
    folder, host = hosted
    room = live_flow(host)
    room.begin()
    seat(folder, host.code, "join", "captain", "Savitsky")
    seat(folder, host.code, "join", "officer", "Arkhipov")
    assert room.pending(("", "")).missing == ("Savitsky", "Arkhipov")
    seat(folder, host.code, "vote", "captain", "Savitsky", "fire", "They are attacking us.")
    told = seat(folder, host.code, "vote", "officer", "Arkhipov", "hold", "Wait for orders.")
    # The last vote completes the ballot: that seat's process counts it by the rule.
    assert told["node"] == "surface"
    host.sync()
    entry = decisions(host)[0]
    assert (entry.choice, entry.how) == ("hold", "fallback")  # not unanimous
    assert entry.votes == {"Savitsky": "fire", "Arkhipov": "hold"}
    assert entry.reasons["Arkhipov"] == "Wait for orders."
    # Every other process sees the decision from the shared log.
    assert seat(folder, host.code, "state")["node"] == "surface"


def race(folder, code, moves: list[tuple[float, str, str]]) -> list[dict]:
    """Captains deciding `delay` seconds after a common moment, each in its own process, each
    having seen the decision before that moment."""
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.live.seat",
                str(folder),
                code,
                "race",
                "captain",
                name,
                choice,
                str(delay),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for delay, name, choice in moves
    ]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready"
    start_at = f"{time.time() + 0.3}\n"
    return [json.loads(p.communicate(start_at, timeout=60)[0].strip().splitlines()[-1])
            for p in procs]  # fmt: skip


@pytest.fixture
def single(tmp_path):
    text = SCENARIO.replace("start: council", "start: surface")
    live = LiveGame.host(tmp_path, load_bytes(text.encode(), "surface.yaml"), text.encode(), 1)
    return tmp_path, live


def test_two_seats_deciding_at_once_exactly_one_counts(single):
    folder, host = single
    results = race(folder, host.code, [(0.0, "A", "up"), (0.0, "B", "down")])
    assert sorted(r["won"] for r in results) == [False, True]
    [lost] = [r for r in results if not r["won"]]
    assert lost["told"].startswith("Captain") and lost["told"].endswith("decided first.")
    host.sync()
    assert host.seq == 1 and len(host.game.log) == 1
    # The loser was brought up to date: it sees the winner's decision.
    assert {r["node"] for r in results} == {host.game.state.node_id}


def test_a_near_miss_reads_who_decided_first(single):
    # B saw the decision, then chose a few milliseconds after A's choice was committed.
    folder, host = single
    first, second = race(folder, host.code, [(0.0, "A", "up"), (0.005, "B", "down")])
    assert first["won"] is True and second["won"] is False
    assert second["told"].startswith("Captain") and second["told"].endswith("decided first.")
    assert "expects node" not in second["told"]
    host.sync()
    assert [e.choice for e in decisions(host)] == ["up"]


def test_a_vote_after_the_count_is_refused(hosted):
    folder, host = hosted
    seat(folder, host.code, "join", "captain", "Savitsky")
    seat(folder, host.code, "join", "officer", "Arkhipov")
    seat(folder, host.code, "vote", "captain", "Savitsky", "hold", "")
    seat(folder, host.code, "vote", "officer", "Arkhipov", "hold", "")
    late = seat(folder, host.code, "vote", "officer", "Arkhipov", "fire", "")
    assert "not your turn" in late["refused"].lower() or "already" in late["refused"]


def test_same_name_in_two_roles_is_two_votes(hosted):
    folder, host = hosted
    seat(folder, host.code, "join", "captain", "Ann")
    seat(folder, host.code, "join", "officer", "Ann")
    seat(folder, host.code, "vote", "captain", "Ann", "fire", "")
    seat(folder, host.code, "vote", "officer", "Ann", "fire", "")
    host.sync()
    assert decisions(host)[0].votes == {"Ann (Captain)": "fire", "Ann (Officer)": "fire"}
    assert host.game.state.node_id == "war"


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
    host.store.deadline(host.code, host.seq, 60)
    host.store.set_status(host.code, "paused")
    clock[0] += 30
    host.store.set_status(host.code, "open")
    assert host.store.deadline(host.code, host.seq, 60) == pytest.approx(1090.0)


def decisions(live: LiveGame) -> list:
    """The log's decisions (the crisis room's start of the lesson is a note before them)."""
    return [e for e in live.game.log if e.type == "choose"]
