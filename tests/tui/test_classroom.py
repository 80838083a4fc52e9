"""A class session on one screen, driven by keys: hot seat, votes, timeout, facilitator."""

from __future__ import annotations

from pathlib import Path

from game.engine.loader import load_bytes
from game.tui.app import CrisisApp
from game.tui.screens.class_setup import ClassSetupScreen
from game.tui.screens.decision import DecisionScreen
from game.tui.screens.ending import EndingScreen
from game.tui.screens.handoff import HandoffScreen
from game.tui.screens.outcome import OutcomeScreen
from game.tui.widgets.timer import Countdown

from .helpers import screen_text, settle

SCENARIO = """\
format: 1
id: three-officers
title: Three Officers
period: {start: "1962-10-27"}
summary: Three officers decide.
minutes: 10
authors: [Tests]
licence: CC0
sources: [{id: src, title: A source, tier: primary}]
roles:
  - {id: captain, name: Captain, side: Boat, briefing: You command., secret: CAPTAIN-BRIEFING}
  - {id: officer, name: Officer, side: Boat, briefing: You advise., secret: OFFICER-BRIEFING}
  - {id: commissar, name: Commissar, side: Boat, briefing: You watch., secret: COMMISSAR-BRIEFING}
start: council
nodes:
  council:
    kind: decision
    title: The council
    deciders: [captain, officer, commissar]
    rule: majority
    secrets: {captain: CAPTAIN-NODE-SECRET, officer: OFFICER-NODE-SECRET}
    choices:
      - {id: fire, label: Fire, goto: orders}
      - {id: hold, label: Hold, goto: orders}
    history: {choice: hold, text: They held., basis: documented, sources: [src]}
  orders:
    kind: decision
    title: Waiting for orders
    deciders: [captain]
    timer: {seconds: 30, default: wait}
    choices:
      - {id: act, label: Act now, goto: last}
      - {id: wait, label: Wait, goto: last}
    history: {choice: wait, text: They waited., basis: documented, sources: [src]}
  last:
    kind: decision
    title: The last word
    deciders: [officer]
    choices:
      - {id: surface, label: Surface, goto: home}
      - {id: dive, label: Dive, goto: home}
    history: {choice: surface, text: They surfaced., basis: documented, sources: [src]}
  home: {kind: ending, title: Home, category: historical}
"""

SECRETS = (
    "CAPTAIN-BRIEFING",
    "OFFICER-BRIEFING",
    "COMMISSAR-BRIEFING",
    "CAPTAIN-NODE-SECRET",
    "OFFICER-NODE-SECRET",
)


def secrets_on(app) -> set[str]:
    text = screen_text(app)
    return {s for s in SECRETS if s in text}


async def vote(pilot, app, number: str, reason: str) -> None:
    await pilot.press(number)
    await settle(pilot)
    if reason:
        await pilot.press(*reason)
    await pilot.press("enter")
    await settle(pilot)


async def test_a_class_session_by_keys(tmp_path: Path, saves: Path) -> None:
    loaded = load_bytes(SCENARIO.encode(), str(tmp_path / "three.yaml"))
    app = CrisisApp(saves=saves, class_setup=loaded)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ClassSetupScreen)
        for value in ("Table 3", "Ann", "Ben", "Cy"):  # group, then one name per role
            await pilot.press(*value, "enter")
            await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        await pilot.press("enter")  # past the briefing
        await settle(pilot)

        # The council votes in turn; each sees only their own secrets, after confirming.
        for name, own, number, reason in (
            ("Ann", {"CAPTAIN-BRIEFING", "CAPTAIN-NODE-SECRET"}, "1", "They attack us"),
            ("Ben", {"OFFICER-BRIEFING", "OFFICER-NODE-SECRET"}, "2", "Wait for Moscow"),
            ("Cy", {"COMMISSAR-BRIEFING"}, "1", ""),
        ):
            assert isinstance(app.screen, HandoffScreen)
            assert name in screen_text(app) and secrets_on(app) == set()
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, DecisionScreen)
            assert secrets_on(app) == own
            await vote(pilot, app, number, reason)

        assert isinstance(app.screen, OutcomeScreen)
        text = screen_text(app)
        assert "Decided by vote: Fire" in text
        assert "Ben: Hold" in text and "“Wait for Moscow”" in text
        entry = app.game.log[0]
        assert entry.votes == {"Ann": "fire", "Ben": "hold", "Cy": "fire"}
        assert entry.reasons == {"Ann": "They attack us", "Ben": "Wait for Moscow"}
        await pilot.press("enter")
        await settle(pilot)

        # The captain's timed decision: nobody answers, the default is taken.
        assert isinstance(app.screen, HandoffScreen)
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one(Countdown).remaining = 0.01
        await pilot.pause(0.8)
        await settle(pilot)
        assert isinstance(app.screen, OutcomeScreen)
        assert app.game.log[-1].how == "timeout" and app.game.log[-1].choice == "wait"
        assert "Time ran out" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)

        # The facilitator overrides the last decision (F2 → Override → Dive).
        assert isinstance(app.screen, HandoffScreen)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert app.game.log[-1].how == "override" and app.game.log[-1].choice == "dive"
        assert "The facilitator set: " in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EndingScreen)
        await pilot.press("e")
        await settle(pilot)

    [debrief] = saves.glob("debrief-three-officers-*.md")
    text = debrief.read_text()
    assert "- **Group:** Table 3" in text
    assert "- **Captain:** Ann" in text
    assert "- Hold\n  - Ben voted for this (dissent): “Wait for Moscow”" in text
    assert "**Chosen:** Wait (time ran out: the default was taken)" in text
    assert "**Chosen:** Dive (set by the facilitator)" in text
    assert "## Facilitator's interventions" in text


async def test_history_stays_hidden_after_a_skip_and_a_tally_is_one_logged_count(
    tmp_path: Path, saves: Path
) -> None:
    from game.engine.classroom import Classroom
    from game.tui.screens.facilitator import TallyScreen

    loaded = load_bytes(SCENARIO.encode(), str(tmp_path / "three.yaml"))
    app = CrisisApp(saves=saves)
    async with app.run_test(size=(80, 24)) as pilot:
        app.start_class(loaded, Classroom({"captain": ["Ann"]}, "Table 1", "now"), 1, None)
        await settle(pilot)
        await pilot.press("enter")  # briefing
        await settle(pilot)
        # F2 → "Show history only at the end" (second option), then F2 → Skip (fifth).
        await pilot.press("f2", "down", "enter")
        await settle(pilot)
        assert app.classroom.reveal == "end"
        await pilot.press("f2", "down", "down", "down", "down", "enter")
        await settle(pilot)
        assert app.game.log[-1].how == "facilitator"
        assert "What actually happened is revealed" in screen_text(app)
        await pilot.press("enter")  # the captain's timed decision
        await settle(pilot)
        await pilot.press("enter", "1", "enter")  # hand-off, choose, no reason
        await settle(pilot)
        assert isinstance(app.screen, OutcomeScreen)
        text = screen_text(app)
        assert "What actually happened is revealed" in text and "History's choice" not in text
        await pilot.press("enter")
        await settle(pilot)
        # The officer's decision by a show of hands: 2 for Surface, 5 for Dive.
        await pilot.press("f2", "down", "down", "down", "down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TallyScreen)
        await pilot.press("2", "enter", "5", "enter")
        await settle(pilot)
        entry = app.game.log[-1]
        assert (entry.choice, entry.tally, entry.votes) == ("dive", {"surface": 2, "dive": 5}, None)
    notes = [e.text for e in app.game.log if e.type == "note"]
    assert notes == ["History is shown only at the end from here."]


async def test_solo_play_asks_each_deciding_role_in_turn(tmp_path: Path, saves: Path) -> None:
    from game.engine.game import Game

    loaded = load_bytes(SCENARIO.encode(), str(tmp_path / "three.yaml"))
    app = CrisisApp(saves=saves, game=Game(loaded, seed=1))  # one player, every side
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        for role_name, number in (("Captain", "1"), ("Officer", "2"), ("Commissar", "2")):
            assert isinstance(app.screen, DecisionScreen)
            assert f"Vote as {role_name}" in screen_text(app)
            await pilot.press(number)
            await settle(pilot)
        assert isinstance(app.screen, OutcomeScreen)
    entry = app.game.log[0]
    assert (entry.choice, entry.how) == ("hold", "vote")  # two of three held
    assert entry.votes == {"Captain": "fire", "Officer": "hold", "Commissar": "hold"}


async def test_playing_one_officer_the_others_vote_as_history_did(tmp_path: Path, saves: Path):
    from game.engine.game import Game

    loaded = load_bytes(SCENARIO.encode(), str(tmp_path / "three.yaml"))
    app = CrisisApp(saves=saves, game=Game(loaded, seed=1, role="officer"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "1")  # the officer alone wants to fire
        await settle(pilot)
        assert "Captain: Hold" in screen_text(app)
    entry = app.game.log[0]
    assert entry.choice == "hold" and entry.votes["Officer"] == "fire"
