"""Every diagnostic code is triggered by a real mistake and reported at the right place."""

from __future__ import annotations

import pytest
import yaml

from game.engine import yamlsafe
from game.engine.diagnostics import CODES
from game.engine.loader import check_bytes, load_bytes

from ..conftest import ROOT
from .scenario_text import MINIMAL


def diagnose(text: str | bytes) -> list[tuple[str, int, int]]:
    raw = text.encode() if isinstance(text, str) else text
    found, _ = check_bytes(raw, "s.yaml")
    return [(d.code, d.line, d.column) for d in found]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def col_of(text: str, needle: str, at: str | None = None) -> int:
    line = text.splitlines()[line_of(text, needle) - 1]
    return line.index(at or needle) + 1


def test_minimal_scenario_is_clean():
    assert diagnose(MINIMAL) == []


# (name, replace this, with that, expected code, text to point at on that line)
PLANTED = [
    ("control character", "title: First\n", 'title: "First\\e]0;x\\a"\n', "E015", "First"),
    ("long number", "minutes: 2", "minutes: " + "9" * 1200, "E016", "minutes"),
    ("unknown key", "title: First\n", "title: First\n    titel: x\n", "E101", "titel"),
    ("missing key", "    title: Calm\n", "", "E102", "kind: ending"),
    ("wrong type", "minutes: 2", "minutes: [2]", "E103", "[2]"),
    ("bad kind", "kind: ending\n    title: War", "kind: endng\n    title: War", "E104", "endng"),
    ("bad id", "id: mini", "id: 'mini scenario'", "E104", "'mini scenario'"),
    ("inconsistent", "start: 1, display", "start: 7, display", "E105", "7, display"),
    ("unknown goto", "goto: end\n      - id: push", "goto: ned\n      - id: push", "E201", "ned"),
    ("unknown role", "deciders: [boss]", "deciders: [bos]", "E202", "bos"),
    (
        "unknown source",
        "sources: [src]}\n          - {weight",
        "sources: [scr]}\n          - {weight",
        "E203",
        "scr",
    ),
    ("unknown variable", "add: {tension: 5}", "add: {tensoin: 5}", "E204", "tensoin"),
    ("unknown choice", "history: {choice: calm", "history: {choice: clam", "E205", "clam"),
    ("duplicate id", "id: push", "id: calm", "E206", "id: calm"),
    ("effect misfit", "set: {mood: angry}", "set: {mood: furious}", "E207", "furious"),
    ("counterfactual without basis", ", rests_on: Guesswork.", "", "E208", "counterfactual"),
    (
        "rule needs info",
        "deciders: [boss]",
        "deciders: [boss]\n    rule: unanimous",
        "E209",
        "unanimous",
    ),
    (
        "unreadable condition",
        "label: Push\n",
        "label: Push\n        condition: 'tension >'\n",
        "E301",
        "'tension >'",
    ),
    (
        "mixed types",
        "label: Push\n",
        "label: Push\n        condition: 'tension and true'\n",
        "E302",
        "'tension and true'",
    ),
    (
        "unknown name",
        "label: Push\n",
        "label: Push\n        condition: 'tensoin > 1'\n",
        "E303",
        "'tensoin > 1'",
    ),
    (
        "single equals in a condition",
        "label: Push\n",
        "label: Push\n        condition: tension = 2\n",
        "E301",
        "tension = 2",
    ),
    (
        "unquoted value in a condition",
        "label: Push\n",
        "label: Push\n        condition: mood == angry\n",
        "E303",
        "mood == angry",
    ),
    (
        "unreachable ending",
        "  war:\n",
        "  lost:\n    kind: ending\n    title: Lost\n    category: other\n  war:\n",
        "W402",
        "lost:",
    ),
    (
        "no history",
        "    history: {choice: calm, text: They stayed calm., basis: documented, sources: [src]}\n",
        "",
        "W501",
        "kind: decision",
    ),
    (
        "no basis",
        "text: It worked., basis: documented, sources: [src]",
        "text: It worked.",
        "W502",
        "It worked.",
    ),
    (
        "no sources",
        "text: It worked., basis: documented, sources: [src]",
        "text: It worked., basis: documented",
        "W503",
        "documented",
    ),
    (
        "uncited",
        "  - {id: src,",
        "  - {id: unused, title: Unused, tier: primary}\n  - {id: src,",
        "W504",
        "unused",
    ),
    ("gauge without why", ", why: Pushing.", "", "W506", "add:"),
    ("impossible period start", '{start: "1962-10-16"}', '{start: "1962-10-32"}', "E210", "10-32"),
    (
        "node date not ISO",
        "    title: First\n",
        "    title: First\n    date: 08/11/1962\n",
        "E210",
        "08/11/1962",
    ),
    (
        "impossible history date",
        "history: {choice: calm,",
        "history: {choice: calm, date: 1962-02-30,",
        "E210",
        "1962-02-30",
    ),
    (
        "period backwards",
        '{start: "1962-10-16"}',
        '{start: "1962-10-16", end: "1962-10-01"}',
        "E211",
        "1962-10-01",
    ),
    (
        "node outside the period",
        "    title: First\n",
        "    title: First\n    date: 1962-10-01\n",
        "W508",
        "1962-10-01",
    ),
]


@pytest.mark.parametrize(
    ("name", "old", "new", "code", "point"), PLANTED, ids=[p[0] for p in PLANTED]
)
def test_planted_mistake_is_found_where_it_is(name, old, new, code, point):
    assert old in MINIMAL, name
    text = MINIMAL.replace(old, new, 1)
    found = diagnose(text)
    codes = [c for c, _, _ in found]
    assert code in codes, found
    if point is not None:
        line, col = next((ln, co) for c, ln, co in found if c == code)
        shown = text.splitlines()[line - 1]
        assert point.rstrip("\n") in shown, (found, shown)
        assert 1 <= col <= len(shown)


def test_stuck_loop_reports_no_way_out():
    text = MINIMAL.replace("goto: end\n      - id: push", "goto: loop\n      - id: push").replace(
        "  end:\n", "  loop:\n    kind: event\n    title: Loop\n    next: loop\n  end:\n"
    )
    assert ("E401", line_of(text, "  loop:"), 3) in diagnose(text)


def test_outcomes_that_all_need_a_condition_are_a_warning():
    text = MINIMAL.replace(
        "{weight: 1, goto: end,", "{weight: 1, condition: 'tension > 2', goto: end,"
    )
    text = text.replace(
        "{weight: 1, goto: war,", "{weight: 1, condition: 'tension < 1', goto: war,"
    )
    assert ("W505", line_of(text, "condition: 'tension > 2'"), 11) in diagnose(text)
    [problem] = [d for d in check_bytes(text.encode(), "s.yaml")[0] if d.code == "W505"]
    assert "when tension is 1" in problem.message


def outcomes_if(first: str, second: str, extra: str = "") -> str:
    """MINIMAL with the two chance outcomes of 'push' under these two conditions."""
    text = MINIMAL.replace(
        "{weight: 1, goto: end,", f"{{weight: 1, condition: '{first}', goto: end,"
    )
    text = text.replace("{weight: 1, goto: war,", f"{{weight: 1, condition: '{second}', goto: war,")
    return text.replace("variables:\n", "variables:\n" + extra)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("tension > 2", "tension <= 2"),
        ('tension >= 2 and mood == "calm"', 'tension < 2 or mood == "angry"'),
        ("alarm", "not alarm"),
        ('mood == "calm"', 'mood != "calm"'),
        ("big > 500", "big <= 500"),
        ('visited("first")', "tension > 100"),  # the outcome's own node is always visited
    ],
)
def test_outcomes_whose_conditions_cover_every_case_raise_no_warning(first, second):
    extra = (
        "  - {id: alarm, label: Alarm, type: boolean, start: false, display: hidden}\n"
        "  - {id: big, label: Big, type: integer, min: 0, max: 100000, start: 0, display: hidden}\n"
    )
    text = outcomes_if(first, second, extra)
    codes = [c for c, _, _ in diagnose(text)]
    assert codes == [], codes


def test_an_earlier_decision_every_path_passes_through_has_been_taken():
    text = MINIMAL.replace("goto: end\n      - id: push", "goto: later\n      - id: push").replace(
        "  end:\n",
        "  later:\n    kind: event\n    title: Later\n    outcomes:\n"
        '      - {condition: \'chose("first", "calm")\', goto: end}\n'
        '      - {condition: \'chose("first", "push")\', goto: war}\n  end:\n',
    )
    assert "W505" not in [c for c, _, _ in diagnose(text)]
    # 'push' can lead to 'later' too, and then neither outcome holds
    unsure = text.replace('chose("first", "push")', 'visited("war")').replace(
        "{weight: 1, goto: end, text: It worked.", "{weight: 1, goto: later, text: It worked."
    )
    [problem] = [d for d in check_bytes(unsure.encode(), "s.yaml")[0] if d.code == "W505"]
    assert "'war' has not been visited" in problem.message


def test_a_gap_between_wide_ranges_is_found():
    extra = (  # big is 500 when 'push' is chosen, and neither outcome then holds
        "  - {id: big, label: Big, type: integer, min: 0, max: 100000, start: 500, display: hidden}\n"
    )
    text = outcomes_if("big > 500", "big < 500", extra)
    [problem] = [d for d in check_bytes(text.encode(), "s.yaml")[0] if d.code == "W505"]
    assert "when big is 500" in problem.message


def test_complementary_outcomes_pass_strict_validation(tmp_path):
    from click.testing import CliRunner

    from game.cli import main

    path = tmp_path / "branch.yaml"
    path.write_text(outcomes_if("tension > 2", "tension <= 2"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--strict", str(path)])
    assert result.exit_code == 0, result.output
    path.write_text(outcomes_if("tension > 1", "tension < 1"), encoding="utf-8")  # it is 1
    result = CliRunner().invoke(main, ["validate", "--strict", str(path)])
    assert result.exit_code == 1 and "W505" in result.output


def test_unreachable_node_is_a_warning():
    text = MINIMAL + "  orphan:\n    kind: event\n    title: Orphan\n    next: end\n"
    assert ("W401", line_of(text, "orphan:"), 3) in diagnose(text)


def test_quote_without_source_is_a_warning():
    text = MINIMAL.replace(
        "deciders: [boss]\n",
        "deciders: [boss]\n    advisers:\n"
        "      - {who: Ann, position: Wait, quote: Wait and see.}\n",
        1,
    )
    assert any(code == "W507" for code, _, _ in diagnose(text))


def test_did_you_mean_for_keys_and_ids():
    found, _ = check_bytes(
        MINIMAL.replace("goto: end\n      - id: push", "goto: edn\n      - id: push").encode(),
        "s.yaml",
    )
    assert any(d.code == "E201" and d.hint == "did you mean 'end'?" for d in found)
    found, _ = check_bytes(MINIMAL.replace("title: First", "titel: First").encode(), "s.yaml")
    assert any(d.code == "E101" and d.hint == "did you mean 'title'?" for d in found)


def test_all_problems_in_one_run():
    text = (
        MINIMAL.replace("title: Calm", "title: Calm\n    colour: red")
        .replace("deciders: [boss]", "deciders: [bos]")
        .replace("goto: end\n      - id: push", "goto: ned\n      - id: push")
    )
    codes = {c for c, _, _ in diagnose(text)}
    assert {"E101", "E201"} <= codes  # a malformed key does not hide a broken reference


HOSTILE = [
    (b"", "E005", 1, 1),
    (b"# only a comment\n", "E005", 1, 1),
    (b"  \n# one\r  # two\x0b\xc2\x85 # three\n\xe2\x80\xa8\t# four", "E005", 1, 1),
    (b"# a comment, then a line break YAML does not count\x0cjust text\n", "E015", 1, 51),
    (b"- a\n- b\n", "E012", 1, 1),
    (b"just text\n", "E012", 1, 1),
    (b"a: 1\n\xff\n", "E002", 2, 1),
    (b"a: 1\n\x00\x01\x02", "E003", 2, 1),
    (b"a: [1, 2\nb: 3\n", "E006", 2, 2),
    (b"a:\n\tb: 1\n", "E006", 2, 1),
    (b"a: 1\n---\nb: 2\n", "E007", 2, 1),
    (b"a: 1\nb: 2\na: 3\n", "E008", 3, 1),
    (b"a: !!python/object/apply:os.system [ls]\n", "E009", 1, 4),
    (
        b"a: &a [1]\nb: *a\n"
        + b"".join(
            b"x%d: &x%d [" % (i, i)
            + b", ".join([b"*a" if i == 0 else b"*x%d" % (i - 1)] * 10)
            + b"]\n"
            for i in range(8)
        ),
        "E010",
        None,
        None,
    ),
    (b"[" * 100_000, "E011", 1, 65),
    (b"? [a, b]\n: 1\n", "E014", 1, 3),
    (b"id: x\n", "E013", 1, 1),
    (b"format: 2\nid: x\n", "E013", 1, 9),
]


@pytest.mark.parametrize(
    ("raw", "code", "line", "col"),
    HOSTILE,
    # Short ids: the inputs themselves can be 100,000 characters long.
    ids=[f"{case[1]}-{n}" for n, case in enumerate(HOSTILE)],
)
@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_hostile_or_broken_files_give_one_clear_problem(raw, code, line, col, parser, monkeypatch):
    # The same problem, at the same place, whichever of PyYAML's parsers is in use.
    if parser == "python":
        monkeypatch.setattr(yamlsafe, "Loader", yaml.SafeLoader)
    found = diagnose(raw)
    assert found and found[0][0] == code, found
    if line is not None:
        assert found[0][1:] == (line, col)


def test_huge_file_is_refused_before_parsing():
    found = diagnose(b"a: " + b"x" * (33 * 1024 * 1024))
    assert found == [("E004", 0, 0)]


def test_load_bytes_raises_with_every_error():
    from game.engine.diagnostics import ScenarioError

    text = MINIMAL.replace("deciders: [boss]", "deciders: [nobody]").replace(
        "history: {choice: calm", "history: {choice: nothing"
    )
    with pytest.raises(ScenarioError) as caught:
        load_bytes(text.encode(), "s.yaml")
    assert {d.code for d in caught.value.diagnostics} == {"E202", "E205"}
    assert "s.yaml:" in str(caught.value)


def test_every_code_is_tested_or_documented():
    docs = (__import__("pathlib").Path(__file__).parents[2] / "docs" / "diagnostics.md").read_text()
    for code in CODES:
        assert f"## {code}" in docs, f"{code} is not documented in docs/diagnostics.md"


def test_a_missing_file_is_reported_not_raised(tmp_path):
    from game.engine.diagnostics import ScenarioError
    from game.engine.loader import load_file

    with pytest.raises(ScenarioError) as caught:
        load_file(tmp_path / "b95.yaml")
    [problem] = caught.value.diagnostics
    assert problem.code == "E001" and "No such file" in problem.message


def test_every_entry_in_the_reference_has_an_example():
    from pathlib import Path

    docs = (Path(__file__).parents[2] / "docs" / "diagnostics.md").read_text()
    for code in CODES:
        entry = docs.split(f"## {code}\n", 1)[1].split("\n## ", 1)[0]
        assert "Wrong" in entry and "Right" in entry, f"{code} has no wrong/right example"


def test_a_malformed_node_still_reports_its_broken_links():
    # A misspelt key and a wrong goto in the same node: both in one run.
    text = MINIMAL.replace("title: First", "titel: First").replace(
        "goto: end\n      - id: push", "goto: ned\n      - id: push"
    )
    codes = [c for c, _, _ in diagnose(text)]
    assert "E101" in codes and "E201" in codes


def test_date_problems_are_reported_at_the_date_itself():
    text = MINIMAL.replace("    title: First\n", "    title: First\n    date: 1983-11-31\n")
    found = diagnose(text)
    line = line_of(text, "1983-11-31")
    assert ("E210", line, col_of(text, "1983-11-31")) in found
    [problem] = [d for d in check_bytes(text.encode(), "s.yaml")[0] if d.code == "E210"]
    assert "November 1983 has 30 days" in problem.message
    assert problem.hint == "its last day is 1983-11-30"


def test_a_day_and_month_in_either_order_gets_both_readings():
    text = MINIMAL.replace("    title: First\n", "    title: First\n    date: 08/11/1962\n")
    [problem] = [d for d in check_bytes(text.encode(), "s.yaml")[0] if d.code == "E210"]
    assert problem.hint == "write 1962-11-08 (8 November 1962) or 1962-08-11 (11 August 1962)"


def test_a_year_or_month_alone_is_allowed():
    for written in ("1962", "1962-10"):
        text = MINIMAL.replace(
            "history: {choice: calm,", f"history: {{choice: calm, date: '{written}',"
        )
        assert diagnose(text) == [], written


def test_a_path_back_in_time_is_a_warning_at_the_earlier_date():
    text = MINIMAL.replace(
        "    title: First\n", "    title: First\n    date: 1962-10-20\n"
    ).replace("    title: Calm\n", "    title: Calm\n    date: 1962-10-18\n")
    found = diagnose(text)
    assert ("W509", line_of(text, "1962-10-18"), col_of(text, "1962-10-18")) in found
    assert [c for c, _, _ in found] == ["W509"]
    # The same dates in story order are fine.
    fixed = text.replace("1962-10-18", "1962-10-21")
    assert diagnose(fixed) == []


def test_a_path_back_in_time_is_found_through_undated_nodes():
    text = MINIMAL.replace("goto: end\n      - id: push", "goto: pause\n      - id: push").replace(
        "  end:\n",
        "  pause:\n    kind: event\n    title: Pause\n    next: end\n  end:\n",
    )
    text = text.replace("    title: First\n", "    title: First\n    date: 1962-10-20\n").replace(
        "    title: Calm\n", "    title: Calm\n    date: 1962-10-18\n"
    )
    assert ("W509", line_of(text, "1962-10-18"), col_of(text, "1962-10-18")) in diagnose(text)


CONTESTED = """\
    history:
      choice: calm
      text: They stayed calm.
      basis: contested
      accounts:
        - text: One officer's account says three officers had to agree.
          sources: [src]
        - text: A historian says only a directive from Moscow was needed.
          sources: [src]
"""


def test_a_contested_history_is_sourced_by_its_accounts():
    old = "    history: {choice: calm, text: They stayed calm., basis: documented, sources: [src]}\n"
    text = MINIMAL.replace(old, CONTESTED)
    assert diagnose(text) == []
    unsourced = text.replace("needed.\n          sources: [src]", "needed.\n          sources: []")
    line = line_of(unsourced, "A historian says")
    assert ("W503", line, col_of(unsourced, "A historian says")) in diagnose(unsourced)


def test_a_preset_that_leaves_a_role_nothing_to_decide_is_a_warning():
    # A second role decides only at the first node; a preset skipping it leaves that role idle.
    text = MINIMAL.replace(
        "roles:\n  - {id: boss, name: The Boss, side: Us, briefing: Decide.}\n",
        "roles:\n  - {id: boss, name: The Boss, side: Us, briefing: Decide.}\n"
        "  - {id: aide, name: The Aide, side: Us, briefing: Advise.}\n"
        "presets:\n  - id: quick\n    label: Quick\n    minutes: 1\n    skip: [first]\n",
    ).replace("deciders: [boss]", "deciders: [aide]")
    found = diagnose(text)
    assert ("W601", line_of(text, "skip: [first]"), 5) in found
    found, _ = check_bytes(text.encode(), "s.yaml")
    [warning] = [d for d in found if d.code == "W601"]
    assert "'quick'" in warning.message and "'aide'" in warning.message
    # The boss decides nothing anywhere, so no preset is blamed for it.
    assert "'boss'" not in warning.message
    # Keeping the decision in play silences the warning.
    assert "W601" not in {c for c, _, _ in diagnose(text.replace("skip: [first]", "skip: []"))}


def test_a_missile_crisis_preset_skipping_all_of_castro_is_warned_about():
    # The 20-minute preset once skipped every decision of Castro's team.
    text = (ROOT / "scenarios/cuban-missile-crisis.yaml").read_text()
    text = text.replace(
        "skip: [anadyr, castro-accepts, gromyko, presidium-nukes, inspection, il28]",
        "skip: [anadyr, castro-accepts, gromyko, presidium-nukes, castro-letter, inspection, il28]",
    )
    found, _ = check_bytes(text.encode(), "c.yaml")
    idle = [d.message for d in found if d.code == "W601"]
    assert idle == [
        "the preset 'short' plays every decision of the role 'castro' automatically: "
        "that role has nothing to decide"
    ]


def test_a_condition_slip_is_reported_at_the_condition_with_the_fix():
    text = MINIMAL.replace("label: Push\n", "label: Push\n        condition: mood == angry\n")
    [problem] = check_bytes(text.encode(), "s.yaml")[0]
    # the caret is under the unquoted value, not at the start of the condition
    assert (problem.code, problem.line, problem.column) == ("E303", 28, 28)
    assert problem.hint == 'write: mood == "angry"'


@pytest.mark.parametrize(
    ("condition", "code", "spot"),
    [
        ("tension = 2", "E301", "= 2"),
        ("tension > 1 && tension < 3", "E301", "&&"),
        ("mood == \u201ccalm\u201d", "E301", "\u201c"),
        ("mood == calm", "E303", "calm"),
        ("tenson > 1", "E303", "tenson"),
    ],
)
def test_a_condition_slip_is_pointed_at_where_it_is_in_the_line(condition, code, spot):
    for written in (condition, f"'{condition}'"):  # plain, or in quotes
        text = MINIMAL.replace("label: Push\n", f"label: Push\n        condition: {written}\n")
        [problem] = check_bytes(text.encode(), "s.yaml")[0]
        line = line_of(text, f"condition: {written}")
        assert (problem.code, problem.line) == (code, line)
        assert problem.column == col_of(text, f"condition: {written}", spot)


def test_a_condition_in_a_block_is_pointed_at_its_start():
    text = MINIMAL.replace(
        "label: Push\n", "label: Push\n        condition: >-\n          tension = 2\n"
    )
    [problem] = check_bytes(text.encode(), "s.yaml")[0]
    assert (problem.code, problem.line, problem.column) == ("E301", 28, 20)


def test_a_condition_starting_with_an_exclamation_mark_is_explained():
    text = MINIMAL.replace("label: Push\n", "label: Push\n        condition: !mood\n")
    [problem] = check_bytes(text.encode(), "s.yaml")[0]
    assert (problem.code, problem.line, problem.column) == ("E009", 28, 20)
    assert "write 'not mood'" in (problem.hint or "")


def test_an_unknown_key_does_not_hide_an_unknown_choice_in_the_same_node():
    text = MINIMAL.replace("    title: First\n", "    title: First\n    colour: red\n").replace(
        "history: {choice: calm", "history: {choice: clam"
    )
    found = diagnose(text)
    assert ("E101", line_of(text, "colour: red"), 5) in found
    assert ("E205", line_of(text, "choice: clam"), col_of(text, "choice: clam", "clam")) in found


def test_a_node_missing_a_required_key_still_reports_its_broken_links_only():
    text = MINIMAL.replace("    title: First\n", "").replace(
        "goto: end\n      - id: push", "goto: ned\n      - id: push"
    )
    codes = [c for c, _, _ in diagnose(text)]
    assert "E102" in codes and "E201" in codes


PUSH_EFFECTS = "        effects: {add: {tension: 5}, set: {mood: angry}, why: Pushing.}\n"


def test_a_choice_key_un_indented_to_the_node_is_a_warning():
    text = MINIMAL.replace(PUSH_EFFECTS, "").replace(
        "    history: {choice", PUSH_EFFECTS[4:] + "    history: {choice"
    )
    [problem] = check_bytes(text.encode(), "s.yaml")[0]
    assert (problem.code, problem.line, problem.column) == ("W510", line_of(text, "effects:"), 5)
    assert "at the node's level, after its choices" in problem.message
    assert problem.hint and problem.hint.startswith("if it belongs to the last choice, indent it by 4")


def test_an_outcome_key_un_indented_to_the_choice_is_a_warning():
    text = MINIMAL.replace(
        "          - {weight: 1, goto: war, text: It failed., basis: counterfactual,"
        " rests_on: Guesswork.}\n",
        "          - weight: 1\n            goto: war\n            text: It failed.\n"
        "            basis: counterfactual\n        rests_on: Guesswork.\n",
    )
    found = check_bytes(text.encode(), "s.yaml")[0]
    [problem] = [d for d in found if d.code == "W510"]
    assert (problem.line, problem.column) == (line_of(text, "rests_on: Guesswork."), 9)
    assert "indent it by 4 spaces" in (problem.hint or "")


def test_a_key_after_a_one_line_list_item_is_not_suspected():
    text = MINIMAL.replace("    history: {choice", "    sources: [src]\n    history: {choice")
    text = text.replace(
        "      - id: calm\n        label: Stay calm\n        goto: end\n",
        "      - {id: calm, label: Stay calm, goto: end}\n",
    )
    text = text.replace(
        "      - id: push\n        label: Push\n" + PUSH_EFFECTS + "        outcomes:\n"
        "          - {weight: 1, goto: end, text: It worked., basis: documented, sources: [src]}\n"
        "          - {weight: 1, goto: war, text: It failed., basis: counterfactual,"
        " rests_on: Guesswork.}\n",
        "      - {id: push, label: Push, goto: war}\n",
    )
    assert "W510" not in [c for c, _, _ in diagnose(text)]


def test_a_goto_un_indented_to_the_node_says_where_it_belongs():
    text = MINIMAL.replace(
        "    history: {choice", "    goto: end\n    history: {choice"
    )
    found = check_bytes(text.encode(), "s.yaml")[0]
    [problem] = [d for d in found if d.code == "E101"]
    assert (problem.line, problem.column) == (text.splitlines().index("    goto: end") + 1, 5)
    assert "if it belongs to the last choice, indent it" in (problem.hint or "")


def test_a_condition_with_quotes_in_it_is_quoted_apart_in_the_message():
    written = """'tension > 1 && mood == "calm"'"""
    text = MINIMAL.replace("label: Push\n", f"label: Push\n        condition: {written}\n")
    [problem] = check_bytes(text.encode(), "s.yaml")[0]
    assert problem.message.startswith("""in condition 'tension > 1 && mood == "calm"' at character 13""")
    assert problem.column == col_of(text, "condition: ", "&&")
