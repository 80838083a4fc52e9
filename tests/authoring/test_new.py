import subprocess
import sys

from game.engine.loader import load_file

from ..conftest import ROOT


def run(*args: str, cwd, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        input=stdin,
    )


def test_new_writes_a_scenario_that_validates_and_plays_to_an_end(tmp_path):
    made = run("new", "Able Archer 83", "--roles", "3", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    path = tmp_path / "able-archer-83.yaml"
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=scenario-v1.schema.json\n")
    assert (tmp_path / "scenario-v1.schema.json").is_file()
    loaded = load_file(path)
    assert loaded.warnings == [] and len(loaded.scenario.roles) == 3
    kinds = {node.kind for node in loaded.scenario.nodes.values()}
    assert kinds == {"decision", "event", "ending"}
    strict = run("validate", "--strict", str(path), cwd=tmp_path)
    assert strict.returncode == 0
    played = run(
        "--saves",
        str(tmp_path / "saves"),
        "play",
        str(path),
        "--plain",
        "--seed",
        "3",
        cwd=ROOT,
        stdin="1\n\n1\n",
    )
    assert played.returncode == 0 and "ENDING: Settled by talking" in played.stdout
    again = run("new", "Able Archer 83", cwd=tmp_path)
    assert again.returncode == 1 and "already exists" in again.stderr


def test_validate_shows_the_line_with_a_caret(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: x\ntitle: First\n  summary: indented wrongly\nminutes: 2\n")
    out = run("validate", str(bad), cwd=tmp_path).stdout.splitlines()
    at = next(i for i, line in enumerate(out) if "E006" in line)
    assert out[at].startswith(f"error: {bad}:4:")
    assert out[at + 1] == "    4 |   summary: indented wrongly"
    column = int(out[at].split(":")[3])
    assert out[at + 2] == "      | " + " " * (column - 1) + "^"


def test_a_problem_at_the_end_of_the_file_points_at_its_last_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: x\ntitle: [unclosed\n")
    out = run("validate", str(bad), cwd=tmp_path).stdout.splitlines()
    assert "(at the end of the file)" in out[0]
    assert out[1] == "    3 | title: [unclosed"
    assert out[2] == "      | " + " " * len("title: [unclosed") + "^"
