"""Join codes cannot be guessed within a lesson, and seats cannot be taken from their owners."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.engine.loader import load_bytes
from game.live import codes, store, throttle
from game.live.session import LiveGame
from game.live.store import LiveError, LiveStore, TooManyTries, WrongCode, database
from game.tui.live.join import JoinScreen
from game.tui.live.seat import SeatScreen
from game.tui.live.seat_app import SeatApp

from ..conftest import ROOT
from ..live.test_live_store import SCENARIO
from ..tui.helpers import screen_text, settle


def hosted(folder: Path, **options) -> tuple[LiveStore, str]:
    live = LiveStore(database(folder), remember=False)
    code = live.create("council", "council.yaml", SCENARIO.encode(), seed=1, **options)
    return live, code


def wrong_code() -> str:
    return codes.new_code()


def test_codes_are_long_readable_and_typed_forgivingly(tmp_path: Path) -> None:
    live, code = hosted(tmp_path)
    assert codes.BITS >= 60  # at 1,000 guesses a second, a 1-in-10^12 chance in a lesson
    assert len(code) == 12 and not set(code) & set("01IO")
    shown = codes.display(code)
    assert shown.count("-") == 2 and all(len(part) == 4 for part in shown.split("-"))
    for typed in (shown, shown.lower(), code.lower(), " ".join(shown.split("-"))):
        assert live.lookup(typed).session.code == code


def test_wrong_codes_from_other_processes_count_against_the_same_address(tmp_path: Path) -> None:
    live, code = hosted(tmp_path)
    guesses = ";".join(
        f"\ntry: s.lookup('{wrong_code()}', source='10.0.0.9')\nexcept LiveError: pass"
        for _ in range(throttle.PER_SOURCE)
    )
    script = (
        "from pathlib import Path\nfrom game.live.store import LiveStore, LiveError\n"
        f"s = LiveStore(Path({str(database(tmp_path))!r}))" + guesses
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT, timeout=60)
    with pytest.raises(TooManyTries, match="wait"):
        live.lookup(code, source="10.0.0.9")  # even the right code, until the minute is over
    assert live.lookup(code, source="10.0.0.10").session.code == code  # others carry on


def test_a_flood_from_many_addresses_pauses_every_new_join(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live, code = hosted(tmp_path)
    clock = [time.time()]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    for n in range(throttle.OVERALL):
        with pytest.raises(WrongCode):
            live.lookup(wrong_code(), source=f"10.1.{n // 250}.{n % 250}")
    with pytest.raises(TooManyTries, match="on this server"):
        live.lookup(code, source="192.168.0.2")
    assert live.session(code).code == code  # seated players are never throttled
    clock[0] += throttle.WINDOW + 1
    assert live.lookup(code, source="192.168.0.2").session.code == code


def test_an_idle_session_closes_to_joiners_until_its_host_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live, code = hosted(tmp_path)
    clock = [time.time() + store.IDLE_HOURS * 3600 + 60]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    with pytest.raises(LiveError, match="crisis host --resume"):
        live.lookup(code)
    live.touch(code)  # what `crisis host --resume CODE` does
    assert live.lookup(code).session.code == code


def test_seats_are_capped_per_session_and_in_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live, code = hosted(tmp_path, max_seats=2)
    live.join(code, "captain", "Ann")
    live.join(code, "officer", "Bob")
    with pytest.raises(LiveError, match="full"):
        live.join(code, "officer", "Cy")
    monkeypatch.setattr(store, "TOTAL_SEATS", 3)
    _, other = hosted(tmp_path)
    live.join(other, "captain", "Di")
    with pytest.raises(LiveError, match="already seats 3"):
        live.join(other, "captain", "Ed")


def test_a_name_already_seated_is_not_handed_to_someone_else(tmp_path: Path) -> None:
    live, code = hosted(tmp_path)
    token = live.join(code, "captain", "Ann")
    intruder = LiveStore(database(tmp_path), source="10.0.0.66")  # a browser seat elsewhere
    assert intruder.find_seat(code, "captain", "Ann") is None
    with pytest.raises(LiveError, match="already seated"):
        intruder.join(code, "captain", "Ann")
    # Ann herself, disconnected, types her seat code and is back in her own seat.
    back = intruder.find_seat(codes.display(token), "captain", "Ann")
    assert back is not None and back.token == token
    with pytest.raises(LiveError, match="Ann's"):
        intruder.find_seat(token, "captain", "Mallory")


def test_assigned_roles_give_each_seat_its_own_code_and_nothing_else(tmp_path: Path) -> None:
    live, code = hosted(tmp_path, roles="assigned", role_ids=["captain", "officer"])
    slips = {role: token for role, token, _ in live.seat_codes(code)}
    assert set(slips) == {"captain", "officer"}
    with pytest.raises(LiveError, match="its own code"):
        live.lookup(code)  # the crisis room's code seats nobody
    with pytest.raises(LiveError, match="its own code"):
        live.join(code, "captain", "Ann")
    access = live.lookup(slips["officer"])
    assert (access.role, access.session.code) == ("officer", code)
    with pytest.raises(LiveError, match="for the role 'officer'"):
        live.join(slips["officer"], "captain", "Ann")
    assert live.join(slips["officer"], "officer", "Ann") == slips["officer"]
    assert [(s.role, s.name) for s in live.seats(code)] == [("officer", "Ann")]


async def test_a_seat_code_opens_only_its_role_and_its_secret(tmp_path: Path) -> None:
    live, code = hosted(tmp_path, roles="assigned", role_ids=["captain", "officer"])
    officer = next(t for role, t, _ in live.seat_codes(code) if role == "officer")
    app = SeatApp(tmp_path, codes.display(officer))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, JoinScreen)
        roles = app.screen.query_one("#role")
        assert [v for _, v in roles._options if isinstance(v, str)] == ["officer"]
        app.screen.query_one("#name").value = "Arkhipov"
        await pilot.click("#join-button")
        await settle(pilot)
        await pilot.pause(0.6)  # keys in the first half second never act (a stray Enter)
        await pilot.press("enter")  # the briefing was read
        await settle(pilot)
        assert isinstance(app.screen, SeatScreen)
        text = screen_text(app)
        assert "You outrank him." in text and "Orders are unclear." not in text
    assert [(s.role, s.name) for s in live.seats(code)] == [("officer", "Arkhipov")]


def test_the_cli_fills_role_and_name_from_a_seat_code(tmp_path: Path) -> None:
    folder = tmp_path
    live, code = hosted(folder)
    token = live.join(code, "captain", "Ann")
    out = subprocess.run(
        [sys.executable, "-m", "game", "--saves", str(folder), "join", token, "--role", "officer"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert out.returncode == 1 and "for the role 'captain'" in out.stderr
    assert "Traceback" not in out.stderr


def test_live_game_open_still_works_with_a_seat_code(tmp_path: Path) -> None:
    loaded = load_bytes(SCENARIO.encode(), "council.yaml")
    host = LiveGame.host(tmp_path, loaded, SCENARIO.encode(), seed=1)
    token = host.store.join(host.code, "captain", "Ann")
    assert LiveGame.open(tmp_path, token).code == host.code


async def test_the_crisis_room_lists_seat_codes_only_when_asked(tmp_path: Path) -> None:
    from game.tui.live.host_app import HostApp

    live, code = hosted(tmp_path, roles="assigned", role_ids=["captain", "officer"])
    slips = [codes.display(token) for _, token, _ in live.seat_codes(code)]
    app = HostApp(tmp_path, LiveGame.open(tmp_path, code))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.4)
        await settle(pilot)
        text = screen_text(app)
        assert "SEAT CODES" in text and not any(slip in text for slip in slips)
        await pilot.press("k")
        await settle(pilot)
        listed = screen_text(app)
        assert all(slip in listed for slip in slips)
        assert "Captain:" in listed and "Officer:" in listed


def test_a_name_with_terminal_escapes_cannot_take_a_seat(tmp_path: Path) -> None:
    live, code = hosted(tmp_path)
    with pytest.raises(LiveError, match="control character"):
        live.join(code, "captain", "Ann\x1b]0;pwned\x07")
    assert live.seats(code) == []
