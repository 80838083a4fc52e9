"""Live seats and the host console, driven by Pilot against one session database."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from game.engine.flow import Ballot, EventToContinue, OutcomeToShow
from game.engine.loader import load_bytes, load_file
from game.live.codes import display
from game.live.flow import LiveBallots, live_flow
from game.live.session import LiveGame
from game.tui.live.host_app import HostApp
from game.tui.live.join import JoinScreen
from game.tui.live.seat import SeatScreen
from game.tui.live.seat_app import SeatApp

from ..conftest import ROOT
from ..tui.helpers import screen_text, settle
from .test_live_store import SCENARIO


def ballots(live: LiveGame) -> list[Ballot]:
    return LiveBallots(live).cast_so_far(0)


def hosted(folder: Path) -> LiveGame:
    loaded = load_bytes(SCENARIO.encode(), "council.yaml")
    return LiveGame.host(folder, loaded, SCENARIO.encode(), seed=1)


async def test_a_seat_sees_only_its_own_secrets_and_votes(tmp_path: Path) -> None:
    host = hosted(tmp_path)
    app = SeatApp(tmp_path, host.code, "officer", "Arkhipov")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Read your briefing" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SeatScreen)
        text = screen_text(app)
        assert "You outrank him." in text  # the officer's secret text for this node
        assert "Orders are unclear." not in text and "CAPTAIN-ONLY" not in text
        await pilot.press("b")  # the briefing: only the officer's secret
        await settle(pilot)
        briefing = screen_text(app)
        assert "OFFICER-ONLY" in briefing and "CAPTAIN-ONLY" not in briefing
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("2")  # choose, then the reason is asked for
        await settle(pilot)
        assert ballots(host) == []
        await pilot.press(*"Plan 2 is safer", "enter")  # digits in a reason are only text
        await settle(pilot)
    assert ballots(host) == [Ballot("officer", "Arkhipov", "hold", "Plan 2 is safer")]


async def test_joining_with_a_wrong_code_is_refused(tmp_path: Path) -> None:
    host = hosted(tmp_path)
    app = SeatApp(tmp_path, "WRONG1", "captain", "Ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, JoinScreen)
        assert "No live session has that code" in screen_text(app)
        app.screen.query_one("#code").value = host.code.lower()
        await settle(pilot)
        assert "Council: choose your role." in screen_text(app)


async def test_the_host_counts_votes_when_everyone_has_voted(tmp_path: Path, saves: Path) -> None:
    host = hosted(tmp_path)
    for role, name, choice in (("captain", "Savitsky", "fire"), ("officer", "Arkhipov", "fire")):
        host.store.join(host.code, role, name)
        host.store.cast(host.code, 0, 0, LiveBallots.key(role, name), role, choice)
    app = HostApp(tmp_path, LiveGame.open(tmp_path, host.code))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.6)
        await settle(pilot)
        # Nothing moves before the room starts the lesson, even with every vote in.
        assert app.live.game.state.node_id == "council"
        assert "The seats are joining. Press c to start" in " ".join(screen_text(app).split())
        await pilot.press("c")
        await pilot.pause(0.6)
        await settle(pilot)
        assert app.live.game.state.node_id == "war"  # unanimous: both fired
        text = " ".join(screen_text(app).split())
        assert f"JOIN CODE {display(host.code)}" in text
        # The room shows the tally and the rule's result before going on.
        assert "Decided: Fire" in text and "The votes: Fire 2. Result: Fire (by vote)" in text
        await pilot.press("c")
        await pilot.pause(0.6)
        await settle(pilot)
        assert "Ending reached: War" in screen_text(app)
    [save] = tmp_path.glob(f"auto-council-live-{host.code.lower()}.json")
    assert '"Savitsky"' in save.read_text()  # seats are kept for the debrief


def test_the_cli_refuses_a_wrong_code(tmp_path: Path) -> None:
    hosted(tmp_path)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "game",
            "--saves",
            str(tmp_path),
            "join",
            "NOPE77",
            "--role",
            "captain",
            "--name",
            "x",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert out.returncode == 1 and "no live session with the code 'NOPE77'" in out.stderr


def test_serve_answers_on_loopback_with_the_page_that_starts_the_app(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "game", "--saves", str(tmp_path), "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = ""
        for _ in range(60):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as reply:
                    page = reply.read().decode()
                    break
            except OSError:
                time.sleep(0.25)
        assert "Crisis — join a live session" in page
        # The page starts the app by opening this websocket, which runs `crisis join`.
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
    finally:
        server.terminate()
        server.wait(timeout=10)


LEADER = SCENARIO.replace(
    "    rule: unanimous\n    fallback: hold\n", "    rule: leader\n    leader: captain\n"
)


async def test_the_leader_decides_after_the_advice(tmp_path: Path) -> None:
    loaded = load_bytes(LEADER.encode(), "leader.yaml")
    host = LiveGame.host(tmp_path, loaded, LEADER.encode(), seed=1)
    live_flow(host).begin()  # the crisis room starts the lesson
    host.store.join(host.code, "officer", "Arkhipov")
    key = LiveBallots.key("officer", "Arkhipov")
    host.store.cast(host.code, 0, 0, key, "officer", "hold", "Do not fire")
    app = SeatApp(tmp_path, host.code, "captain", "Savitsky")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # past the briefing
        await settle(pilot)
        flowing = " ".join(screen_text(app).split())
        assert "Your decision, after the advice (1 recommendation(s) in)." in flowing
        # The advice and its reason come first, before the node's text.
        assert "The advice you were given (1) Arkhipov: Hold — because Do not fire" in flowing
        await pilot.press("1", "enter")  # the captain overrules the advice (no reason given)
        await settle(pilot)
    host.sync()
    entry = host.game.log[-1]
    assert entry.choice == "fire" and entry.votes == {"Arkhipov": "hold"}
    assert host.game.state.node_id == "war"


async def test_a_role_that_does_not_exist_leaves_the_join_form_up(tmp_path: Path) -> None:
    host = hosted(tmp_path)
    app = SeatApp(tmp_path, host.code, "admiral", "Ann")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, JoinScreen)
        text = screen_text(app)
        assert "Council: choose your role." in text
        assert "Choose your role" in text and "Type the code first" not in text


async def test_a_preset_skips_its_decisions_in_a_live_session(tmp_path: Path) -> None:
    # Hosting B-59 with its 15-minute path: n-hide is passed over, for the seat too.
    b59 = ROOT / "scenarios" / "b59.yaml"
    host = LiveGame.host(tmp_path, load_file(b59), b59.read_bytes(), seed=3, preset="short")
    room = live_flow(host)
    room.begin()
    app = SeatApp(tmp_path, host.code, "savitsky", "Ann")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the briefing was read
        await settle(pilot)
        while isinstance(room.pending(("", "")), (EventToContinue, OutcomeToShow)):
            room.proceed()
        assert host.game.state.node_id == "n-charges"
        await pilot.pause(0.6)
        await settle(pilot)
        seen = []
        for _ in range(4):  # what the seat is shown, one outcome after another
            seen.append(" ".join(screen_text(app).split()))
            if "Your decision." in seen[-1]:
                break
            await pilot.press("enter")
            await pilot.pause(0.3)
            await settle(pilot)
        skipped = [s for s in seen if "Hunted in the heat" in s]
        assert skipped and "Decided: Come up to run the diesels and recharge" in skipped[0]
        assert "Your decision." not in skipped[0]
        assert "Explosions against the hull" in seen[-1] and "Your decision." in seen[-1]
    [entry] = [e for e in host.game.log if e.node == "n-hide"]
    assert entry.how == "skipped"


def test_a_plain_seat_votes_and_reads_the_result(tmp_path: Path) -> None:
    host = hosted(tmp_path)
    room = live_flow(host)
    room.begin()
    host.store.join(host.code, "officer", "Arkhipov")
    host.store.join(host.code, "captain", "Savitsky")
    key = LiveBallots.key("officer", "Arkhipov")
    host.store.cast(host.code, 0, 0, key, "officer", "hold", "Wait")
    result = subprocess.run(
        [sys.executable, "-m", "game", "--saves", str(tmp_path), "join", host.code, "--plain",
         "--role", "captain", "--name", "Savitsky"],
        input="\n9\n2\nSafer\n\n", capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Welcome back, Savitsky." in out
    assert "Only you know:" in out and "Orders are unclear." in out  # the captain's secret
    assert "You outrank him." not in out  # not the officer's
    assert "Please type a number from 1 to 2. The options again:" in out
    assert "The votes: Hold 2. Result: Hold (by vote)." in out
    host.sync()
    [decision] = [e for e in host.game.log if e.type == "choose"]
    assert decision.reasons == {"Arkhipov": "Wait", "Savitsky": "Safer"}


async def test_an_empty_room_plays_nothing_by_itself(tmp_path: Path) -> None:
    # Hosted with no seat taken yet: the room waits; it does not play every side as history.
    host = hosted(tmp_path)
    app = HostApp(tmp_path, LiveGame.open(tmp_path, host.code))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.8)
        await settle(pilot)
        assert app.live.game.log == []
        host.store.join(host.code, "captain", "Savitsky")  # one seat joins; the officer's is empty
        await pilot.press("c")
        await pilot.pause(0.8)
        await settle(pilot)
        controls = [e.control for e in app.live.game.log if e.type == "note"]
        assert controls == ["start"]
        assert app.live.game.state.node_id == "council"  # waiting for the captain's vote


async def test_the_room_and_the_seats_tell_the_text_variant_the_story_led_to(tmp_path: Path) -> None:
    example = ROOT / "docs" / "examples" / "hotline-1963.yaml"
    live = LiveGame.host(tmp_path, load_file(example), example.read_bytes(), seed=1)
    for choice in ("propose", "consider", "telephone"):
        live.decide(choice, how="facilitator")
    assert live.game.state.node_id == "open"
    told = "A telephone line between the two leaders goes into"  # one line of the room's column
    room = HostApp(tmp_path, LiveGame.open(tmp_path, live.code))
    async with room.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = " ".join(screen_text(room).split())
        assert told in text and "The link goes into operation" not in text
    seat = SeatApp(tmp_path, live.code, "stelle", "Table 2")
    async with seat.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # past the briefing
        await settle(pilot)
        text = " ".join(screen_text(seat).split())
        assert told in text and "The link goes into operation" not in text


async def test_the_room_s_news_prompt_stays_open_while_the_seats_poll(tmp_path: Path) -> None:
    from game.tui.screens.facilitator import TextPromptScreen

    host = hosted(tmp_path)
    app = HostApp(tmp_path, LiveGame.open(tmp_path, host.code))
    async with app.run_test(size=(100, 30)) as pilot:
        host.store.join(host.code, "captain", "Savitsky")
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause(1.0)  # several of the room's looks at the session
        await settle(pilot)
        assert isinstance(app.screen, TextPromptScreen)
        await pilot.press(*"Storm", "enter")
        await pilot.pause(0.6)
        await settle(pilot)
        assert "Storm" in screen_text(app)
    assert [e.text for e in app.live.game.log if e.type == "inject"] == ["Storm"]
