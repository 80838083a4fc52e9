import pytest

from game.engine.explore import explore
from game.engine.game import Entry, Game, GameError
from game.engine.history import divergence, timeline
from game.engine.loader import load_bytes

from .scenario_text import MINIMAL


@pytest.fixture
def mini():
    return load_bytes(MINIMAL.encode(), "mini.yaml")


def test_same_seed_and_log_give_the_same_state(mini):
    ends = set()
    for seed in range(30):
        first = Game(mini, seed=seed)
        first.choose("push")
        again = Game(mini, seed=seed, log=list(first.log))
        assert again.state.node_id == first.state.node_id
        assert again.state.variables == first.state.variables
        ends.add(first.state.node_id)
    assert ends == {"end", "war"}  # the seed really decides the chance outcome


def test_effects_are_clamped_and_recorded_with_why(mini):
    game = Game(mini, seed=1)
    step = game.choose("push")
    assert game.state.variables["tension"] == 3  # 1 + 5, kept within 0..3
    assert game.state.variables["mood"] == "angry"
    assert [(c.variable, c.before, c.after) for c in step.changes] == [
        ("mood", "calm", "angry"),
        ("tension", 1, 3),
    ]
    assert step.why == ("Pushing.",)


def test_comparison_with_history(mini):
    game = Game(mini, seed=1)
    game.choose("push")
    [row] = timeline(game)
    assert row.followed is False
    assert row.history_label == "Stay calm"
    assert divergence(game).percent == 100
    other = Game(mini, seed=1)
    other.choose("calm")
    assert timeline(other)[0].followed is True
    assert divergence(other).describe() == "0 of 1 decisions left history (0%)"


def test_rewind_keeps_the_abandoned_branch(example):
    game = Game(example, seed=4)
    game.choose("board")
    game.choose("pass")
    assert game.finished
    game.rewind(1)
    assert game.state.node_id == "marucla"
    assert [s.choice.id for s in game.state.steps] == ["board"]
    assert [s.choice.id for s in game.state.branches[0]] == ["pass"]
    game.choose("board")
    replayed = Game(example, seed=4, log=list(game.log))
    assert [s.choice.id for s in replayed.state.steps] == ["board", "board"]
    assert len(replayed.state.branches) == 1
    assert game.log[2].type == "rewind"  # the log only ever grows


def test_moves_that_do_not_fit_are_refused(example):
    game = Game(example, seed=1)
    with pytest.raises(GameError):
        game.choose("nonsense")
    with pytest.raises(GameError):
        game.advance()
    with pytest.raises(GameError):
        game.rewind(0)
    assert game.log == []


def test_playing_one_role_lets_history_decide_for_the_others(example):
    game = Game(example, seed=1, role="nobody-else")
    assert game.automatic() == "history"
    assert game.historical_choice().id == "pass"
    assert Game(example, seed=1, role="president").automatic() is None


def test_log_entries_round_trip_through_json(example):
    game = Game(example, seed=1)
    game.choose("pass", reason="Tankers carry fuel.", votes={"ann": "pass", "bob": "board"})
    entry = Entry.from_json(game.log[0].to_json())
    assert entry == game.log[0]
    with pytest.raises(ValueError):
        Entry.from_json({"type": "format-disk"})


def test_explore_finds_every_ending(mini):
    assert explore(mini).endings == {"end", "war"}


def test_a_choice_made_for_the_players_is_told_in_the_third_person():
    text = MINIMAL.replace(
        "        label: Stay calm\n        goto: end\n",
        "        label: Stay calm\n        goto: end\n        text: You stay calm.\n"
        "        text_others: The Boss stays calm.\n        basis: documented\n"
        "        sources: [src]\n",
    ).replace(
        "  - {id: boss, name: The Boss, side: Us, briefing: Decide.}\n",
        "  - {id: boss, name: The Boss, side: Us, briefing: Decide.}\n"
        "  - {id: aide, name: The Aide, side: Us, briefing: Watch.}\n",
    )
    loaded = load_bytes(text.encode(), "mini.yaml")
    own = Game(loaded, seed=1, role="boss").choose("calm")
    assert own.narration == "You stay calm."
    watcher = Game(loaded, seed=1, role="aide")
    assert watcher.automatic() == "history"
    taken = watcher.choose("calm", how="history")
    assert taken.narration == "The Boss stays calm."
