import json
import subprocess
import sys

import pytest

from game.engine.explore import explore
from game.engine.loader import load_bytes, load_file

from ..conftest import ROOT
from ..engine.scenario_text import MINIMAL


def load(text: str):
    return load_bytes(text.encode(), "planted.yaml")


def test_exact_probabilities_when_every_choice_is_equally_likely():
    result = explore(load(MINIMAL))
    assert result.exact and not result.problems
    # calm (1/2) ends well; push (1/2) is a coin toss between the two endings.
    assert result.probabilities == {"end": 0.75, "war": 0.25}
    assert result.ranges["tension"] == [1, 3]
    assert result.ranges["mood"] == ["angry", "calm"]


def test_monte_carlo_is_seeded_and_close_to_exact():
    loaded = load(MINIMAL)
    first = explore(loaded, limit=2, runs=4000, seed=5)
    assert first.truncated and not first.exact
    assert first.probabilities == explore(loaded, limit=2, runs=4000, seed=5).probabilities
    assert abs(first.probabilities["end"] - 0.75) < 0.03


PLANTED_TRAP = (
    MINIMAL.replace("        goto: end\n      - id: push", "        goto: again\n      - id: push")
    + """\
  again:
    kind: decision
    title: Again
    choices:
      - id: leave
        label: Leave
        goto: end
        condition: tension > 5
      - id: stay
        label: Stay
        goto: again
    history: {choice: stay, text: Stayed., basis: documented, sources: [src]}
"""
)


def test_finds_an_inescapable_loop_and_a_never_offered_choice():
    result = explore(load(PLANTED_TRAP))
    assert result.trapped == ["again"]
    assert ("again", "leave") in result.never_offered
    assert result.problems


def test_finds_a_dead_end():
    text = MINIMAL.replace(
        "        label: Stay calm\n", "        label: Stay calm\n        condition: tension > 2\n"
    ).replace("        label: Push\n", "        label: Push\n        condition: tension > 2\n")
    result = explore(load(text))
    assert result.dead_ends == ["first"]


def test_finds_an_unreachable_ending_behind_an_impossible_condition():
    text = MINIMAL.replace(
        "        label: Push\n", "        label: Push\n        condition: tension > 3\n"
    )
    result = explore(load(text))
    assert result.unreached_endings == ["war"]
    assert ("first", "push") in result.never_offered


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT, timeout=60
    )


def test_explore_command_exit_codes_and_json(tmp_path):
    trap = tmp_path / "trap.yaml"
    trap.write_text(PLANTED_TRAP)
    bad = run("explore", str(trap))
    assert bad.returncode == 1
    assert "PROBLEM - loops with no way out: again" in bad.stdout
    report = json.loads(run("explore", "--json", str(trap)).stdout)
    assert report["inescapable_loops"] == ["again"] and report["problems"] is True
    good = run("explore", str(ROOT / "docs" / "examples" / "quarantine-line.yaml"))
    assert good.returncode == 0 and "result: ok" in good.stdout


def test_ending_odds_name_each_ending_by_its_title_then_its_id():
    from game.authoring.report import explore_text

    loaded = load_file(ROOT / "docs" / "examples" / "hotline-1963.yaml")
    text = explore_text(loaded.scenario, explore(loaded))
    lines = [line for line in text.splitlines() if "%" in line]
    assert any(line.endswith("The line is open (line-open, historical)") for line in lines)
    assert any(line.endswith("No line (no-line, other)") for line in lines)


@pytest.mark.parametrize("runs", ["0", "-1"])
def test_explore_rejects_nonsense_runs(runs, example_path):
    assert run("explore", str(example_path), "--runs", runs).returncode == 2


HALF_STUCK = (
    MINIMAL.replace("        goto: end\n      - id: push", "        goto: gate\n      - id: push")
    + """\
  gate:
    kind: decision
    title: Gate
    deciders: [boss]
    choices:
      - id: through
        label: Go through
        condition: tension > 2
        goto: end
    history: {choice: through, text: Went through., basis: documented, sources: [src]}
"""
)


def test_the_share_of_games_that_get_stuck_is_reported():
    # Staying calm (half the games) reaches the gate with tension 1: nothing is open there.
    result = explore(load(HALF_STUCK))
    assert result.dead_ends == ["gate"]
    assert result.stuck_share == 0.5 and result.unfinished_share == 0
    assert sum(result.probabilities.values()) == pytest.approx(1.0)
    estimate = explore(load(HALF_STUCK), limit=2, runs=4000, seed=3)
    assert abs(estimate.stuck_share - 0.5) < 0.03
    assert explore(load(MINIMAL)).stuck_share == 0


def test_stuck_share_in_text_and_json(tmp_path):
    path = tmp_path / "half.yaml"
    path.write_text(HALF_STUCK)
    text = run("explore", str(path)).stdout
    assert "50.00% of games get stuck on the way" in text
    report = json.loads(run("explore", "--json", str(path)).stdout)
    assert report["stuck_share"] == 0.5 and report["unfinished_share"] == 0


def test_a_chance_with_no_outcome_open_counts_as_stuck():
    text = MINIMAL.replace(
        "{weight: 1, goto: end,", "{weight: 1, condition: 'tension > 5', goto: end,"
    ).replace("{weight: 1, goto: war,", "{weight: 1, condition: 'tension > 5', goto: war,")
    result = explore(load(text))
    assert result.stuck_share == 0.5  # pushing (half the games) leaves no outcome open


def test_games_in_a_loop_with_no_way_out_never_end():
    result = explore(load(PLANTED_TRAP))
    assert result.unfinished_share == pytest.approx(0.5, abs=1e-6)
