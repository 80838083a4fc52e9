import json
import subprocess
import sys

import pytest

from game.engine.explore import explore
from game.engine.loader import load_bytes

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


@pytest.mark.parametrize("runs", ["0", "-1"])
def test_explore_rejects_nonsense_runs(runs, example_path):
    assert run("explore", str(example_path), "--runs", runs).returncode == 2
