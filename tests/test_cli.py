"""The `crisis` command as a user runs it: real processes, real standard input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT
from .engine.scenario_text import MINIMAL


def crisis(*args: str, stdin: str = "", saves: Path | None = None) -> subprocess.CompletedProcess:
    extra = ["--saves", str(saves)] if saves else []
    return subprocess.run(
        [sys.executable, "-m", "game", *extra, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_validate_clean_and_broken(tmp_path, example_path):
    ok = crisis("validate", str(example_path))
    assert ok.returncode == 0 and "ok (0 error(s), 0 warning(s))" in ok.stdout
    broken = tmp_path / "broken.yaml"
    text = MINIMAL.replace("goto: end\n      - id: push", "goto: ned\n      - id: push")
    broken.write_text(text)
    line = text.splitlines().index("        goto: ned") + 1
    bad = crisis("validate", str(broken))
    assert bad.returncode == 1
    assert f"{broken}:{line}:15: E201 there is no node 'ned' (did you mean 'end'?)" in bad.stdout


def test_validate_strict_and_json(tmp_path):
    warned = tmp_path / "warned.yaml"
    text = MINIMAL.replace(
        "        effects: {add: {tension: 5}, set: {mood: angry}, why: Pushing.}",
        "        effects: {add: {tension: 5}}",
    )
    warned.write_text(text)
    line = text.splitlines().index("        effects: {add: {tension: 5}}") + 1
    assert crisis("validate", str(warned)).returncode == 0
    assert crisis("validate", "--strict", str(warned)).returncode == 1
    report = json.loads(crisis("validate", "--format", "json", str(warned)).stdout)
    assert report[0]["ok"] is True
    assert report[0]["diagnostics"][0]["code"] == "W506"
    assert report[0]["diagnostics"][0]["line"] == line


def test_validate_never_tracebacks_on_garbage(tmp_path):
    for name, raw in {
        "bin.yaml": bytes(range(256)),
        "bomb.yaml": b"[" * 60_000,
        "list.yaml": b"- 1\n",
    }.items():
        (tmp_path / name).write_bytes(raw)
        result = crisis("validate", str(tmp_path / name))
        assert result.returncode == 1
        assert "Traceback" not in result.stdout + result.stderr
        assert f"{tmp_path / name}:" in result.stdout


def test_schema_file_matches_the_model():
    printed = crisis("schema").stdout
    assert json.loads(printed)["title"] == "Crisis scenario (format 1)"
    assert (ROOT / "schema" / "scenario-v1.schema.json").read_text() == printed


def test_list_shows_bundled_scenarios():
    out = crisis("list").stdout
    for scenario in sorted((ROOT / "scenarios").glob("*.yaml")):
        assert scenario.stem in out


def test_plain_mode_plays_to_the_end(example_path, tmp_path):
    result = crisis(
        "play", str(example_path), "--plain", "--seed", "1", stdin="2\n1\n\n", saves=tmp_path
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "You chose: Hail it, then let it pass" in out
    assert "WHAT ACTUALLY HAPPENED (1962-10-25)" in out
    assert "= You followed history." in out
    assert "ENDING: The line holds (historical)" in out
    assert "0 of 2 decisions left history (0%)" in out
    [save] = tmp_path.glob("auto-quarantine-line-*.json")
    assert json.loads(save.read_text())["summary"]["finished"] is True


def test_plain_mode_asks_again_on_bad_input_and_saves_at_end_of_input(example_path, tmp_path):
    result = crisis("play", str(example_path), "--plain", stdin="9\nfoo\n1\n", saves=tmp_path)
    assert result.returncode == 0
    assert result.stdout.count("Please type a number from 1 to 2.") == 2
    assert "COUNTERFACTUAL" in result.stdout  # boarding the tanker never happened
    assert "x You left history." in result.stdout
    assert "Input ended. The game is saved in" in result.stdout
    [save] = tmp_path.glob("auto-*.json")
    data = json.loads(save.read_text())
    assert [e["choice"] for e in data["log"]] == ["board"]
    assert data["summary"]["node"] == "marucla"


def test_follow_history_is_a_guided_tour_that_waits_at_each_step(example_path, tmp_path):
    tour = ("play", str(example_path), "--plain", "--follow-history")
    first = crisis(*tour, stdin="\n", saves=tmp_path)
    assert "Press Enter to begin" in first.stdout
    assert "ENDING" not in first.stdout  # it waits for the reader
    result = crisis(*tour, stdin="\n" * 20, saves=tmp_path)
    assert result.returncode == 0
    out = result.stdout
    assert "2. Hail it, then let it pass" in out  # the options it was between
    assert "History's choice: Hail it, then let it pass" in out
    assert "ENDING: The line holds (historical)" in out
    assert "Taken as history did: Hail it, then let it pass" in out


def test_play_reports_a_broken_scenario_without_traceback(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nid: [x\n")
    result = crisis("play", str(broken), "--plain")
    assert result.returncode == 1
    assert "E006" in result.stderr and "Traceback" not in result.stderr
    unknown = crisis("play", "no-such-scenario", "--plain")
    assert unknown.returncode == 1 and "no scenario called 'no-such-scenario'" in unknown.stderr


def test_plain_mode_asks_each_officer_when_three_must_agree(tmp_path):
    # B-59 played by one person: the council asks each officer for a vote.
    result = crisis(
        "play", "b59", "--plain", "--seed", "1", stdin="\n\n1\n1\n1\n2\n1\n", saves=tmp_path
    )
    out = result.stdout
    assert "Vote as Captain 2nd Rank Valentin Savitsky (1-4):" in out
    assert "Vote as Captain 2nd Rank Vasili Arkhipov (1-4):" in out
    assert "Result: Hold fire and stay down for now (not unanimous: the fallback was taken)" in out
    assert "Not unanimous, so the fallback was taken: Hold fire and stay down for now" in out


def test_plain_mode_repeats_helps_and_plays_on_when_it_cannot_save(example_path, tmp_path):
    folder = tmp_path / "not-a-folder"
    folder.write_text("a file where the saves folder should be")  # every save fails
    result = crisis("play", str(example_path), "--plain", "--seed", "1",
                    stdin="?\nr\nmaybe\n2\n", saves=folder)  # fmt: skip
    out = result.stdout
    assert result.returncode == 0 and "Traceback" not in result.stderr + out
    assert "r  repeat the options" in out  # ? is help
    assert out.count("2. Hail it, then let it pass") >= 3  # shown, repeated, asked again
    assert "Please type a number from 1 to 2. The options again:" in out
    assert out.count("Could not save the game") == 1  # said once, in one line
    assert "You chose: Hail it, then let it pass" in out  # play went on
    assert "-" * 40 not in out  # no separator lines
    assert "http" not in out  # sources are listed only when asked (s)


def test_a_class_session_in_plain_text_hands_the_keyboard_on(tmp_path):
    result = crisis(
        "play", "b59", "--plain", "--class", "--preset", "short", "--seed", "2",
        stdin="Table 2\nAnn\nBen\nCy\n\n\n\n1\nThey attack\n", saves=tmp_path,
    )  # fmt: skip
    out = result.stdout
    assert result.returncode == 0, result.stderr
    handoff = out.index("Pass the keyboard to Captain 2nd Rank Valentin Savitsky (Ann).")
    assert handoff < out.index("Your secret briefing:")  # no secret before the hand-off
    assert "This lesson passes over this decision; Come up to run the diesels and recharge" in out
    [save] = tmp_path.glob("auto-b59-*.json")
    data = json.loads(save.read_text())
    assert data["extra"]["players"]["arkhipov"] == ["Ben"]  # kept for the debrief
    assert data["extra"]["group"] == "Table 2"  # and the group, for the class report
    assert "A class session (Table 2). Who plays what:" in out
    entry = [e for e in data["log"] if e["type"] == "choose"][-1]
    assert (entry["node"], entry["reason"], entry["by"]) == ("n-charges", "They attack", "savitsky")


def test_validate_an_empty_folder_says_so_and_fails(tmp_path):
    empty = crisis("validate", str(tmp_path))
    assert empty.returncode == 1
    assert "no scenario files" in empty.stderr and str(tmp_path) in empty.stderr


def test_global_options_also_work_after_the_command(tmp_path, example_path):
    saves = tmp_path / "mine"
    played = crisis("play", str(example_path), "--plain", "--saves", str(saves), stdin="1\n")
    assert played.returncode == 0, played.stderr
    assert list(saves.glob("auto-*.json")), "the autosave goes to the folder named after play"


def test_validate_groups_many_warnings_of_one_kind(tmp_path):
    from click.testing import CliRunner

    from game.cli import main

    orphans = "".join(
        f"  orphan{i}:\n    kind: event\n    title: Orphan {i}\n    next: end\n" for i in range(8)
    )
    path = tmp_path / "many.yaml"
    path.write_text(MINIMAL + orphans)
    grouped = CliRunner().invoke(main, ["validate", str(path)]).output
    assert grouped.count("W401") == 4  # three listed, then one line for the rest
    assert "… and 5 more W401 warnings like these (list them all with --all)" in grouped
    assert "ok (0 error(s), 8 warning(s))" in grouped
    every = CliRunner().invoke(main, ["validate", "--all", str(path)]).output
    assert every.count("W401") == 8 and "more W401" not in every
    report = json.loads(CliRunner().invoke(main, ["validate", "--format", "json", str(path)]).output)
    assert [d["code"] for d in report[0]["diagnostics"]] == ["W401"] * 8


def test_plain_play_can_show_every_roles_briefing_first(tmp_path):
    from click.testing import CliRunner

    from game.cli import main

    path = tmp_path / "two.yaml"
    path.write_text(
        MINIMAL.replace(
            "  - {id: boss, name: The Boss, side: Us, briefing: Decide.}\n",
            "  - {id: boss, name: The Boss, side: Us, briefing: Decide., secret: Bluff.,"
            " objectives: [Stay calm]}\n"
            "  - {id: rival, name: The Rival, side: Them, briefing: Watch.}\n",
        )
    )
    args = ["--saves", str(tmp_path / "saves"), "play", str(path), "--plain", "--seed", "1"]
    shown = CliRunner().invoke(main, [*args, "--briefings"], input="").output
    assert shown.index("== Briefings: 2 roles ==") < shown.index("\nMini\n")
    for words in ("-- The Boss (Us) --", "Decide.", "Secret, for The Boss only:", "Bluff.",
                  "  - Stay calm", "-- The Rival (Them) --", "Watch."):
        assert words in shown, words
    assert "Bluff." not in CliRunner().invoke(main, args, input="").output
    refused = CliRunner().invoke(main, ["play", str(path), "--briefings"])
    assert refused.exit_code == 2 and "--briefings is for --plain" in refused.output


def test_play_watch_on_a_broken_file_opens_the_game_to_wait_for_the_fix(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import game.tui.launch
    from game.cli import main

    opened = {}

    def fake_run_app(saves, scenario_dirs, **kwargs):
        opened.update(kwargs)
        return 0

    monkeypatch.setattr(game.tui.launch, "run_app", fake_run_app)
    path = tmp_path / "broken.yaml"
    path.write_text(MINIMAL.replace("goto: end\n      - id: push", "goto: ned\n      - id: push"))
    result = CliRunner().invoke(main, ["play", str(path), "--watch", "--role", "boss"])
    assert result.exit_code == 0, result.output
    assert opened == {"watch": path, "watch_role": "boss"}
    without = CliRunner().invoke(main, ["play", str(path)])
    assert without.exit_code == 1 and "has errors" in without.output


def test_a_plain_class_without_a_preset_picks_its_lesson_first(tmp_path):
    result = crisis(
        "play", "b59", "--plain", "--class", "--seed", "2",
        stdin="2\nTable 1\nAnn\nBen\nCat\n", saves=tmp_path,
    )  # fmt: skip
    assert "Length of the lesson:" in result.stdout
    assert "1–28 October 1962 · 15-minute path" in result.stdout


def test_validate_writes_a_long_report_whole_before_it_ends(tmp_path):
    # `crisis validate` ends its process without the interpreter's teardown (see `run`): its
    # whole output must still be written, and its status be the check's.
    orphans = "".join(
        f"  orphan{i}:\n    kind: event\n    title: Orphan {i}\n    next: end\n" for i in range(3000)
    )
    path = tmp_path / "many.yaml"
    path.write_text(MINIMAL + orphans)
    listed = crisis("validate", "--all", str(path))
    assert listed.returncode == 0
    assert listed.stdout.count("W401") == 3000
    assert listed.stdout.endswith("ok (0 error(s), 3000 warning(s))\n")
    report = crisis("validate", "--strict", "--format", "json", str(path))
    assert report.returncode == 1
    assert len(json.loads(report.stdout)[0]["diagnostics"]) == 3000
