"""Debriefs, class reports and handouts: their content, and that scenario text cannot attack."""

from __future__ import annotations

import re
import subprocess
import sys

from game.engine.game import Game
from game.engine.loader import load_bytes
from game.engine.saves import Recorder, read
from game.reports.classreport import build as build_class
from game.reports.debrief import build
from game.reports.handouts import write_handouts
from game.reports.render_html import class_report_html, debrief_html
from game.reports.render_md import class_report_markdown, class_report_text, debrief_markdown

from ..conftest import ROOT
from ..engine.scenario_text import MINIMAL

HOSTILE = (
    MINIMAL.replace("title: Mini", 'title: "<script>alert(1)</script>"')
    .replace(
        "summary: A tiny crisis.",
        'summary: "[click](javascript:alert(1)) <img src=x onerror=alert(2)>"',
    )
    .replace("label: Stay calm", 'label: "</td><script>alert(3)</script>"')
    .replace("text: They stayed calm.", 'text: "<iframe src=//evil></iframe> **calm**"')
    .replace(
        "{id: src, title: A source, tier: primary}",
        '{id: src, title: "<b>src</b>", tier: primary, url: "https://x.org/\\"><script>"}',
    )
    .replace(
        "briefing: Decide.", 'briefing: "<style>body{display:none}</style>[x](javascript:evil())"'
    )
)


def hostile_game():
    loaded = load_bytes(HOSTILE.encode(), "hostile.yaml")
    game = Game(loaded, seed=1)
    game.choose("calm", votes={"<u>ann</u>": "calm"}, reasons={"<u>ann</u>": "<script>x</script>"})
    return game


def assert_no_live_markup(html: str) -> None:
    lowered = html.lower()
    # Tags from the scenario appear only escaped (so an onerror= can never be live).
    for bad in ("<script", "<iframe", "<img", "<u>", "<b>src", "<style>body"):
        assert bad not in lowered, bad
    # A javascript: link may appear as visible text, never as a link.
    assert not re.search(r"""href=["']?\s*javascript:""", lowered)
    assert "Content-Security-Policy" in html


def test_debrief_html_escapes_every_scenario_string():
    html = debrief_html(build(hostile_game()))
    assert_no_live_markup(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, not run
    assert "<strong>calm</strong>" in html  # Markdown formatting still works


def test_debrief_markdown_neutralises_html():
    text = debrief_markdown(build(hostile_game()))
    assert "<script" not in text and "<iframe" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_handouts_and_class_report_escape_too(tmp_path, saves):
    game = hostile_game()
    Recorder(saves).autosave(game)
    save = read(next(saves.glob("*.json")))
    assert_no_live_markup(class_report_html(build_class(game.loaded, [save])))
    for path in write_handouts(game.scenario, tmp_path):
        if path.suffix == ".html":
            assert_no_live_markup(path.read_text())
        else:
            assert "<script" not in path.read_text() and "<style>" not in path.read_text()


def test_debrief_tells_the_whole_story(example):
    game = Game(example, seed=2)
    game.choose(
        "board",
        votes={"Ann": "board", "Ben": "pass", "Cy": "board"},
        reasons={"Ann": "Show resolve.", "Ben": "It is only fuel."},
        how="vote",
        seconds=41.6,
    )
    game.inject("Radio Moscow denounces the blockade.")
    game.choose("pass", how="timeout")
    game.rewind(1)
    game.choose("board", how="override")
    game.advance()
    report = build(game, group="Table 3", players={"president": ["Ann", "Ben", "Cy"]})
    text = debrief_markdown(report)
    assert "- **Group:** Table 3" in text
    assert "- **The President:** Ann, Ben, Cy" in text
    assert (
        "| 1 | 1962-10-25 | A tanker at the line | Stop and board the tanker | Hail it, then let it pass | x left history |"
        in text
    )
    # Each vote and its reason sit under the choice that voter wanted.
    assert "- Hail it, then let it pass\n  - Ben voted for this (dissent): “It is only fuel.”" in text
    assert "- **Stop and board the tanker** (chosen)\n  - Ann voted for this: “Show resolve.”" in text
    assert "**Chosen:** Stop and board the tanker (by vote), after 42 s" in text
    assert "Tension: 3 → 4" in text and "*Why:* An armed boarding of a Soviet-flagged ship." in text
    assert "Stop and search it (set by the facilitator)" in text  # the override is visible
    # The news came while the class faced the second decision: it is told there.
    second = text.split("### 2. ")[1].split("### 3. ")[0]
    assert "**News given at this step:** Radio Moscow denounces the blockade." in second
    assert "## Paths tried and abandoned (rewinds)\n\n- Let it pass" in text
    assert "| start | 3 |" in text and "| 1 | 4 |" in text  # the escalation track
    assert "Naval History and Heritage Command" in text
    html = debrief_html(report)
    assert "<polyline" in html and "Escalation track" in html
    assert (
        "<h3>1. A tanker at the line</h3>" in html and "<h3>2. A chartered freighter</h3>" in html
    )


def test_class_report_over_saves_from_different_seeds(example_path, saves, tmp_path):
    loaded = load_bytes(MINIMAL.encode(), "mini.yaml")
    picks = {1: "calm", 2: "push", 3: "push", 4: "calm", 5: "push"}
    for seed, choice in picks.items():
        game = Game(loaded, seed=seed)
        game.choose(choice, reason=f"Group {seed} thinks so." if seed < 3 else "Too risky!")
        Recorder(saves, extra={"group": f"Group {seed}"}).autosave(game)
    files = [read(p) for p in sorted(saves.glob("*.json"))]
    report = build_class(loaded, files)
    [tally] = report.tallies
    assert tally.counts == [("calm", "Stay calm", 2), ("push", "Push", 3)]
    assert tally.history_choice == "calm"
    # Common reasons are grouped, counted and said to come from each group that gave them.
    [risky] = [r for r in tally.reasons if r.text == "Too risky!" and r.label == "Push"]
    assert (risky.number, risky.label, risky.times) == (2, "Push", 2)
    assert risky.said_by == "Group 3, Group 5"
    endings = dict(report.endings)
    assert endings["Calm (historical)"] >= 2 and sum(endings.values()) == 5
    assert {g.game.seed for g in report.groups} == set(picks)
    text = class_report_markdown(report)
    assert "★ 1. Stay calm" in text and re.search(r"2\. Push +█+·* 3", text)
    assert "| Group 2 |" in text
    terminal = class_report_text(report)
    assert "Class report: Mini\n==================" in terminal
    assert "|" not in terminal and "#" not in terminal and "```" not in terminal


def test_cli_debrief_report_and_handouts(example, saves, tmp_path):
    game = Game(example, seed=1)
    game.choose("pass")
    path = Recorder(saves).autosave(game)

    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "game", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )

    out = run("debrief", str(path), "--format", "html", "-o", str(tmp_path / "d.html"))
    assert out.returncode == 0, out.stderr
    assert "What actually happened" in (tmp_path / "d.html").read_text()
    assert "Class report" in run("report", str(path)).stdout
    made = run(
        "handouts", str(ROOT / "docs/examples/quarantine-line.yaml"), "-o", str(tmp_path / "h")
    )
    assert made.returncode == 0
    card = (tmp_path / "h" / "role-president.md").read_text()
    assert "## Secret — for your eyes only" in card and "Avoid a shooting incident" in card
    teacher = (tmp_path / "h" / "teacher.md").read_text()
    assert teacher.index("A tanker at the line") < teacher.index("A chartered freighter")
    assert "**History:** Hail it, then let it pass" in teacher
    bad = tmp_path / "bad.json"
    bad.write_text("{broken")
    refused = run("debrief", str(bad))
    assert refused.returncode == 1 and "not valid JSON" in refused.stderr


def test_a_game_saved_twice_counts_once_in_the_class_report(example, saves):
    game = Game(example, seed=3)
    recorder = Recorder(saves)
    game.choose("pass")
    recorder.autosave(game)
    recorder.save_as(game, "our group")
    report = build_class(example, [read(p) for p in saves.glob("*.json")])
    assert len(report.groups) == 1


def test_new_debrief_parts_keep_hostile_text_escaped(saves):
    loaded = load_bytes(HOSTILE.encode(), "hostile.yaml")
    game = Game(loaded, seed=1)
    game.inject("<script>news()</script>")
    game.choose(
        "push",
        how="vote",
        tally={"calm": 1, "push": 2},
        outcome=0,
        reasons={"<i>lead</i>": "<script>why()</script>"},
    )
    html = debrief_html(build(game))
    assert_no_live_markup(html)
    assert "<i>lead" not in html and "&lt;script&gt;news()" in html
    assert "&lt;/td&gt;&lt;script&gt;alert(3)" in html  # the hostile label in the hands table
    Recorder(
        saves, extra={"group": "<script>g()</script>", "players": {"boss": ["<b>x</b>"]}}
    ).autosave(game)
    report = build_class(loaded, [read(p) for p in saves.glob("*.json")])
    page = class_report_html(report)
    assert_no_live_markup(page)
    assert "&lt;script&gt;g()" in page
