"""A condition in words, for pages a teacher reads: titles and labels instead of ids.

`chose("options", "blockade") and tension >= 3` becomes
`“Naval blockade” was chosen at “What to do about the missiles” and Tension is at least 3`.
A condition that does not read (it would not have passed validation) is given as written.
"""

from __future__ import annotations

from .conditions import ConditionError, _tokens
from .model import DecisionNode, Scenario

_OPERATORS = {
    "==": "is",
    "!=": "is not",
    ">=": "is at least",
    "<=": "is at most",
    ">": "is above",
    "<": "is below",
    "+": "plus",
    "-": "minus",
    "(": "(",
    ")": ")",
}
_WORDS = {"and": "and", "or": "or", "not": "not", "true": "yes", "false": "no"}


def condition_in_words(scenario: Scenario, source: str) -> str:
    try:
        tokens = _tokens(source)
    except ConditionError:
        return source
    words: list[str] = []
    i = 0
    while tokens[i][0] != "end":
        kind, value, _ = tokens[i]
        if kind == "name" and tokens[i + 1][1] == "(" and value in ("chose", "visited", "visits"):
            args: list[str] = []
            i += 2
            while tokens[i][1] != ")" and tokens[i][0] != "end":
                if tokens[i][0] == "str":
                    args.append(tokens[i][1][1:-1])
                i += 1
            phrase = _call(scenario, value, args)
            if phrase is None:
                return source
            words.append(phrase)
        elif kind == "name":
            variable = scenario.variable(value) if value not in _WORDS else None
            words.append(variable.label if variable else _WORDS.get(value, value))
        elif kind == "op":
            words.append(_OPERATORS[value])
        else:
            words.append(value)
        i += 1
    return " ".join(words).replace("( ", "(").replace(" )", ")")


def _call(scenario: Scenario, function: str, args: list[str]) -> str | None:
    node = scenario.nodes.get(args[0]) if args else None
    if node is None:
        return None
    if function == "chose":
        choice = None
        if isinstance(node, DecisionNode) and len(args) == 2:
            choice = next((c for c in node.choices if c.id == args[1]), None)
        if choice is None:
            return None
        return f"“{choice.label}” was chosen at “{node.title}”"
    if function == "visited":
        return f"“{node.title}” was reached"
    return f"the number of times “{node.title}” was reached"
