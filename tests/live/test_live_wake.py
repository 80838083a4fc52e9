"""The crisis room and the seats follow the session when its bell rings, with their slow safety
look turned off, and the room changes what it shows in place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot

from game.engine.catalog import bundled_dir
from game.engine.loader import load_file
from game.live.flow import LiveBallots, live_flow
from game.live.session import LiveGame
from game.live.store import LiveStore, database
from game.tui.live import host_app, seat_app
from game.tui.live.host import HostScreen
from game.tui.live.host_app import HostApp
from game.tui.live.seat_app import SeatApp

from ..tui.helpers import screen_text, settle
from .test_live_bell import needs_unix
from .test_live_tui import hosted

pytestmark = needs_unix


@pytest.fixture(autouse=True)
def _no_safety_look(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only the bell can bring news in these tests.
    monkeypatch.setattr(host_app, "SAFETY_SECONDS", 3600.0)
    monkeypatch.setattr(seat_app, "SAFETY_SECONDS", 3600.0)


async def shows(pilot: Pilot, app: App, seen: Callable[[str], bool]) -> str:
    """The screen once it shows what is looked for (or as it is after a long wait)."""
    text = ""
    for _ in range(100):
        await pilot.pause(0.05)
        await settle(pilot, rounds=1)
        text = " ".join(screen_text(app).split())
        if seen(text):
            break
    return text


def other_process(folder: Path) -> LiveStore:
    return LiveStore(database(folder))


async def test_votes_and_joins_show_in_the_room_without_rebuilding_it(tmp_path: Path) -> None:
    host = hosted(tmp_path)
    seat = other_process(tmp_path)
    seat.join(host.code, "captain", "Savitsky")
    app = HostApp(tmp_path, LiveGame.open(tmp_path, host.code))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")  # the lesson starts
        await settle(pilot)
        room = app.screen
        assert isinstance(room, HostScreen)
        seat.join(host.code, "officer", "Arkhipov")
        text = await shows(pilot, app, lambda t: "Arkhipov" in t)
        assert "● Officer Arkhipov" in text and "Savitsky, Arkhipov." in text  # waited for
        seat.cast(host.code, 0, 1, LiveBallots.key("officer", "Arkhipov"), "officer", "hold")
        text = await shows(pilot, app, lambda t: "voted" in t)
        assert "● Officer Arkhipov voted" in text and "Waiting for: │ Seats Savitsky." in text
        assert app.screen is room  # the same screen, changed in place


async def test_a_vote_arriving_under_the_news_prompt_leaves_it_open(tmp_path: Path) -> None:
    from game.tui.screens.facilitator import TextPromptScreen

    host = hosted(tmp_path)
    seat = other_process(tmp_path)
    seat.join(host.code, "captain", "Savitsky")
    seat.join(host.code, "officer", "Arkhipov")
    app = HostApp(tmp_path, LiveGame.open(tmp_path, host.code))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("n", *"Sto")
        await settle(pilot)
        seat.cast(host.code, 0, 1, LiveBallots.key("officer", "Arkhipov"), "officer", "hold")
        text = await shows(pilot, app, lambda t: "voted" in t)  # seen behind the prompt
        assert "Arkhipov voted" in text
        assert isinstance(app.screen, TextPromptScreen)
        await pilot.press(*"rm", "enter")  # what was typed is all still there
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "NEWS: Storm" in text and "Arkhipov voted" in text


async def test_seats_follow_the_room_s_keys(tmp_path: Path) -> None:
    host = hosted(tmp_path)
    room = live_flow(host)
    room.begin()
    app = SeatApp(tmp_path, host.code, "captain", "Ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # past the briefing
        await settle(pilot)
        assert "Your vote." in screen_text(app)
        room.pause()
        text = await shows(pilot, app, lambda t: "Paused by the facilitator." in t)
        assert "Paused by the facilitator." in text
        room.resume()
        room.news("Storm coming")  # news given during a decision reaches the seats
        text = await shows(pilot, app, lambda t: "Storm coming" in t)
        assert "NEWS: Storm coming" in text and "Your vote." in text


async def test_the_seats_table_fits_the_room_at_80_columns(tmp_path: Path) -> None:
    # Two roles whose names begin alike, a long name and a dropped seat: every column shows,
    # and the two captains can be told apart.
    loaded = load_file(bundled_dir() / "b59.yaml")
    host = LiveGame.host(tmp_path, loaded, Path(loaded.path).read_bytes(), seed=1)
    seat = other_process(tmp_path)
    seat.join(host.code, "savitsky", "Alexandra Petrovna")
    seat.join(host.code, "arkhipov", "Ben")
    app = HostApp(tmp_path, LiveGame.open(tmp_path, host.code))
    async with app.run_test(size=(80, 24)) as pilot:
        text = await shows(pilot, app, lambda t: "Ben" in t)
        lines = screen_text(app).splitlines()
        header = next(line for line in lines if "Role" in line and "Name" in line)
        assert header.rstrip().endswith("Vote")
        assert "…Savitsky" in text and "…Vasili Arkhipov" in text
        assert "Alexandra Pe…" in text
        assert all(len(line) <= 80 for line in lines)
