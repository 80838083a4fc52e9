"""Text variants: a node's (or a consequence's) text told differently after earlier choices."""

from __future__ import annotations

import pytest

from game.engine.game import Game
from game.engine.loader import check_bytes, load_bytes

from .scenario_text import MINIMAL

VARIANTS = """\
format: 1
id: var
title: Variants
period: {start: "1963-03-29"}
summary: Text that follows the story.
minutes: 2
authors: [Tests]
licence: CC0
sources:
  - {id: src, title: A source, tier: primary}
  - {id: other, title: Another source, tier: primary}
roles:
  - {id: boss, name: The Boss, side: Us, briefing: Decide.}
variables:
  - {id: tension, label: Tension, type: integer, min: 0, max: 3, start: 1, display: hidden}
start: first
nodes:
  first:
    kind: decision
    title: First
    deciders: [boss]
    choices:
      - id: propose
        label: Propose a link
        goto: opens
      - id: wait
        label: Wait
        goto: opens
        effects: {add: {tension: 2}}
        text: You wait.
        basis: counterfactual
        rests_on: A guess.
        variants:
          - when: tension <= 1
            text: You wait, and the room grows tense.
    history: {choice: propose, text: They proposed it., basis: documented, sources: [src]}
  opens:
    kind: event
    title: The line opens
    text: The link you proposed goes into operation.
    basis: documented
    sources: [src]
    variants:
      - when: chose("first", "wait")
        text: A line opens at last, long after the talks.
        basis: counterfactual
        rests_on: What waiting would have cost.
        sources: [other]
    next: end
  end:
    kind: ending
    title: End
    category: historical
    text: The line is open.
    variants:
      - when: tension >= 3
        text: The line is open, but trust is thin.
"""


@pytest.fixture
def loaded():
    return load_bytes(VARIANTS.encode(), "var.yaml")


def test_the_scenario_with_variants_is_clean(loaded):
    assert loaded.warnings == []


def test_the_node_text_follows_the_earlier_choice(loaded):
    followed = Game(loaded)
    followed.choose("propose")
    assert followed.node.text == "The link you proposed goes into operation."
    assert followed.view().node.text == followed.node.text
    strayed = Game(loaded)
    strayed.choose("wait")
    assert strayed.node.text == "A line opens at last, long after the talks."
    # the variant's own basis and sources replace the node's
    assert strayed.node.basis.value == "counterfactual"
    assert strayed.node.sources == ("other",)
    strayed.advance()
    assert strayed.ending.text == "The line is open, but trust is thin."
    followed.advance()
    assert followed.ending.text == "The line is open."


def test_a_consequence_variant_is_chosen_in_the_state_of_the_decision(loaded):
    game = Game(loaded)
    step = game.choose("wait")
    # tension was 1 when the decision was taken (3 after it): the variant holds
    assert step.narration == "You wait, and the room grows tense."
    assert step.consequence.basis.value == "counterfactual"


def test_past_steps_keep_the_text_they_told(loaded):
    game = Game(loaded)
    game.choose("wait")
    game.advance()
    step = game.state.steps[1]
    assert step.node_told is not None and step.node_told.text.startswith("A line opens")
    assert game.as_told("opens").text.startswith("A line opens")
    # replaying the log (a save, a live seat) tells the same
    again = Game(loaded, log=list(game.log))
    assert again.as_told("opens").text.startswith("A line opens")
    assert again.ending.text == game.ending.text


def test_rewinding_tells_the_node_again_from_the_new_state(loaded):
    game = Game(loaded)
    game.choose("wait")
    game.rewind(0)
    game.choose("propose")
    assert game.node.text == "The link you proposed goes into operation."


def diagnose(text: str) -> list[tuple[str, int, int]]:
    found, _ = check_bytes(text.encode(), "s.yaml")
    return [(d.code, d.line, d.column) for d in found]


def where(text: str, needle: str, at: str | None = None) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number, line.index(at or needle) + 1
    raise AssertionError(needle)


def test_an_unknown_variable_in_when_is_an_error_at_its_place():
    text = VARIANTS.replace("when: tension >= 3", "when: tenson >= 3")
    found, _ = check_bytes(text.encode(), "s.yaml")
    [problem] = [d for d in found if d.code == "E303"]
    assert (problem.line, problem.column) == where(text, "when: tenson", "tenson")
    assert "did you mean 'tension'" in problem.message


def test_an_unreadable_when_is_an_error_with_the_fix():
    text = VARIANTS.replace("when: tension >= 3", "when: tension = 3")
    found, _ = check_bytes(text.encode(), "s.yaml")
    [problem] = [d for d in found if d.code == "E301"]
    # the caret is under the lone '='
    assert (problem.line, problem.column) == where(text, "when: tension = 3", "= 3")
    assert problem.hint == "write: tension == 3"


def test_a_choice_that_does_not_exist_in_when_is_an_error():
    text = VARIANTS.replace('chose("first", "wait")', 'chose("first", "wiat")')
    assert ("E205", *where(text, 'chose("first", "wiat")', 'chose')) in diagnose(text)


def test_a_variant_without_text_is_an_error_at_its_place():
    text = VARIANTS.replace(
        "text: The line is open, but trust is thin.", 'text: ""'
    )
    assert ("E212", *where(text, 'text: ""', '""')) in diagnose(text)
    missing = VARIANTS.replace("            text: You wait, and the room grows tense.\n", "")
    assert ("E212", *where(missing, "when: tension <= 1")) in diagnose(missing)


def test_condition_instead_of_when_says_to_write_when():
    text = VARIANTS.replace("when: tension >= 3", "condition: tension >= 3")
    found, _ = check_bytes(text.encode(), "s.yaml")
    unknown = next(d for d in found if d.code == "E101")
    assert (unknown.line, unknown.column) == where(text, "condition: tension >= 3")
    assert "when:" in (unknown.hint or "")


def test_a_variant_hidden_by_the_one_above_is_a_warning():
    text = VARIANTS.replace(
        "      - when: tension >= 3\n        text: The line is open, but trust is thin.\n",
        "      - when: tension >= 2\n        text: Tense.\n"
        "      - when: tension >= 3\n        text: The line is open, but trust is thin.\n",
    )
    found, _ = check_bytes(text.encode(), "s.yaml")
    [problem] = [d for d in found if d.code == "W511"]
    assert (problem.line, problem.column) == where(text, "when: tension >= 3", "tension")
    assert "above" in problem.message and problem.hint == "move it above the variant that hides it"


def test_a_variant_whose_condition_never_holds_is_a_warning():
    text = VARIANTS.replace("when: tension >= 3", "when: tension > 3")
    found, _ = check_bytes(text.encode(), "s.yaml")
    [problem] = [d for d in found if d.code == "W511"]
    assert (problem.line, problem.column) == where(text, "when: tension > 3", "tension")
    assert "can never hold" in problem.message


def test_a_node_that_may_tell_nothing_is_a_warning():
    text = VARIANTS.replace("    text: The link you proposed goes into operation.\n", "")
    found, _ = check_bytes(text.encode(), "s.yaml")
    [problem] = [d for d in found if d.code == "W512"]
    opens = where(text, "title: The line opens")[0]
    variants = next(
        n for n, line in enumerate(text.splitlines(), 1) if n > opens and "variants:" in line
    )
    assert (problem.line, problem.column) == (variants, 5)
    assert "'propose' was chosen at 'first'" in problem.message


def test_a_basis_on_a_decision_variant_is_refused():
    text = MINIMAL.replace(
        "    deciders: [boss]\n",
        "    deciders: [boss]\n    variants:\n      - when: tension > 1\n"
        "        text: Tense.\n        basis: documented\n",
    )
    assert ("E101", *where(text, "basis: documented")) in diagnose(text)


def test_a_variant_citing_an_unknown_source_is_an_error():
    text = VARIANTS.replace("sources: [other]", "sources: [othre]")
    assert ("E203", *where(text, "sources: [othre]", "othre")) in diagnose(text)


def test_a_counterfactual_variant_must_say_what_it_rests_on():
    text = VARIANTS.replace("        rests_on: What waiting would have cost.\n", "")
    found, _ = check_bytes(text.encode(), "s.yaml")
    [problem] = [d for d in found if d.code == "E208"]
    line = where(text, "text: A line opens at last")[0] + 1  # the variant's basis
    assert (problem.line, problem.column) == (line, 16)


def test_a_variant_with_its_own_basis_keeps_none_of_the_owners_sources():
    text = VARIANTS.replace("        sources: [other]\n", "")
    game = Game(load_bytes(text.encode(), "var.yaml"))
    game.choose("wait")
    assert game.node.basis.value == "counterfactual" and game.node.sources == ()
    # a documented variant without sources of its own is then unsourced, and said so
    documented = text.replace(
        "        basis: counterfactual\n        rests_on: What waiting would have cost.\n",
        "        basis: documented\n",
    )
    found, _ = check_bytes(documented.encode(), "s.yaml")
    [problem] = [d for d in found if d.code == "W503"]
    assert (problem.line, problem.column) == where(
        documented, "        basis: documented", "documented"
    )


def test_a_variant_for_a_way_round_that_may_be_skipped_is_not_warned_about():
    # `aside` is on one road to `there`, not on every one: "not visited" can hold there. The
    # check must know the whole story's roads whichever node it meets first.
    text = MINIMAL.replace(
        "      - id: calm\n        label: Stay calm\n        goto: end\n",
        "      - id: calm\n        label: Stay calm\n        goto: aside\n",
    ).replace(
        "  end:\n    kind: ending\n    title: Calm\n    category: historical\n",
        "  aside:\n    kind: event\n    title: Aside\n    text: A pause.\n    basis: fictional\n"
        "    next: end\n"
        "  end:\n    kind: ending\n    title: Calm\n    category: historical\n"
        "    text: Calm returns.\n    basis: fictional\n    variants:\n"
        '      - when: not visited("aside")\n        text: Calm returns at once.\n',
    )
    assert [d.code for d in check_bytes(text.encode(), "s.yaml")[0] if d.code == "W511"] == []
    # and a variant that truly cannot hold there still is
    never = text.replace('not visited("aside")', 'visited("aside") and not visited("first")')
    assert "W511" in [d.code for d in check_bytes(never.encode(), "s.yaml")[0]]
