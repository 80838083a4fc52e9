"""What a teacher reads after a class: the debrief, the class report and the handouts."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from game.engine.game import Game
from game.engine.loader import load_bytes, load_file
from game.engine.model import DecisionNode
from game.engine.saves import Recorder, read
from game.reports.classreport import build as build_class
from game.reports.debrief import build
from game.reports.handouts import write_handouts
from game.reports.render_html import class_report_html, debrief_html
from game.reports.render_md import class_report_markdown, class_report_text, debrief_markdown

from ..conftest import ROOT

# A small class scenario: a leader decides after advice, a room votes by show of hands under a
# clock, and a chance outcome decides between two endings.
CLASS = """\
format: 1
id: council
title: The Council
period: {start: "1962-10-20", label: October 1962}
summary: A small council decides.
minutes: 30
authors: [Tests]
licence: CC0
sources:
  - {id: memo, title: The Council Memo, tier: primary, url: "https://example.org/memo"}
  - {id: diary, title: A Minister's Diary, author: A. Minister, tier: reputable}
  - {id: later, title: A Later History, tier: reputable}
  - {id: rival, title: A Rival Account, tier: reputable}
roles:
  - {id: chief, name: The Chief, side: Us, briefing: Lead.}
  - {id: aide, name: The Aide, side: Us, briefing: Advise.}
variables:
  - {id: tension, label: Tension, type: integer, min: 0, max: 4, start: 1, display: meter}
presets:
  - {id: brief, label: The short lesson, minutes: 15, skip: [patrol]}
start: plan
nodes:
  plan:
    kind: decision
    title: The plan
    date: "1962-10-20"
    deciders: [chief, aide]
    rule: leader
    leader: chief
    sources: [memo]
    choices:
      - {id: wait, label: Wait for a reply from the other side before doing anything at all, goto: patrol}
      - {id: press, label: Wait for a reply from the other side before doing anything else, goto: patrol}
    history:
      choice: wait
      basis: contested
      text: Historians disagree.
      accounts:
        - {text: They waited., sources: [diary]}
        - {text: They pressed., sources: [rival]}
  patrol:
    kind: decision
    title: The patrol
    date: "1962-10-21"
    deciders: [aide]
    choices:
      - {id: hold, label: Hold the line, goto: storm}
      - {id: push, label: Push ahead, goto: storm}
    history: {choice: hold, text: They held., basis: documented, sources: [memo]}
  storm:
    kind: decision
    title: The storm
    date: "1962-10-22"
    deciders: [chief]
    timer: {seconds: 30, default: sit}
    choices:
      - {id: sit, label: Sit tight, goto: night}
      - {id: sail, label: Sail out, goto: night}
    history: {choice: sit, text: They sat tight., basis: documented, sources: [memo]}
  night:
    kind: decision
    title: The night
    date: "1962-10-23"
    deciders: [chief]
    choices:
      - id: fire
        label: Open fire
        effects: {add: {tension: 2}, why: Shots are fired.}
        outcomes:
          - {weight: 1, goto: calm, text: The other side backs off., basis: counterfactual, rests_on: A guess., sources: [later]}
          - {weight: 1, goto: ruin, text: A commander fires back on his own., basis: counterfactual, rests_on: Commanders could fire., sources: [later]}
      - {id: quiet, label: Stay quiet, goto: calm}
    history: {choice: quiet, text: All stayed quiet., basis: documented, sources: [memo]}
  calm:
    kind: ending
    title: Calm returns
    category: historical
    epilogue: Calm.
    sources: [diary]
  ruin:
    kind: ending
    title: Ruin
    category: catastrophe
    epilogue: Ruin.
    sources: [later]
"""


def council():
    return load_bytes(CLASS.encode(), "council.yaml")


def play_class(loaded, outcome: int = 1, preset: str | None = None) -> Game:
    game = Game(loaded, seed=5, preset=preset)
    game.choose(
        "press",
        how="vote",
        by="chief",
        votes={"Ben": "wait", "Cy": "press"},
        reasons={"Ben": "Patience wins.", "Cy": "Act now.", "The Chief (Ann)": "I will not wait."},
    )
    if preset:
        game.choose("hold", how="skipped")
    else:
        game.choose("push", how="vote", by="show of hands", tally={"hold": 4, "push": 9})
    game.inject("A storm is coming.")
    game.choose("sit", how="timeout", seconds=30)
    game.choose("fire", outcome=outcome, reason="They leave us no choice.", by="chief")
    return game


def test_the_debrief_shows_the_show_of_hands_with_labels_and_counts():
    report = build(play_class(council()))
    text = debrief_markdown(report)
    patrol = text.split("### 2. The patrol")[1].split("### 3.")[0]
    assert "**Chosen:** Push ahead (by a show of hands)" in patrol
    assert "- Hold the line: 4 hands" in patrol and "- **Push ahead** (chosen): 9 hands" in patrol
    html = debrief_html(report)
    assert "<th>Hands</th>" in html and "<td>9</td>" in html and "<td>4</td>" in html


def test_the_leaders_reason_and_the_advice_sit_under_the_right_choices():
    report = build(play_class(council()))
    text = debrief_markdown(report)
    plan = text.split("### 1. The plan")[1].split("### 2.")[0]
    assert "(decided by the leader, The Chief, after the advice)" in plan
    waited, pressed = plan.split(
        "- **Wait for a reply from the other side before doing anything else** (chosen)"
    )
    # Under the choice taken: the leader's own reason first, then the adviser who agreed.
    assert "  - The Chief (Ann) decided: “I will not wait.”" in pressed
    assert "  - Cy advised this: “Act now.”" in pressed
    # Under the choice not taken: the dissenting adviser and his reason.
    assert "  - Ben advised this (dissent): “Patience wins.”" in waited
    html = debrief_html(report)
    assert "The Chief (Ann) <em>decided</em>: “I will not wait.”" in html
    assert "Ben <em>advised this (dissent)</em>: “Patience wins.”" in html


def test_a_chance_outcome_that_decided_the_ending_is_in_the_debrief():
    game = play_class(council(), outcome=1)
    assert game.ending is not None and game.ending.title == "Ruin"
    report = build(game)
    text = debrief_markdown(report)
    assert "## What chance decided" in text
    assert (
        "- **4. The night:** A commander fires back on his own. *[counterfactual]* → Ruin "
        "**(this led to the ending)**" in text
    )
    assert "*Chance on the way:* step 4, The night (Ruin)." in text
    assert "*Rests on:* Commanders could fire." in text
    html = debrief_html(report)
    assert "What chance decided" in html and "A commander fires back on his own." in html


def test_timeouts_news_and_presets_are_told_as_what_they_were():
    game = play_class(council(), preset="brief")
    text = debrief_markdown(build(game))
    assert "- **Lesson preset:** The short lesson (about 15 minutes)" in text
    assert not re.search(r"\bbrief\b", text)  # the preset's id is not shown
    assert (
        "## Time ran out\n\n- 3. The storm: Sit tight (time ran out: the default was taken)" in text
    )
    assert "## Facilitator's interventions" not in text
    storm = text.split("### 3. The storm")[1].split("### 4.")[0]
    assert "**News given at this step:** A storm is coming." in storm


def test_every_source_reaches_the_debrief():
    text = debrief_markdown(build(play_class(council())))
    plan = text.split("### 1. The plan")[1].split("### 2.")[0]
    assert "*Sources for this decision:*\n- The Council Memo [primary]" in plan
    assert "> Account 1: They waited.\n\n*Sources for account 1:*\n- A Minister's Diary" in plan
    assert "> Account 2: They pressed.\n\n*Sources for account 2:*\n- A Rival Account" in plan
    assert "*Sources for this ending:*\n- A Later History [reputable]" in text


def save_group(loaded, saves, group: str, players: dict, seed: int, choice: str) -> Game:
    game = Game(loaded, seed=seed, preset="brief")
    game.choose(choice, how="vote", by="chief", votes={"Ben": "wait"}, reasons={"Ben": "Patience."})
    game.choose("hold", how="skipped")
    Recorder(saves, extra={"class": True, "group": group, "players": players}).autosave(game)
    return game


def test_the_class_report_tells_groups_apart_and_counts_only_played_decisions(saves):
    loaded = council()
    save_group(loaded, saves, "Table 1", {"chief": ["Ann"], "aide": ["Ben"]}, 1, "press")
    save_group(loaded, saves, "Table 2", {"chief": ["Dan"], "aide": ["Eve"]}, 2, "wait")
    report = build_class(loaded, [read(p) for p in saves.glob("*.json")])
    names = sorted(g.label for g in report.groups)
    assert names[0].startswith("Table 1 · The Chief: Ann; The Aide: Ben · ")
    assert names[1].startswith("Table 2 · The Chief: Dan; The Aide: Eve · ")
    text = class_report_markdown(report)
    assert "Autosave" not in text
    # Each decision says which group took which choice (by the choices' numbers).
    assert "Each group's choice: Table 1: 2 · Table 2: 1" in text
    assert "Each group's choice: Table 1: 2 · Table 2: 1" in class_report_text(report)
    assert "  Lesson: The short lesson (about 15 minutes); seed 2\n" in class_report_text(report)
    assert "| The short lesson (about 15 minutes); seed 1 |" in text  # by name, never its id
    html = visible_text(class_report_html(report))
    assert "Table 1" in html.split("The plan")[1]
    # The patrol was played by the lesson plan in both groups: no choice counted for it.
    assert [t.title for t in report.tallies] == ["The plan"]
    assert "The patrol" not in text
    # Ben's advice is filed under what Ben advised, even where the leader chose otherwise.
    [plan] = report.tallies
    [reason] = plan.reasons
    assert reason.label.endswith("anything at all") and reason.text == "Patience."
    assert reason.said_by == "Table 1, Table 2"
    terminal = class_report_text(report)
    assert (
        "  Reasons given, under the choice each person wanted:\n"
        "    1. Wait for a reply from the other side before doing anything at all\n"
        "       “Patience.” (Table 1, Table 2)\n"
    ) in terminal


def test_labels_cut_for_the_bars_stay_distinct_and_bars_fit(saves):
    loaded = council()
    save_group(loaded, saves, "Table 1", {}, 1, "press")
    report = build_class(loaded, [read(p) for p in saves.glob("*.json")])
    text = class_report_text(report)
    bars = [line for line in text.splitlines() if "█" in line or "····" in line]
    plan = [line for line in bars if "Wait for a reply" in line]
    assert len(plan) == 2 and plan[0].split("█")[0].split("·")[0] != plan[1].split("█")[0]
    assert re.search(r"★ 1\. Wait for a reply.*… ", plan[0]) and " 2. Wait for a reply" in plan[1]
    assert all(len(line) <= 80 for line in bars)
    assert "In full:" in text and "anything at all" in text and "anything else" in text
    html = class_report_html(report)
    # The count has a cell of its own, so a full bar cannot push it onto the next line.
    assert re.search(r'style="width: 100%"></span></td><td style="width: 3rem">1</td>', html)


def test_two_saves_of_one_game_count_once_and_the_report_says_so(saves):
    loaded = council()
    game = Game(loaded, seed=3)
    recorder = Recorder(saves, extra={"group": "Table 4"})
    game.choose("wait", by="chief")
    recorder.autosave(game)
    recorder.save_as(game, "Table 4, end of lesson")
    report = build_class(loaded, [read(p) for p in saves.glob("*.json")])
    assert len(report.groups) == 1
    [note] = report.merged
    assert note.startswith("Table 4: 2 saves of the same game") and "count once" in note
    assert note in " ".join(class_report_text(report).split())
    assert "count once" in class_report_markdown(report)


class _Text(HTMLParser):
    """The words a reader sees: text nodes only, never attributes, style sheets or titles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        self.hidden += tag in ("style", "script")

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"https?://\S+", " ", " ".join(parser.parts))


# Keys whose values are references to ids, not words anybody reads.
REFERENCES = {
    "id", "goto", "next", "start", "choice", "skip", "deciders", "leader", "default",
    "fallback", "sources", "condition", "when",
}  # fmt: skip


def internal_ids(loaded) -> set[str]:
    """Node, choice, role and preset ids that are not also ordinary words of the scenario's own
    prose (an id like `speech` may rightly appear in a sentence)."""
    s = loaded.scenario
    ids = set(s.nodes) | {r.id for r in s.roles} | {p.id for p in s.presets}
    ids |= {c.id for n in s.nodes.values() if isinstance(n, DecisionNode) for c in n.choices}
    texts: list[str] = []

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and key not in REFERENCES:
            texts.append(value)

    walk(s.model_dump())
    prose = re.sub(r"https?://\S+", " ", " ".join(texts))
    words = set(re.findall(r"[\w-]+", prose))
    return {i for i in ids if i not in words}


def test_no_internal_id_appears_on_any_sheet(tmp_path):
    # the guide's example has a text variant, whose condition the teacher's sheet puts in words
    example = ROOT / "docs/examples/hotline-1963.yaml"
    paths = [*sorted((ROOT / "scenarios").glob("*.yaml")), example]
    assert paths
    for path in paths:
        loaded = load_file(path)
        ids = internal_ids(loaded)
        assert ids, path
        for sheet in write_handouts(loaded.scenario, tmp_path / loaded.scenario.id):
            text = sheet.read_text()
            if sheet.suffix == ".html":
                text = visible_text(text)
            words = set(re.findall(r"[\w-]+", re.sub(r"https?://\S+", " ", text)))
            leaked = sorted(ids & words)
            assert not leaked, f"{sheet.name} of {path.name} shows ids: {leaked}"


def class_games(loaded, count: int = 6) -> list[Game]:
    """Games of a scenario as classes play them: the history tour, and random paths through
    every preset with advice, reasons, shows of hands, timeouts, news and pauses."""
    import random

    scenario = loaded.scenario
    roles = [r.id for r in scenario.roles]
    games = []
    for n in range(count):
        presets = [None, *(p.id for p in scenario.presets)]
        game = Game(loaded, seed=n, preset=presets[n % len(presets)])
        pick = random.Random(n)
        while not game.finished and len(game.state.steps) < 60:
            node = game.node
            if pick.random() < 0.2:
                game.inject(f"News number {len(game.state.steps)}.")
            if not isinstance(node, DecisionNode):
                game.append(game.continue_entry())
                continue
            offered = game.offered()
            if n == 0:
                choice = game.historical_choice().id
                game.choose(choice, how="history")
                continue
            choice = pick.choice(offered).id
            way = pick.randrange(4)
            if way == 0:
                game.choose(choice, by=node.deciders[0] if node.deciders else None,
                            reason="Because we must.")  # fmt: skip
            elif way == 1:
                game.choose(choice, how="vote", by=node.leader or roles[0],
                            votes={"Ann": offered[0].id, "Ben": choice},
                            reasons={"Ann": "Wait.", "Ben": "Act.", "The lead": "Decided."})  # fmt: skip
            elif way == 2:
                game.choose(choice, how="vote", by="show of hands",
                            tally={c.id: i + 1 for i, c in enumerate(offered)})  # fmt: skip
            else:
                game.choose(node.timer.default if node.timer else choice,
                            how="timeout" if node.timer else "override", seconds=30)  # fmt: skip
        games.append(game)
    return games


def test_no_internal_id_appears_in_any_debrief_or_class_report(saves):
    """What a teacher reads names nodes, choices, roles and presets, never by their ids."""
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        loaded = load_file(path)
        ids = internal_ids(loaded)
        folder = saves / loaded.scenario.id
        outputs: dict[str, str] = {}
        for n, game in enumerate(class_games(loaded)):
            players = {r.id: [f"Student {i}"] for i, r in enumerate(loaded.scenario.roles)}
            report = build(game, group=f"Table {n}", players=players)
            outputs[f"debrief {n} (md)"] = debrief_markdown(report)
            outputs[f"debrief {n} (html)"] = visible_text(debrief_html(report))
            extra = {"class": True, "group": f"Table {n}", "players": players}
            Recorder(folder, extra=extra).autosave(game)
        together = build_class(loaded, [read(p) for p in folder.glob("*.json")])
        assert len(together.groups) == 6
        outputs["report (text)"] = class_report_text(together)
        outputs["report (md)"] = class_report_markdown(together)
        outputs["report (html)"] = visible_text(class_report_html(together))
        for name, text in outputs.items():
            text = text.replace("In full:", "")  # the report's own words (an id may be 'full')
            words = set(re.findall(r"[\w-]+", re.sub(r"https?://\S+", " ", text)))
            leaked = sorted(ids & words)
            assert not leaked, f"{name} of {path.name} shows ids: {leaked}"


def test_the_teachers_sheet_has_the_answer_key_endings_and_bibliography(tmp_path):
    loaded = load_file(ROOT / "scenarios/cuban-missile-crisis.yaml")
    write_handouts(loaded.scenario, tmp_path)
    teacher = (tmp_path / "teacher.md").read_text()
    assert "## Answer key: history's choices" in teacher
    assert "| Missiles for Cuba? | Nikita Khrushchev |" in teacher
    assert "## Endings" in teacher and "## Bibliography" in teacher
    bibliography = teacher.split("## Bibliography")[1]
    # Alphabetical by author: Abel before Dobbs before Fursenko.
    at = [bibliography.index(name) for name in ("Elie Abel", "Michael Dobbs", "Aleksandr Fursenko")]
    assert at == sorted(at)
    # The chances, where chance decides: after a choice, and at an event.
    assert (
        "*Chance:* “Answer with nuclear weapons against Soviet forces in Cuba only” is followed "
        "by chance — 1 in 4: Nuclear fire in the Caribbean; 3 in 4: Nuclear war"
    ) in teacher
    # weighed against the one outcome open beside it, not against all three
    assert "Chance outcome 3 (1 in 3, only after certain earlier choices, leads to A flash" in teacher
    short = next(line for line in teacher.splitlines() if "The thirteen days only" in line)
    assert "Castro's answer" in short and "castro-accepts" not in short
    assert short.count("20 minutes") == 1 and "(20 min)" not in short
    assert not re.search(r"\|\s*20\s*\|", short)  # its length said once, not again in a column
    assert short.rstrip(" |").endswith("—")  # every role has something to decide


def test_the_teachers_sheet_names_a_role_a_preset_leaves_idle(tmp_path):
    loaded = load_bytes(CLASS.replace("skip: [patrol]", "skip: [patrol, plan]").encode())
    write_handouts(loaded.scenario, tmp_path)
    teacher = (tmp_path / "teacher.md").read_text()
    assert (
        "| The short lesson (about 15 minutes) | The patrol; The plan | The Aide |" in teacher
    )


def test_note_sheets_are_one_per_role_in_date_order(tmp_path):
    loaded = council()
    write_handouts(loaded.scenario, tmp_path)
    notes = (tmp_path / "notes.md").read_text()
    chief = notes.split("## The Chief (Us)")[1].split("## The Aide")[0]
    aide = notes.split("## The Aide (Us)")[1]
    assert chief.index("The plan") < chief.index("The storm") < chief.index("The night")
    assert "The patrol" not in chief and "The patrol" in aide and "The storm" not in aide
    assert "*Decided by: The Chief, after advice*" in chief
    html = (tmp_path / "notes.html").read_text()
    assert html.count("<h1>Note sheet:") == 2
    card = (tmp_path / "role-aide.md").read_text()
    assert "## Your decisions" in card and "The patrol (1962-10-21) — decided by The Aide" in card


def test_an_undated_decision_is_sorted_where_it_falls_in_the_story(tmp_path):
    loaded = load_file(ROOT / "scenarios/cuban-missile-crisis.yaml")
    write_handouts(loaded.scenario, tmp_path)
    notes = (tmp_path / "notes.md").read_text().split("## Nikita Khrushchev")[0]
    # The size of an air strike has no date of its own: it follows the choice of a strike.
    titles = ["What to do about the missiles", "How big a strike?", "Private ultimatum"]
    at = [notes.index(title) for title in titles]
    assert at == sorted(at)


def test_the_escalation_chart_reads_in_black_and_white():
    report = build(play_class(council(), outcome=1))
    html = debrief_html(report)
    chart = html.split('<svg role="img" aria-label="Escalation track"')[1].split("</svg>")[0]
    # The gauge on its own labelled axis, in its own numbers (0 to 4 here).
    assert "Tension (0 calm … 4 worst)</text>" in chart
    assert all(f'text-anchor="end">{value}</text>' in chart for value in range(5))
    assert "Step, numbered as in the path table" in chart
    # Steps numbered as in the path table (four steps here).
    assert len(report.rows) == 4 and '">4</text>' in chart and '">5</text>' not in chart
    # Decisions, events and chance outcomes have their own markers, explained in a key.
    assert ">decision</text>" in chart and ">chance outcome</text>" in chart
    assert "played automatically" not in chart  # every decision was the class's own
    skipped = debrief_html(build(play_class(council(), preset="brief")))
    assert ">decision played automatically</text>" in skipped  # the lesson plan took one


def test_two_gauges_have_an_axis_each_and_lines_told_apart_without_colour():
    loaded = load_file(ROOT / "scenarios/cuban-missile-crisis.yaml")
    report = build(Game(loaded, seed=1))
    html = debrief_html(report)
    chart = html.split('<svg role="img" aria-label="Escalation track"')[1].split("</svg>")[0]
    assert "DEFCON (5 calm … 1 worst)</text>" in chart  # the left axis, and the legend
    assert 'rotate(90' in chart and "Tension (0 calm … 10 worst)</text>" in chart  # the right
    lines = re.findall(r"<polyline [^>]*>", chart)
    assert len(lines) == 2
    dashes = {re.search(r'stroke-dasharray="([^"]*)"', line) is not None for line in lines}
    assert dashes == {True, False}  # one solid, one dashed: they stay apart in grey
    assert "<circle" in chart and "<rect" in chart  # and carry different markers


def test_the_teacher_reads_a_text_variant_s_condition_in_words(tmp_path):
    loaded = load_file(ROOT / "docs/examples/hotline-1963.yaml")
    sheets = {p.name: p.read_text() for p in write_handouts(loaded.scenario, tmp_path)}
    for name in ("teacher.md", "teacher.html"):
        text = sheets[name] if name.endswith(".md") else visible_text(sheets[name])
        assert "chose(" not in text, name
        assert (
            "Told instead when “A telephone for the two leaders to talk” was chosen at "
            "“What kind of line?”" in text
        ), name


def test_a_class_debrief_lists_who_played_each_role_instead_of_every_side():
    game = play_class(council())
    report = build(game, group="Table 2", players={"chief": ["Ann"], "aide": ["Ben", "Cy"]})
    for text in (debrief_markdown(report), visible_text(debrief_html(report))):
        assert "every side" not in text
        assert "The Aide" in text and "Ben, Cy" in text
    assert "every side" in debrief_markdown(build(game))  # one player at the screen
