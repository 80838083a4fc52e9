"""What a teacher reads while a class plays on one screen: the setup, the show of hands, the
leader's turn after advice, news, a pause and the notices."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.widgets import Static

from game.engine.classroom import Classroom
from game.engine.loader import LoadedScenario, load_bytes
from game.reports.debrief import build
from game.tui.app import CrisisApp
from game.tui.screens.class_setup import ClassSetupScreen
from game.tui.screens.decision import DecisionScreen
from game.tui.screens.facilitator import TallyScreen
from game.tui.screens.handoff import HandoffScreen
from game.tui.screens.outcome import OutcomeScreen
from game.tui.widgets.notices import Notices

from ..class_scenario import SCENARIO
from .helpers import assert_styled_as_by_a_full_restyle, screen_text, settle


@pytest.fixture
def council(tmp_path: Path) -> LoadedScenario:
    return load_bytes(SCENARIO.encode(), str(tmp_path / "council.yaml"))


def flat(app: CrisisApp) -> str:
    return " ".join(screen_text(app).split())


async def start(pilot, app: CrisisApp, loaded: LoadedScenario, players, preset=None) -> None:
    app.start_class(loaded, Classroom(players, "Table 1", "now"), 1, preset)
    await settle(pilot)
    await pilot.press("enter")  # past the briefing
    await settle(pilot)


async def take(pilot, number: str, reason: str) -> None:
    await pilot.press("enter")  # at the keyboard, after the hand-off
    await settle(pilot)
    await pilot.press(number)
    await settle(pilot)
    await pilot.press(*reason, "enter")
    await settle(pilot)


async def test_the_last_line_of_advice_is_set_apart_from_the_node(council, saves: Path) -> None:
    app = CrisisApp(saves=saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, app, council, {"captain": ["Ann", "Ben"], "officer": ["Cy"]})
        await take(pilot, "2", "Wait for Moscow")
        await take(pilot, "3", "Too risky")
        await pilot.press("enter")  # Ann, the leader, at the keyboard
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        advice = list(app.screen.query(".advice"))
        assert [a.styles.margin.bottom for a in advice] == [0, 1]
        await assert_styled_as_by_a_full_restyle(pilot, app.screen)


async def test_names_typed_fast_stay_in_their_fields(council, saves: Path) -> None:
    app = CrisisApp(saves=saves, class_setup=council)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ClassSetupScreen)
        # Every key is queued before any is handled, as when a teacher types without pausing.
        for char in "Table 1\tAnn, Ben\tChloe, Dan\tEve\t":
            key = "tab" if char == "\t" else _character_to_key(char)
            app.post_message(events.Key(key, None if char == "\t" else char))
        await settle(pilot, 6)
        values = {i.id: i.value for i in app.screen.query("Input")}
        assert values["group"] == "Table 1"
        assert values["role-captain"] == "Ann, Ben"
        assert values["role-officer"] == "Chloe, Dan"
        assert values["role-envoy"] == "Eve"


async def test_the_setup_says_who_leads_and_which_role_has_nothing_to_decide(
    council, saves: Path
) -> None:
    app = CrisisApp(saves=saves, class_setup=council)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        text = flat(app)
        assert "The first name you type leads: at “The council” that student decides for" in text
        assert "Nothing to decide" not in text
        app.screen.query_one("#preset").value = "short"
        await settle(pilot)
        text = flat(app)
        assert "The short lesson (about 10 minutes)" in text
        assert "(about 10 minutes) (10" not in text
        assert "Nothing to decide in this lesson: every decision of The Envoy is played as" in text
        assert app.screen.query_one("#role-envoy").disabled


async def test_the_leader_reads_the_advice_and_the_outcome_names_the_leader(
    council, saves: Path
) -> None:
    app = CrisisApp(saves=saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, app, council, {"captain": ["Ann", "Ben"], "officer": ["Cy"]})
        assert isinstance(app.screen, HandoffScreen)
        await take(pilot, "2", "Wait for Moscow")  # Cy advises
        await take(pilot, "3", "Too risky")  # Ben, of the captain's team, advises
        assert isinstance(app.screen, HandoffScreen)
        assert "Ann" in flat(app) and "after hearing the advice" in flat(app)
        await pilot.press("enter")
        await settle(pilot)
        text = flat(app)  # at 80×24, without scrolling
        assert "The advice you were given (2)" in text
        assert "Cy: Hold fire and wait — because Wait for Moscow" in text
        assert "Ben: Surface and signal the ships — because Too risky" in text
        await pilot.press("1")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OutcomeScreen)
        text = flat(app)
        assert "Decided by the leader, The Captain," in text  # the column wraps here
        assert "THE LEADER (THE CAPTAIN) LEFT" in text and "by vote" not in text.lower()
        votes = " ".join(str(app.screen.query_one(".votes").render()).split())
        assert votes.startswith("The advice Cy: Hold fire and wait “Wait for Moscow” Ben:")
        notices = " ".join(str(line) for line in app.screen.query_one(Notices).lines)
        assert "The advice: Hold fire and wait 1, Surface and signal the ships 1" in notices
    entry = app.game.log[0]
    assert entry.votes == {"Cy": "hold", "Ben": "surface"} and entry.by == "captain"


@pytest.mark.parametrize("size", [(80, 24), (120, 35)])
async def test_a_show_of_hands_labels_each_count(council, saves: Path, size) -> None:
    app = CrisisApp(saves=saves)
    async with app.run_test(size=size) as pilot:
        # The short lesson passes over the letter; the council is settled by the facilitator.
        await start(pilot, app, council, {"captain": ["Ann"], "officer": ["Cy"]}, "short")
        app.play.flow.skip()
        app.play.show()
        await settle(pilot)
        await pilot.press("enter")  # the skip's outcome
        await settle(pilot)
        await pilot.press("enter")  # the letter's, passed over by the lesson
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press(*["down"] * 5, "enter")  # Enter a show-of-hands tally…
        await settle(pilot)
        assert isinstance(app.screen, TallyScreen)
        text = screen_text(app)
        for number, label in enumerate(
            ("Sail home", "Stay on station", "Signal the American", "Dive deep", "Surface at night",
             "Split the watch"), start=1,
        ):  # fmt: skip
            assert f"{number}. {label}" in text
        # Typed without pausing: every key queued before any is handled.
        for char in "3\n2\n\n\n7\n\n":
            key = "enter" if char == "\n" else char
            app.post_message(events.Key(key, None if char == "\n" else char))
        await settle(pilot, 6)
        assert isinstance(app.screen, OutcomeScreen)
        text = flat(app)
        assert "Decided by a show of hands: Surface" in text
        decided = str(app.screen.query_one("#decided", Static).content)
        assert decided.startswith("Decided by a show of hands: Surface at night")
        assert "THE SHOW OF HANDS LEFT HISTORY" in text
        # The counts are told once, under what they decided, and not again on the status line.
        told = [str(w.content) for w in app.screen.query(Static)]
        hands = [t for t in told if "weather turns 3" in t]
        assert hands == [
            "Show of hands: Sail home to the base in the north before the weather turns 3, "
            "Stay on station and keep watching the quarantine line 2, "
            "Signal the American destroyers and ask for their intentions 0, "
            "Dive deep and wait for orders from the fleet command 0, "
            "Surface at night to radio Moscow for new instructions 7, "
            "Split the watch and let the officers decide by turns 0"
        ]
        notices = " ".join(str(line) for line in app.screen.query_one(Notices).lines)
        assert "weather turns 3" not in notices
    entry = app.game.log[-1]
    assert entry.tally == {"home": 3, "stay": 2, "signal": 0, "dive": 0, "radio": 7, "split": 0}
    assert entry.choice == "radio"


async def test_news_stays_on_screen_and_is_logged_at_its_decision(council, saves: Path) -> None:
    app = CrisisApp(saves=saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, app, council, {"captain": ["Ann"], "officer": ["Cy"]}, "short")
        await pilot.press("enter")  # Cy, at the keyboard
        await settle(pilot)
        await pilot.press("f2", "down", "down", "enter")  # Inject a news update…
        await settle(pilot)
        await pilot.press(*"Radio Moscow speaks", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen)
        # Past the time a toast stays up (toasts are not drawn under test anyway: what is read
        # here is the decision screen itself).
        await pilot.pause(app.NOTIFICATION_TIMEOUT + 1)
        assert not any("Radio Moscow" in n.message for n in app._notifications)
        text = flat(app)
        assert "NEWS Radio Moscow speaks" in text
        assert "Fire the torpedo" in text  # the choices are not covered
        await pilot.press("2", *"no", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HandoffScreen)  # to the leader: the news is for everyone
        assert "NEWS Radio Moscow speaks" in flat(app)
        await take(pilot, "3", "")
        assert isinstance(app.screen, OutcomeScreen)
        # News given while the outcome is read belongs to this decision, not the next one.
        await pilot.press("f2", "down", "down", "enter")
        await settle(pilot)
        await pilot.press(*"Ships turn back", "enter")
        await settle(pilot)
        assert "Ships turn back" in flat(app)
        await pilot.press("enter")  # on to the last vote (the letter is passed over)
        await settle(pilot)
        await pilot.press("enter")  # the letter's outcome
        await settle(pilot)
        await pilot.press("enter")  # (Ann votes first, and is still at the keyboard)
        await settle(pilot)
        assert isinstance(app.screen, DecisionScreen) and "VOTE-TEXT" in flat(app)
        assert "NEWS Ships turn back" in flat(app)  # still on screen at the next decision
        assert "Radio Moscow speaks" not in flat(app)
    debrief = build(app.game)
    council_row = next(r for r in debrief.rows if r.title == "The council")
    assert council_row.news == ["Radio Moscow speaks", "Ships turn back"]
    assert all(r.news == [] for r in debrief.rows if r.title != "The council")


async def test_a_pause_keeps_the_decision_readable(council, saves: Path) -> None:
    app = CrisisApp(saves=saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, app, council, {"captain": ["Ann"], "officer": ["Cy"]})
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f2", "enter")  # Pause the clock
        await settle(pilot)
        text = flat(app)
        assert "PAUSED" in text and "COUNCIL-TEXT" in text and "Fire the torpedo" in text
        await pilot.press("1")  # the choices are disabled while paused
        await settle(pilot)
        assert app.game.log[-1].control == "pause" and app.play.flow.paused
        await pilot.press("enter")  # resumes
        await settle(pilot)
        assert not app.play.flow.paused
        assert "PAUSED" not in flat(app)


async def test_a_notice_covers_no_choice(council, saves: Path) -> None:
    app = CrisisApp(saves=saves)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(pilot, app, council, {"captain": ["Ann"], "officer": ["Cy"]})
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f2", "down", "enter")  # Show history only at the end
        await settle(pilot)
        text = screen_text(app)
        assert "History is shown only at the end." in text
        for label in ("Fire the torpedo", "Hold fire and wait", "Surface and signal the ships"):
            assert label in text


async def test_the_briefing_of_a_class_names_the_teams(council, saves: Path) -> None:
    app = CrisisApp(saves=saves)
    async with app.run_test(size=(120, 35)) as pilot:
        app.start_class(council, Classroom({"captain": ["Ann", "Ben"]}, "T", "now"), 1, "short")
        await settle(pilot)
        text = flat(app)
        assert "You play every side in turn" not in text
        assert "Who plays what" in text and "The Captain (Boat): Ann, Ben" in text
        assert "The Envoy (Shore): nothing to decide in this lesson" in text
        assert "1962-10-27 · The short lesson (about 10 minutes)" in text


async def test_each_length_of_lesson_is_offered_once(saves: Path) -> None:
    from game.engine.catalog import resolve
    from game.engine.loader import load_file

    app = CrisisApp(saves=saves, class_setup=load_file(resolve("cuban-missile-crisis")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#preset").focus()
        await pilot.press("enter")  # open the list
        await settle(pilot)
        text = screen_text(app)
        assert text.count("Full path, May to November (about 45 minutes)") == 2  # chosen, listed
        assert text.count("The thirteen days only (about 20 minutes)") == 1
        assert "Everything" not in text and "min)" not in text


async def test_up_and_down_step_a_closed_menu_in_the_order_typed(saves: Path) -> None:
    from game.engine.catalog import resolve
    from game.engine.loader import load_file

    app = CrisisApp(saves=saves, class_setup=load_file(resolve("cuban-missile-crisis")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        menu = app.screen.query_one("#preset")
        menu.focus()
        first = menu.value
        # Queued before any is handled: Down steps the length, Tab moves on to the next menu,
        # and that menu's own Down steps it (no key lost to a list opening).
        for key in ("down", "tab", "down"):
            app.post_message(events.Key(key, None))
        await settle(pilot)
        assert menu.value != first and not menu.expanded
        assert app.screen.query_one("#reveal").value == "end"
        assert "The thirteen days only" in screen_text(app)
