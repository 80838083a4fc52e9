"""One class session, three front ends, one story.

The same B-59 lesson (15-minute preset, so two decisions are skipped by the lesson plan) is
played through plain mode, the one-screen class TUI (Pilot) and a live session whose seats are
separate processes: the same seed, decisions, votes, reasons and facilitator's actions, with a
timeout. All three must log the same entries and give the same Markdown debrief."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import OptionList

from game.engine.classroom import Classroom
from game.engine.flow import EventToContinue, OutcomeToShow
from game.engine.game import Entry, Game
from game.engine.loader import load_file
from game.engine.saves import Recorder
from game.live.flow import live_flow
from game.live.session import LiveGame
from game.plain.runner import PlainGame
from game.reports.debrief import build
from game.reports.render_md import debrief_markdown
from game.tui.app import CrisisApp
from game.tui.screens.facilitator import FacilitatorScreen
from game.tui.screens.handoff import HandoffScreen
from game.tui.widgets.timer import Countdown

from .conftest import ROOT
from .tui.helpers import settle

B59 = ROOT / "scenarios" / "b59.yaml"
SEED = 11
PLAYERS = {"savitsky": ["Ann"], "arkhipov": ["Ben"], "maslennikov": ["Cy"]}
# The council, the first time: Ann and Cy would fire, Ben would not: not unanimous.
COUNCIL = [("Ann", "1", "We will not disgrace the navy"), ("Ben", "3", "Wait for orders"),
           ("Cy", "1", "")]  # fmt: skip
NEWS = "Radio Moscow is silent."


@pytest.fixture(autouse=True)
def _no_key_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    from game.tui.screens import decision

    monkeypatch.setattr(decision, "GUARD_SECONDS", 0.0)


def comparable(log: list[Entry]) -> list[dict]:
    """The log without clock readings (when, and how long a decision took)."""
    return [{k: v for k, v in e.to_json().items() if k not in ("at", "seconds")} for e in log]


def debrief_text(game: Game) -> str:
    text = debrief_markdown(build(game, "Test class", PLAYERS))
    return re.sub(r", after \d+ s", "", text)


# -- 1. plain mode ---------------------------------------------------------------------------
def play_plain(saves: Path) -> Game:
    game = Game(load_file(B59), seed=SEED, preset="short")
    clock = [1000.0]
    lines = [
        "", "",  # the two opening events
        "/pause", "",  # at the hand-off: pause, and Enter resumes
        "", "1", "They are attacking",  # the captain at the keyboard decides
        "/news " + NEWS, "/reveal end",
        *[x for _, number, reason in COUNCIL for x in ("", number, reason)],
        "", "2", "",  # the captain calls the council again
        "", "LATE",  # nobody answers in time: the clock runs out
        "", "1", "",  # surface
    ]  # fmt: skip

    def read_line() -> str:
        if not lines:
            return ""
        line = lines.pop(0)
        if line == "LATE":
            clock[0] += 1000
            return "4\n"
        return line + "\n"

    out = io.StringIO()
    player = PlainGame(game, Recorder(saves), out, read_line, interactive=False,
                       players=PLAYERS, clock=lambda: clock[0])  # fmt: skip
    assert player.run() == 0, out.getvalue()[-2000:]
    text = out.getvalue()
    assert text.count("Time ran out: Hold fire and stay down for now was taken") == 1
    assert "This lesson passes over this decision; Come up to run the diesels and recharge" in text
    return game


# -- 2. the one-screen class TUI -------------------------------------------------------------
async def facilitate(pilot, action: str) -> None:
    await pilot.press("f2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FacilitatorScreen)
    options = pilot.app.screen.query_one("#facilitator-actions", OptionList)
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    await pilot.press(*["down"] * ids.index(action), "enter")
    await settle(pilot)


async def vote(pilot, number: str, reason: str) -> None:
    assert isinstance(pilot.app.screen, HandoffScreen)
    await pilot.press("enter")  # the hand-off: at the keyboard
    await settle(pilot)
    await pilot.press(number)
    await settle(pilot)
    await pilot.press(*reason, "enter")
    await settle(pilot)


async def play_tui(saves: Path) -> Game:
    app = CrisisApp(saves=saves, seed=SEED)
    async with app.run_test(size=(100, 40)) as pilot:
        app.start_class(load_file(B59), Classroom(PLAYERS, "Test class"), SEED, "short")
        await settle(pilot)
        for _ in range(6):  # briefing, two events and what they led to, the skipped decision
            if isinstance(app.screen, HandoffScreen):
                break
            await pilot.press("enter")
            await settle(pilot)
        await facilitate(pilot, "pause")
        await pilot.press("enter")  # resume
        await settle(pilot)
        await vote(pilot, "1", "They are attacking")
        await pilot.press("enter")  # past the outcome
        await settle(pilot)
        await facilitate(pilot, "news")
        await pilot.press(*NEWS, "enter")
        await settle(pilot)
        await facilitate(pilot, "reveal")
        for _, number, reason in COUNCIL:
            await vote(pilot, number, reason)
        await pilot.press("enter")  # past the outcome
        await settle(pilot)
        await vote(pilot, "2", "")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # Ann at the keyboard, and nobody answers
        await settle(pilot)
        app.screen.query_one(Countdown).remaining = 0.2
        await pilot.pause(1.0)
        await settle(pilot)
        await pilot.press("enter")  # past the outcome
        await settle(pilot)
        await vote(pilot, "1", "")
        for _ in range(3):
            await pilot.press("enter")
            await settle(pilot)
        assert app.game is not None and app.game.finished
        return app.game


# -- 3. a live session: the room here, each seat its own process ------------------------------
def seat(folder: Path, code: str, *args: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "tests.live.seat", str(folder), code, *args],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def play_live(folder: Path) -> Game:
    loaded = load_file(B59)
    live = LiveGame.host(folder, loaded, B59.read_bytes(), SEED, "short")
    room = live_flow(live)
    room.begin()
    roles = {name: role for role, names in PLAYERS.items() for name in names}
    for name, role in roles.items():
        seat(folder, live.code, "join", role, name)

    def go_on() -> None:
        while isinstance(room.pending(("", "")), (EventToContinue, OutcomeToShow)):
            room.proceed()

    def cast(name: str, number: str, reason: str) -> None:
        node = live.game.node
        choice = live.game.offered()[int(number) - 1].id
        told = seat(folder, live.code, "vote", roles[name], name, choice, reason)
        assert "refused" not in told, (node.id if hasattr(node, "id") else node, told)

    go_on()
    assert live.game.state.node_id == "n-charges"  # n-hide was skipped by the lesson plan
    room.pause()
    room.resume()
    cast("Ann", "1", "They are attacking")
    go_on()
    room.news(NEWS)
    room.set_reveal("end")
    for name, number, reason in COUNCIL:
        cast(name, number, reason)
    go_on()
    cast("Ann", "2", "")
    go_on()
    assert live.game.state.node_id == "n-council"
    # The clock runs out: its deadline, shared by every process, is in the past.
    room.pending(("", ""))
    live.store.db.execute("UPDATE deadlines SET deadline = 0 WHERE code = ?", (live.code,))
    assert room.tick()
    go_on()
    cast("Ann", "1", "")
    go_on()
    live.sync()
    assert live.game.finished
    return live.game


async def test_plain_tui_and_live_tell_the_same_story(tmp_path: Path) -> None:
    plain = play_plain(tmp_path / "plain")
    tui = await play_tui(tmp_path / "tui")
    live = play_live(tmp_path / "live")
    hows = [e.how for e in plain.log if e.type == "choose"]
    assert "skipped" in hows and "timeout" in hows and "fallback" in hows
    assert [e.control for e in plain.log if e.control] == ["pause", "resume", "reveal-end"]
    assert comparable(tui.log) == comparable(plain.log)
    # Live alone logs the crisis room starting the lesson; everything else is the same.
    started = [e for e in live.log if e.control == "start"]
    assert len(started) == 1 and live.log[0] is started[0]
    assert comparable([e for e in live.log if e.control != "start"]) == comparable(plain.log)
    assert debrief_text(tui) == debrief_text(plain)
    assert debrief_text(live) == debrief_text(plain)
