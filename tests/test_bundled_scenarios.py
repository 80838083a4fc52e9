"""The bundled scenarios: clean, historically anchored, and every ending reachable."""

from __future__ import annotations

import pytest

from game.engine.catalog import bundled_dir, scenario_files
from game.engine.explore import explore
from game.engine.game import Game
from game.engine.loader import check_bytes, load_file
from game.engine.model import DecisionNode, EndingNode

EXPECTED = {"cuban-missile-crisis", "b59", "bay-of-pigs", "petrov-1983"}
FILES = scenario_files(bundled_dir())


def test_the_four_scenarios_are_bundled():
    assert {p.stem for p in FILES} >= EXPECTED


@pytest.fixture(params=FILES, ids=[p.stem for p in FILES], scope="module")
def bundled(request):
    return load_file(request.param)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_validates_with_no_errors_and_no_warnings(path):
    found, loaded = check_bytes(path.read_bytes(), str(path))
    assert [d.format() for d in found] == []
    assert loaded is not None and loaded.scenario.id == path.stem


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_following_history_reaches_the_historical_ending(bundled, seed):
    game = Game(bundled, seed=seed)
    while not game.finished:
        if isinstance(game.node, DecisionNode):
            choice = game.historical_choice().id
            game.choose(choice, how="history", outcome=game.documented_outcome(choice))
        else:
            game.advance(game.documented_outcome(), how="history")
    assert game.ending.category.value == "historical", game.state.node_id


def test_every_ending_is_reachable(bundled):
    endings = {n for n, node in bundled.scenario.nodes.items() if isinstance(node, EndingNode)}
    result = explore(bundled)
    assert not result.truncated
    assert endings - result.endings == set()
    assert set(bundled.scenario.nodes) - result.nodes == set()


def test_sources_are_all_listed_and_all_used(bundled):
    # W503/W504 and E203 in the validator enforce this; check the bibliography itself too.
    scenario = bundled.scenario
    assert scenario.sources, "a historical scenario has a bibliography"
    unfindable = [s.id for s in scenario.sources if not (s.url or s.publisher)]
    assert unfindable == [], "every source needs a web address or a publisher to find it by"


def test_every_decision_names_the_documented_choice_with_strong_sources(bundled):
    scenario = bundled.scenario
    for node_id, node in scenario.nodes.items():
        if not isinstance(node, DecisionNode):
            continue
        assert node.history is not None, node_id
        if node.history.basis == "counterfactual":
            continue
        tiers = {scenario.source(s).tier.value for s in node.history.sources}
        tiers |= {scenario.source(s).tier.value for a in node.history.accounts for s in a.sources}
        assert tiers & {"primary", "reputable"}, f"{node_id} rests only on secondary sources"


def test_presets_include_a_short_path(bundled):
    scenario = bundled.scenario
    assert scenario.presets, "a teacher needs a lesson preset"
    if scenario.id in ("b59", "petrov-1983"):
        assert any(p.minutes <= 15 for p in scenario.presets)


# Sites that republish whole copyrighted books. A teacher is sent to the book itself instead.
BOOK_COPY_SITES = (
    "vampirenovels",
    "bookreadfree",
    "whosread",
    "flipbuilder",
    "docslib",
    "theallfreenovel",
    "full-english-books",
)


def test_no_source_sends_a_teacher_to_a_copied_book(bundled):
    copies = [
        s.id
        for s in bundled.scenario.sources
        if s.url and any(site in s.url for site in BOOK_COPY_SITES)
    ]
    assert copies == []
