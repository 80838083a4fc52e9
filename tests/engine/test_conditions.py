from types import SimpleNamespace

import pytest

from game.engine.conditions import ConditionError, VarType, compile_condition

VARS = {
    "defcon": VarType("int"),
    "alert": VarType("bool"),
    "posture": VarType("choice", ("calm", "ready")),
}


def ctx(**variables):
    base = {"defcon": 5, "alert": False, "posture": "calm"}
    return SimpleNamespace(
        variables={**base, **variables}, visits={"u2": 1}, choices={"excomm": "blockade"}
    )


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("defcon <= 2", {"defcon": 2}, True),
        ("defcon <= 2", {"defcon": 3}, False),
        ('defcon <= 2 and not chose("excomm", "airstrike")', {"defcon": 1}, True),
        ('chose("excomm", "blockade") or alert', {}, True),
        ('visited("u2") and visits("u2") == 1 and not visited("other")', {}, True),
        ("defcon - 1 > 3 == false", {}, None),
        ('posture == "ready"', {"posture": "ready"}, True),
        ("(defcon + 2) * 1", {}, None),
        ("not not alert", {"alert": True}, True),
        ("-defcon < -4", {"defcon": 5}, True),
    ],
)
def test_conditions_evaluate(text, values, expected):
    if expected is None:
        with pytest.raises(ConditionError):
            compile_condition(text, VARS)
        return
    assert compile_condition(text, VARS)(ctx(**values)) is expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("defcon and alert", "E302"),
        ('posture == "angry"', "E302"),
        ("posture < 2", "E302"),
        ("defcon", "E302"),
        ("defcn < 2", "E303"),
        ("__import__('os')", "E303"),
        ("open('x')", "E303"),
        ("defcon <", "E301"),
        ("(defcon < 2", "E301"),
        ("defcon < 2; x", "E301"),
        ("", "E301"),
        ("(" * 200 + "alert" + ")" * 200, "E301"),
        ("chose(excomm, 'x')", "E301"),
        ("visited('a', 'b')", "E301"),
        ("defcon < \u0662", "E301"),  # Arabic-Indic two: not a number
        ("defcon < \u0968", "E301"),  # Devanagari two
        ("defcon < \uff12", "E301"),  # full-width two
    ],
)
def test_bad_conditions_are_rejected_with_a_code(text, code):
    with pytest.raises(ConditionError) as caught:
        compile_condition(text, VARS)
    assert caught.value.code == code


def test_condition_records_what_it_depends_on():
    compiled = compile_condition('defcon < 3 and chose("excomm", "airstrike")', VARS)
    assert compiled.variables == {"defcon"}
    assert compiled.choices == {("excomm", "airstrike")}


@pytest.mark.parametrize(
    ("text", "offset", "words", "fix"),
    [
        ("defcon = 2", 7, "'=' alone does not compare", "defcon == 2"),
        ("defcon => 2", 7, "the other way round", "defcon >= 2"),
        ("defcon > 2 && alert", 11, "'&&' is not part of", "defcon > 2 and alert"),
        ("defcon > 2 || alert", 11, "write 'or'", "defcon > 2 or alert"),
        ("!alert", 0, "write 'not'", "not alert"),
        ("defcon > 2 and !alert", 15, "write 'not'", "defcon > 2 and not alert"),
        ("posture == \u201cready\u201d", 11, "curly quote", 'posture == "ready"'),
        ("posture == \u2018ready\u2019", 11, "curly quote", 'posture == "ready"'),
        ("posture == ready", 11, "'ready' is a value of 'posture'", 'posture == "ready"'),
    ],
)
def test_common_slips_say_what_to_write_instead(text, offset, words, fix):
    with pytest.raises(ConditionError) as caught:
        compile_condition(text, VARS)
    assert caught.value.offset == offset
    assert words in str(caught.value)
    assert caught.value.hint == f"write: {fix}"
    compile_condition(fix, VARS)  # the suggestion itself is a valid condition


def test_not_equal_is_still_understood():
    assert compile_condition("defcon != 2", VARS)(ctx(defcon=3))


def test_the_suggestion_puts_every_slip_right_at_once():
    with pytest.raises(ConditionError) as caught:
        compile_condition("defcon = 2 && !alert || posture == \u201cready\u201d", VARS)
    fixed = 'defcon == 2 and not alert or posture == "ready"'
    assert caught.value.hint == f"write: {fixed}"
    compile_condition(fixed, VARS)
