"""Join links: `crisis serve` answers /join/CODE with the join form already filled in, a seat code's
link puts a returning pupil straight back in the seat, anything that is not a code is refused,
and the crisis room shows the link while a server runs from its saves folder."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from game.live import codes, serving
from game.live.store import LiveStore, database
from game.tui.live.join import JoinScreen
from game.tui.live.seat_app import SeatApp
from game.tui.widgets.stepping_select import SteppingSelect

from ..security.test_live_codes import hosted as hosted_store
from ..tui.helpers import screen_text, settle
from .test_warm_seats import ENTER, Page, Served, hosted, until
from .test_warm_seats import serving as seat_server


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    async with seat_server(tmp_path) as one:
        yield one


def page_url(served: Served, path: str) -> str:
    return served.url.replace("ws://", "http://").split("/ws")[0] + path


def link_socket(served: Served, code: str) -> str:
    return served.url.replace("/ws?", f"/ws/join/{code}?")


def test_only_something_shaped_like_a_code_is_taken_from_an_address() -> None:
    code = codes.new_code()
    assert serving.link_code(codes.display(code).lower()) == code
    for junk in ("", "KXR7", "../../etc/passwd", "KXR7-2MPQ-W9T0", code + "A", "<script>"):
        assert serving.link_code(junk) is None, junk
    assert serving.link("http://10.0.0.5:8000/", code) == (
        f"http://10.0.0.5:8000/join/{codes.display(code)}"
    )


def test_the_server_s_note_counts_only_while_its_process_runs(tmp_path: Path) -> None:
    assert serving.served_base(tmp_path) is None
    serving.announce(tmp_path, "http://10.0.0.5:8000")
    assert serving.served_base(tmp_path) == "http://10.0.0.5:8000"
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    (tmp_path / serving.FILE).write_text(
        f'{{"base": "http://10.0.0.5:8000", "pid": {int(ended.stdout)}}}', encoding="utf-8"
    )
    assert serving.served_base(tmp_path) is None  # a killed server left its note
    (tmp_path / serving.FILE).write_text(
        f'{{"base": "javascript:alert(1)", "pid": {os.getpid()}}}', encoding="utf-8"
    )
    assert serving.served_base(tmp_path) is None
    serving.announce(tmp_path, "http://10.0.0.5:8000")
    serving.withdraw(tmp_path)
    assert not (tmp_path / serving.FILE).exists()


async def test_a_link_opens_the_form_with_the_code_filled_and_its_roles_listed(
    served: Served,
) -> None:
    live = hosted(served.saves)
    async with served.http.get(page_url(served, f"/join/{codes.display(live.code)}")) as page:
        assert page.status == 200
        assert f"/ws/join/{live.code}" in await page.text()
    async with served.http.get(page_url(served, "/join/not-a-code")) as page:
        assert page.status == 404
    async with served.http.ws_connect(link_socket(served, live.code)) as socket_:
        browser = Page(socket_)
        await browser.shows("choose your role.")  # looked up without a key pressed
        await browser.press(ENTER)  # the role menu has the focus: Enter opens it
        await browser.shows(r"Officer \(Boat\)")


async def test_a_seat_code_link_puts_a_returning_pupil_back_in_the_seat(served: Served) -> None:
    store, code = hosted_store(served.saves, roles="assigned", role_ids=["captain", "officer"])
    slip = {role: token for role, token, _ in store.seat_codes(code)}["officer"]
    async with served.http.ws_connect(link_socket(served, slip)) as socket_:
        browser = Page(socket_)
        await browser.shows("choose your role.")
        await browser.type("Ann")  # the role is the slip's; the name has the focus
        await browser.press(ENTER)
        await browser.shows(r"Officer  ·  code ")
    await until(lambda: not served.server.running)
    async with served.http.ws_connect(link_socket(served, slip)) as socket_:
        await Page(socket_).shows(r"Officer  ·  code ")  # no form at all this time
    assert [(s.role, s.name) for s in store.seats(code)] == [("officer", "Ann")]


async def test_a_wrong_link_says_so_and_leaves_the_code_to_correct(tmp_path: Path) -> None:
    app = SeatApp(tmp_path, codes.new_code(), from_link=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, JoinScreen)
        assert "No live session has that code" in screen_text(app)
        assert app.focused is app.screen.query_one("#code", Input)


async def test_a_typed_session_code_starts_the_form_at_the_role(tmp_path: Path) -> None:
    _, code = hosted_store(tmp_path)
    app = SeatApp(tmp_path, code)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.focused is app.screen.query_one("#role", SteppingSelect)


@pytest.mark.parametrize("roles", ["open", "assigned"])
async def test_the_crisis_room_shows_the_link_while_a_server_runs(
    tmp_path: Path, roles: str
) -> None:
    from game.live.session import LiveGame
    from game.tui.live.host_app import HostApp

    store, code = hosted_store(tmp_path, roles=roles, role_ids=["captain", "officer"])
    serving.announce(tmp_path, "http://10.0.0.5:8000")
    app = HostApp(tmp_path, LiveGame.open(tmp_path, code))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        if roles == "open":
            assert f"http://10.0.0.5:8000/join/{codes.display(code)}" in screen_text(app)
        else:
            await pilot.press("k")
            await settle(pilot)
            slip = {role: token for role, token, _ in store.seat_codes(code)}["captain"]
            assert f"http://10.0.0.5:8000/join/{codes.display(slip)}" in screen_text(app)
    LiveStore(database(tmp_path)).close()


async def test_a_click_beside_the_fields_leaves_the_focus_on_the_role(tmp_path: Path) -> None:
    _, code = hosted_store(tmp_path)
    app = SeatApp(tmp_path, code)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.click("#join-error", offset=(60, 0))  # the empty end of the status line
        await settle(pilot)
        assert app.focused is app.screen.query_one("#role", SteppingSelect)


@pytest.mark.parametrize(("downs", "role"), [(1, "captain"), (2, "officer"), (5, "officer")])
async def test_down_keys_typed_at_once_choose_the_role_they_count_to(
    tmp_path: Path, downs: int, role: str
) -> None:
    # Every key is queued before any is handled, as a pupil typing fast (or a slow terminal)
    # sends them: none may be lost while a menu opens.
    store, code = hosted_store(tmp_path)
    app = SeatApp(tmp_path, code)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = [("down", None)] * downs + [("tab", None)] + [(c, c) for c in "Ann"]
        for key, char in [*keys, ("enter", None)]:
            app.post_message(events.Key(key, char))
        await settle(pilot)
        await until(lambda: bool(store.seats(code)))
    assert [(s.role, s.name) for s in store.seats(code)] == [(role, "Ann")]
