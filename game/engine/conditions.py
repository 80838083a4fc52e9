"""The condition language: a tiny, safe expression language over a game's state.

    defcon <= 2 and not chose("excomm", "airstrike")
    tension + 1 > 3 or visited("u2-shootdown")
    posture == "alert"

Names are state variables; `chose(node, choice)`, `visited(node)` and `visits(node)` look at the
decisions and nodes so far. Expressions are parsed and type-checked when the scenario is loaded
and compiled into small closures: nothing is ever passed to `eval`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from .diagnostics import did_you_mean

KEYWORDS = {"and", "or", "not", "true", "false"}
FUNCTIONS = {"chose": ("bool", 2), "visited": ("bool", 1), "visits": ("int", 1)}
MAX_LENGTH = 500
MAX_DEPTH = 40

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<int>\d+)
      | (?P<str>"[^"\\]*"|'[^'\\]*')
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<op><=|>=|==|!=|<|>|\+|-|\(|\)|,)
    )""",
    re.VERBOSE | re.ASCII,  # only 0-9 are digits: "tension > ٣" is not a number
)


class ConditionError(Exception):
    def __init__(self, code: str, message: str, offset: int, hint: str | None = None):
        self.code = code
        self.offset = offset
        self.hint = hint
        super().__init__(message)


# Habits from spreadsheets, programming languages and word processors, and what to write instead.
_FOREIGN = [
    ("&&", "and"),
    ("||", "or"),
    ("!", "not "),
    ("&", "and"),
    ("|", "or"),
]
_CURLY = "\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb"


_MENDS = [
    (re.compile(r"\s*(&&?)\s*"), " and "),
    (re.compile(r"\s*(\|\|?)\s*"), " or "),
    (re.compile(r"!(?!=)\s*"), "not "),
    (re.compile(r"=>"), ">="),
    (re.compile(r"=<"), "<="),
    (re.compile(r"(?<![=!<>])=(?!=)"), "=="),
]


def _mended(text: str) -> str:
    """The condition with every slip `_slip` knows about put right, for the hint."""
    text = text.translate({ord(c): '"' for c in _CURLY})
    parts = re.split(r"(\"[^\"]*\"|'[^']*')", text)  # leave quoted text alone
    for i in range(0, len(parts), 2):
        for pattern, right in _MENDS:
            parts[i] = pattern.sub(right, parts[i])
    return re.sub(r"\(\s*not ", "(not ", "".join(parts)).strip()


def _slip(text: str, at: int) -> ConditionError | None:
    """A clearer error for a character the language does not know, when it is a common slip."""
    rest = text[at:]
    hint = f"write: {_mended(text)}"
    if rest[:2] in ("=>", "=<"):
        message = f"'{rest[:2]}' is written the other way round: '{rest[1]}='"
    elif rest.startswith("=") and not rest.startswith("=="):
        message = "'=' alone does not compare; to test whether two values are equal write '=='"
    elif rest[:1] in _CURLY:
        message = (
            f"the curly quote {rest[0]} (often from a word processor) is not a quote mark "
            'here; use straight quotes "'
        )
    else:
        wrong = next((w for w, _ in _FOREIGN if rest.startswith(w) and rest[:2] != "!="), None)
        if wrong is None:
            return None
        right = dict(_FOREIGN)[wrong].strip()
        message = f"'{wrong}' is not part of the condition language; write '{right}'"
    return ConditionError("E301", message, at, hint)


class Context(Protocol):
    """What a condition can see of a game."""

    variables: Mapping[str, object]
    visits: Mapping[str, int]
    choices: Mapping[str, str]


Evaluator = Callable[[Context], object]


@dataclass(frozen=True)
class VarType:
    kind: str  # "int", "bool" or "choice"
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Compiled:
    source: str
    evaluate: Evaluator
    variables: frozenset[str]
    nodes: frozenset[str]
    choices: frozenset[tuple[str, str]]

    def __call__(self, context: Context) -> bool:
        return bool(self.evaluate(context))


@dataclass
class _Typed:
    kind: str  # "int", "bool", "str", "choice"
    run: Evaluator
    literal: str | None = None
    values: tuple[str, ...] = ()
    label: str = ""


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            snippet = text[pos:].lstrip()[:10]
            at = len(text) - len(text[pos:].lstrip())
            raise _slip(text, at) or ConditionError("E301", f"unexpected '{snippet}'", at)
        kind = match.lastgroup or ""
        value = match.group(kind)
        out.append((kind, value, match.start(kind)))
        pos = match.end()
    out.append(("end", "", len(text)))
    return out


class _Parser:
    def __init__(self, text: str, variables: Mapping[str, VarType]):
        self.text = text
        self.tokens = _tokens(text)
        self.i = 0
        self.variables = variables
        self.used_vars: set[str] = set()
        self.used_nodes: set[str] = set()
        self.used_choices: set[tuple[str, str]] = set()
        self.depth = 0

    # -- helpers -------------------------------------------------------------------------------
    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i]

    def take(self) -> tuple[str, str, int]:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def expect(self, value: str) -> None:
        kind, got, at = self.take()
        if got != value or kind not in ("op",):
            raise ConditionError("E301", f"expected '{value}' but found {_describe(kind, got)}", at)

    def is_word(self, word: str) -> bool:
        kind, value, _ = self.peek()
        return kind == "name" and value == word

    def nest(self, at: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionError("E301", "the condition is nested too deeply", at)

    # -- grammar -------------------------------------------------------------------------------
    def parse(self) -> _Typed:
        if not self.text.strip():
            raise ConditionError("E301", "the condition is empty", 0)
        result = self.or_expr()
        kind, value, at = self.peek()
        if kind != "end":
            raise ConditionError("E301", f"unexpected {_describe(kind, value)}", at)
        if result.kind != "bool":
            raise ConditionError(
                "E302", f"a condition must be true or false, but this is {_kind_name(result)}", 0
            )
        return result

    def or_expr(self) -> _Typed:
        left = self.and_expr()
        while self.is_word("or"):
            at = self.take()[2]
            right = self.and_expr()
            self.need_bool(left, "or", at)
            self.need_bool(right, "or", at)
            a, b = left.run, right.run
            left = _Typed("bool", lambda c, a=a, b=b: bool(a(c)) or bool(b(c)))
        return left

    def and_expr(self) -> _Typed:
        left = self.not_expr()
        while self.is_word("and"):
            at = self.take()[2]
            right = self.not_expr()
            self.need_bool(left, "and", at)
            self.need_bool(right, "and", at)
            a, b = left.run, right.run
            left = _Typed("bool", lambda c, a=a, b=b: bool(a(c)) and bool(b(c)))
        return left

    def not_expr(self) -> _Typed:
        if self.is_word("not"):
            at = self.take()[2]
            self.nest(at)
            inner = self.not_expr()
            self.depth -= 1
            self.need_bool(inner, "not", at)
            run = inner.run
            return _Typed("bool", lambda c, run=run: not run(c))
        return self.comparison()

    def comparison(self) -> _Typed:
        left = self.sum_expr()
        kind, op, at = self.peek()
        if kind == "op" and op in ("==", "!=", "<", "<=", ">", ">="):
            self.take()
            right = self.sum_expr()
            return self.compare(left, op, right, at)
        return left

    def sum_expr(self) -> _Typed:
        left = self.unary()
        while True:
            kind, op, at = self.peek()
            if kind != "op" or op not in ("+", "-"):
                return left
            self.take()
            right = self.unary()
            for side in (left, right):
                if side.kind != "int":
                    raise ConditionError(
                        "E302", f"'{op}' works on numbers, not on {_kind_name(side)}", at
                    )
            a, b = left.run, right.run
            run = (
                (lambda c, a=a, b=b: a(c) + b(c))
                if op == "+"
                else (lambda c, a=a, b=b: a(c) - b(c))
            )
            left = _Typed("int", run)

    def unary(self) -> _Typed:
        kind, value, at = self.peek()
        if kind == "op" and value == "-":
            self.take()
            self.nest(at)
            inner = self.unary()
            self.depth -= 1
            if inner.kind != "int":
                raise ConditionError(
                    "E302", f"'-' works on numbers, not on {_kind_name(inner)}", at
                )
            run = inner.run
            return _Typed("int", lambda c, run=run: -run(c))
        return self.atom()

    def atom(self) -> _Typed:
        kind, value, at = self.take()
        if kind == "int":
            number = int(value)
            return _Typed("int", lambda c, n=number: n)
        if kind == "str":
            text = value[1:-1]
            return _Typed("str", lambda c, t=text: t, literal=text)
        if kind == "op" and value == "(":
            self.nest(at)
            inner = self.or_expr()
            self.depth -= 1
            self.expect(")")
            return inner
        if kind == "name":
            if value in ("true", "false"):
                flag = value == "true"
                return _Typed("bool", lambda c, f=flag: f)
            if value in ("and", "or", "not"):
                raise ConditionError("E301", f"'{value}' needs something before it", at)
            if self.peek()[1] == "(" and self.peek()[0] == "op":
                return self.call(value, at)
            return self.variable(value, at)
        raise ConditionError("E301", f"unexpected {_describe(kind, value)}", at)

    def variable(self, name: str, at: int) -> _Typed:
        var = self.variables.get(name)
        if var is None:
            owners = [v for v, t in self.variables.items() if name in t.values]
            if owners:
                fixed = f'{self.text[:at]}"{name}"{self.text[at + len(name) :]}'
                raise ConditionError(
                    "E303",
                    f"'{name}' is a value of '{owners[0]}', not a variable: put values in quotes",
                    at,
                    f"write: {fixed}",
                )
            hint = did_you_mean(name, [*self.variables, *FUNCTIONS])
            message = f"'{name}' is not a variable of this scenario"
            raise ConditionError("E303", message + (f"; {hint}" if hint else ""), at)
        self.used_vars.add(name)
        kind = {"integer": "int", "boolean": "bool"}.get(var.kind, var.kind)
        return _Typed(kind, lambda c, n=name: c.variables[n], values=var.values, label=name)

    def call(self, name: str, at: int) -> _Typed:
        if name not in FUNCTIONS:
            hint = did_you_mean(name, FUNCTIONS)
            message = f"'{name}' is not a function; the functions are chose, visited and visits"
            raise ConditionError("E303", message + (f" ({hint})" if hint else ""), at)
        _result, arity = FUNCTIONS[name]
        self.expect("(")
        args: list[str] = []
        while True:
            kind, value, arg_at = self.take()
            if kind != "str":
                example = 'chose("node-id", "choice-id")' if name == "chose" else f'{name}("node-id")'
                raise ConditionError(
                    "E301",
                    f"{name}() takes ids in quotes, e.g. {example}; found "
                    f"{_describe(kind, value)}",
                    arg_at,
                    self.quoted_hint(at),
                )
            args.append(value[1:-1])
            kind, value, sep_at = self.take()
            if kind == "op" and value == ")":
                break
            if not (kind == "op" and value == ","):
                raise ConditionError(
                    "E301", f"expected ',' or ')' but found {_describe(kind, value)}", sep_at
                )
        if len(args) != arity:
            raise ConditionError("E301", f"{name}() takes {arity} id(s), not {len(args)}", at)
        node = args[0]
        self.used_nodes.add(node)
        if name == "chose":
            choice = args[1]
            self.used_choices.add((node, choice))
            return _Typed("bool", lambda c, n=node, ch=choice: c.choices.get(n) == ch)
        if name == "visited":
            return _Typed("bool", lambda c, n=node: c.visits.get(n, 0) > 0)
        return _Typed("int", lambda c, n=node: c.visits.get(n, 0))

    def quoted_hint(self, at: int) -> str | None:
        """The condition with the bare ids inside the call at `at` put in quotes."""
        close = self.text.find(")", at)
        if close < 0:
            return None
        start = self.text.index("(", at) + 1
        inside = re.sub(
            r"(?<![\"'\w-])([A-Za-z0-9][A-Za-z0-9_-]*)(?![\"'\w-])",
            r'"\1"',
            self.text[start:close],
        )
        return f"write: {self.text[:start]}{inside}{self.text[close:]}"

    # -- typing --------------------------------------------------------------------------------
    def need_bool(self, side: _Typed, op: str, at: int) -> None:
        if side.kind != "bool":
            raise ConditionError(
                "E302", f"'{op}' joins true/false tests, but one side is {_kind_name(side)}", at
            )

    def compare(self, left: _Typed, op: str, right: _Typed, at: int) -> _Typed:
        kinds = {left.kind, right.kind}
        if kinds == {"int"}:
            pass
        elif kinds <= {"choice", "str"}:
            if op not in ("==", "!="):
                raise ConditionError(
                    "E302",
                    f"'{op}' compares numbers; values of '{left.label or right.label}'"
                    " can only be compared with == and !=",
                    at,
                )
            for var_side, lit_side in ((left, right), (right, left)):
                literal = lit_side.literal
                if (
                    var_side.kind == "choice"
                    and literal is not None
                    and (literal not in var_side.values)
                ):
                    allowed = ", ".join(f'"{v}"' for v in var_side.values)
                    raise ConditionError(
                        "E302",
                        f"'{var_side.label}' is never \"{literal}\"; its values are {allowed}",
                        at,
                    )
        elif kinds == {"bool"}:
            if op not in ("==", "!="):
                raise ConditionError("E302", f"'{op}' compares numbers, not true/false", at)
        else:
            raise ConditionError(
                "E302", f"cannot compare {_kind_name(left)} with {_kind_name(right)}", at
            )
        a, b = left.run, right.run
        ops: dict[str, Callable[[object, object], bool]] = {
            "==": lambda x, y: x == y,
            "!=": lambda x, y: x != y,
            "<": lambda x, y: x < y,  # type: ignore[operator]
            "<=": lambda x, y: x <= y,  # type: ignore[operator]
            ">": lambda x, y: x > y,  # type: ignore[operator]
            ">=": lambda x, y: x >= y,  # type: ignore[operator]
        }
        fn = ops[op]
        return _Typed("bool", lambda c, a=a, b=b, fn=fn: fn(a(c), b(c)))


def _kind_name(t: _Typed) -> str:
    if t.label:
        return f"'{t.label}' ({_KIND_WORDS[t.kind]})"
    return _KIND_WORDS[t.kind]


_KIND_WORDS = {"int": "a number", "bool": "true/false", "str": "text", "choice": "a named value"}


def _describe(kind: str, value: str) -> str:
    return "the end of the condition" if kind == "end" else f"'{value}'"


def compile_condition(text: str, variables: Mapping[str, VarType]) -> Compiled:
    """Parse and type-check a condition. Raises ConditionError with a code and an offset."""
    if len(text) > MAX_LENGTH:
        raise ConditionError("E301", f"the condition is longer than {MAX_LENGTH} characters", 0)
    parser = _Parser(text, variables)
    typed = parser.parse()
    return Compiled(
        source=text,
        evaluate=typed.run,
        variables=frozenset(parser.used_vars),
        nodes=frozenset(parser.used_nodes),
        choices=frozenset(parser.used_choices),
    )
