"""Slips a first-time author makes, each reported once, on its own line, with what to do."""

from __future__ import annotations

from game.engine.conditions import ConditionError, compile_condition
from game.engine.loader import check_bytes

from .scenario_text import MINIMAL
from .test_variants import VARIANTS, where


def problems(text: str):
    return check_bytes(text.encode(), "s.yaml")[0]


def test_a_variant_key_moved_back_a_level_is_blamed_on_its_own_line():
    text = VARIANTS.replace(
        "        text: A line opens at last, long after the talks.\n",
        "    text: A line opens at last, long after the talks.\n",
    )
    [problem] = problems(text)
    assert problem.code == "E006"
    assert (problem.line, problem.column) == where(text, "    text: A line opens at last", "text")
    assert "indented less than the one above" in problem.message
    assert problem.hint == f"line it up with line {problem.line - 1}: indent it by 4 more spaces"


def test_bare_ids_in_chose_get_the_condition_with_quotes_as_the_fix():
    try:
        compile_condition("chose(first, push) and tension > 1", {})
    except ConditionError as exc:
        assert exc.hint == 'write: chose("first", "push") and tension > 1'
        assert 'chose("node-id", "choice-id")' in str(exc)
    else:
        raise AssertionError("a bare id was accepted")


def test_a_misspelt_required_key_hides_nothing_else_in_its_node():
    text = MINIMAL.replace("    title: First\n", "    titel: First\n").replace(
        "history: {choice: calm,", "history: {choice: clam,"
    )
    found = [(d.code, d.line, d.column) for d in problems(text)]
    assert found == [
        ("E101", *where(text, "titel: First")),
        ("E205", *where(text, "choice: clam", "clam")),
    ]  # and no "'title' is required" beside "did you mean 'title'?"


def test_a_period_that_ends_before_it_starts_is_one_error_not_a_flood_of_warnings():
    text = MINIMAL.replace('period: {start: "1962-10-16"}', "period: {start: 1962-10-20, end: 1962-10-10}")
    text = text.replace("    title: First\n", "    title: First\n    date: 1962-10-16\n")
    assert [d.code for d in problems(text)] == ["E211"]


def test_a_variant_key_moved_to_the_node_is_a_w510_with_the_spaces_to_add():
    text = VARIANTS.replace(
        "        sources: [other]\n    next: end\n", "    sources: [other]\n    next: end\n"
    ).replace("    basis: documented\n    sources: [src]\n    variants:", "    basis: documented\n    variants:")
    [problem] = [d for d in problems(text) if d.code == "W510"]
    assert (problem.line, problem.column) == where(text, "    sources: [other]", "sources")
    assert "after its variants" in problem.message
    assert problem.hint.startswith("if it belongs to the last variant, indent it by 4 spaces")


def test_a_key_of_an_outcomes_variant_moved_to_the_outcome_is_a_w510():
    text = MINIMAL.replace(
        "          - {weight: 1, goto: war, text: It failed., basis: counterfactual, "
        "rests_on: Guesswork.}\n",
        "          - weight: 1\n"
        "            goto: war\n"
        "            text: It failed.\n"
        "            basis: counterfactual\n"
        "            rests_on: Guesswork.\n"
        "            variants:\n"
        "              - when: tension > 2\n"
        "                text: It failed badly.\n"
        "            sources: [src]\n",
    )
    [problem] = [d for d in problems(text) if d.code == "W510"]
    assert (problem.line, problem.column) == where(text, "            sources: [src]", "sources")
    assert "at the outcome's level, after its variants" in problem.message


def test_words_from_other_languages_in_a_variant_say_what_to_write():
    for wrong in ("if", "condition"):
        text = VARIANTS.replace("when: tension >= 3", f"{wrong}: tension >= 3")
        [problem] = problems(text)  # no "'when' is required" beside it
        assert (problem.code, problem.line, problem.column) == ("E101", *where(text, f"{wrong}: tension"))
        assert f"write 'when: …' instead of '{wrong}: …'" in problem.hint
    text = VARIANTS.replace(
        "        text: The line is open, but trust is thin.\n",
        "        text: The line is open, but trust is thin.\n      - otherwise: The line is open.\n",
    )
    [problem] = problems(text)
    assert (problem.code, problem.line, problem.column) == ("E101", *where(text, "otherwise:"))
    assert "the text told when no variant fits is the plain `text:`" in problem.hint


def test_w505_stays_silent_when_the_uncovered_state_can_never_be_reached():
    from .test_diagnostics import outcomes_if

    # tension is always 1 when 'push' is chosen: 0 and 2 never happen there
    assert "W505" not in [d.code for d in problems(outcomes_if("tension == 1", "tension == 3"))]
    reached = outcomes_if("tension == 0", "tension == 3")  # tension 1 leaves nothing open
    [problem] = [d for d in problems(reached) if d.code == "W505"]
    assert (problem.line, problem.column) == where(reached, "condition: 'tension == 0'", "-")
    # the state named is one the story reaches (tension 1), not merely the first gap (0)
    [problem] = [d for d in problems(outcomes_if("tension >= 2", "tension == 3")) if d.code == "W505"]
    assert "holds when tension is 1;" in problem.message


def test_w512_stays_silent_when_a_variant_holds_in_every_reachable_state():
    def first_told(when: str) -> str:
        return MINIMAL.replace(
            "    deciders: [boss]\n",
            f"    deciders: [boss]\n    variants:\n      - when: {when}\n        text: Told.\n",
        )

    assert "W512" not in [d.code for d in problems(first_told("tension == 1"))]
    assert "W512" in [d.code for d in problems(first_told("tension == 2"))]


def test_a_rests_on_moved_out_of_the_last_choice_is_one_error_not_two():
    text = MINIMAL.replace(
        "    history: {choice: calm,",
        "      - id: guess\n        label: Guess\n        goto: end\n"
        "        text: A guess.\n        basis: counterfactual\n"
        "    rests_on: Nothing.\n    history: {choice: calm,",
    )
    found = [(d.code, d.line, d.column) for d in problems(text)]
    assert found == [("E101", *where(text, "    rests_on: Nothing.", "rests_on"))]
