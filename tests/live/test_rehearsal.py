"""The seat zygote's dress rehearsal: it plays a seat through and leaves nothing running that a
fork would copy; a seat lent its stylesheet looks exactly as one that parsed its own, and a seat
with another theme is not lent it. A browser seat passes over the blur its driver reports at
start, and takes every blur after it."""

from __future__ import annotations

import gc
import sqlite3
import tempfile
import threading
from pathlib import Path

import pytest
from textual import events
from textual.layout import Layout

from game.engine.catalog import bundled_dir
from game.engine.loader import load_file
from game.live.codes import display
from game.live.session import LiveGame
from game.tui.live.rehearsal import Rehearsed, rehearse
from game.tui.live.seat_app import SeatApp

from ..tui.helpers import screen_text, settle

THREADS_BEFORE: set[threading.Thread] = set()


@pytest.fixture(scope="module")
def rehearsed() -> Rehearsed:
    THREADS_BEFORE.update(threading.enumerate())
    return rehearse()


def b59_session(saves: Path) -> str:
    loaded = load_file(bundled_dir() / "b59.yaml")
    return LiveGame.host(saves, loaded, Path(loaded.path).read_bytes(), seed=1).code


def test_the_rehearsal_reaches_the_seat_and_leaves_nothing_behind(rehearsed: Rehearsed) -> None:
    assert rehearsed.reached_seat
    assert set(threading.enumerate()) <= THREADS_BEFORE  # its seat's warm-up has ended
    assert not list(Path(tempfile.gettempdir()).glob("crisis-rehearsal-*"))
    gc.collect()
    assert not [o for o in gc.get_objects() if isinstance(o, sqlite3.Connection)]


def rules_in_order(app: SeatApp) -> list[tuple[str, dict[str, object]]]:
    """Each widget's styles, in the order the screen holds them (a layout by its name: each
    stylesheet makes its own layout objects)."""
    return [
        (type(w).__name__, {k: v.name if isinstance(v, Layout) else v for k, v in rules.items()})
        for w in app.screen.walk_children(with_self=True)
        for rules in [dict(w.styles.base.get_rules())]
    ]


def without_codes(text: str, *codes: str | None) -> str:
    """The screen with its session and seat codes (new for every session) taken out."""
    for code in filter(None, codes):
        text = text.replace(code, "CODE").replace(display(code), "CODE")
    return text


async def join_form_and_seat(app: SeatApp, code: str) -> list[tuple[str, object]]:
    """What the join link's form and then the seat show, and how each widget is styled."""
    seen: list[tuple[str, object]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        form = without_codes(screen_text(app), code)
        seen += [("form", form), ("form styles", rules_in_order(app))]
        await pilot.press("down", "tab", *"Ann", "enter")
        await settle(pilot, rounds=6)
        seat = without_codes(screen_text(app), code, app.token)
        seen += [("seat", seat), ("seat styles", rules_in_order(app))]
    return seen


async def test_a_seat_lent_the_stylesheet_looks_as_one_that_parsed_its_own(
    rehearsed: Rehearsed, tmp_path: Path
) -> None:
    shown = []
    for lent in (False, True):
        saves = tmp_path / ("lent" if lent else "own")
        code = b59_session(saves)
        app = SeatApp(saves, code, from_link=True)
        if lent:
            assert rehearsed.lend(app)
            assert app.stylesheet is rehearsed.stylesheet
        shown.append(await join_form_and_seat(app, code))
    own, lent_ = shown
    assert "·  code " in str(own[2][1]) and "Ann" in str(own[2][1])  # the seat is up
    assert lent_ == own


def test_a_seat_with_another_theme_parses_its_own(rehearsed: Rehearsed, tmp_path: Path) -> None:
    app = SeatApp(tmp_path, "")
    app.theme = "textual-light" if app.theme != "textual-light" else "nord"
    assert not rehearsed.lend(app)
    assert app.stylesheet is not rehearsed.stylesheet


@pytest.mark.parametrize("in_browser", [True, False])
async def test_only_a_browser_seat_passes_over_the_first_blur(
    in_browser: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(SeatApp, "is_web", property(lambda self: in_browser))
    app = SeatApp(tmp_path, "")
    async with app.run_test() as pilot:
        await settle(pilot)
        app.post_message(events.AppBlur())  # as the web driver does on starting
        await settle(pilot)
        assert app.app_focus is in_browser
        app.post_message(events.AppFocus())
        await settle(pilot)
        assert app.app_focus
        app.post_message(events.AppBlur())  # the page lost the focus: that one counts
        await settle(pilot)
        assert not app.app_focus
