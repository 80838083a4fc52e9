"""Problems found in a scenario, each with a stable code and a position in the file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from operator import attrgetter

from .text import printable


class Severity(StrEnum):
    error = "error"
    warning = "warning"


@dataclass(frozen=True)
class Code:
    code: str
    title: str

    @property
    def severity(self) -> Severity:
        return Severity.warning if self.code.startswith("W") else Severity.error


# The catalogue. Codes are stable: never renumber one, only add. docs/diagnostics.md explains each,
# and a test checks that every code here is documented there.
CODES: dict[str, Code] = {
    c.code: c
    for c in [
        Code("E001", "the file cannot be read"),
        Code("E002", "the file is not UTF-8 text"),
        Code("E003", "the file holds binary data"),
        Code("E004", "the file is too large"),
        Code("E005", "the file is empty"),
        Code("E006", "YAML syntax error"),
        Code("E007", "more than one YAML document"),
        Code("E008", "a key appears twice"),
        Code("E009", "a YAML tag that scenarios may not use"),
        Code("E010", "aliases expand too far"),
        Code("E011", "nesting is too deep"),
        Code("E012", "the top level is not a mapping"),
        Code("E013", "unsupported or missing format version"),
        Code("E014", "a key that is not text"),
        Code("E015", "a control character in the text"),
        Code("E016", "a number with too many digits"),
        Code("E101", "unknown key"),
        Code("E102", "a required key is missing"),
        Code("E103", "a value of the wrong type"),
        Code("E104", "a value that is not allowed"),
        Code("E105", "an inconsistent block"),
        Code("E201", "unknown node"),
        Code("E202", "unknown role"),
        Code("E203", "unknown source"),
        Code("E204", "unknown variable"),
        Code("E205", "unknown choice"),
        Code("E206", "an id used twice"),
        Code("E207", "an effect that does not fit its variable"),
        Code("E208", "a counterfactual without what it rests on"),
        Code("E209", "a rule that needs more information"),
        Code("E210", "a date that is impossible or not written YYYY-MM-DD"),
        Code("E211", "a period that ends before it starts"),
        Code("E212", "a text variant with no text"),
        Code("E301", "a condition that cannot be read"),
        Code("E302", "a condition that mixes types"),
        Code("E303", "a condition that names something unknown"),
        Code("E401", "a node with no way out"),
        Code("W401", "a node that cannot be reached"),
        Code("W402", "an ending that cannot be reached"),
        Code("W501", "a decision without a history block"),
        Code("W502", "an outcome without a basis"),
        Code("W503", "a documented or contested claim without sources"),
        Code("W504", "a source that is never cited"),
        Code("W505", "every outcome has a condition"),
        Code("W506", "a gauge change without a reason"),
        Code("W507", "a quote without a source"),
        Code("W508", "a date outside the scenario's period"),
        Code("W509", "a path that goes back in time"),
        Code("W510", "a key after a list that may belong to its last item"),
        Code("W511", "a text variant that is never told"),
        Code("W512", "a node that may have no text to tell"),
        Code("W601", "a lesson preset that leaves a role nothing to decide"),
    ]
}


# Each code's severity, looked up once: a long scenario's thousands of diagnostics are each asked.
_SEVERITIES = {code: c.severity for code, c in CODES.items()}


@dataclass(frozen=True, slots=True)  # (slots: a long scenario can have thousands)
class Diagnostic:
    code: str
    message: str
    path: str
    line: int  # 1-based; 0 when the problem is about the whole file
    column: int  # 1-based
    hint: str | None = None

    @property
    def severity(self) -> Severity:
        return _SEVERITIES[self.code]

    def format(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        text = f"{where}: {self.code} {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return printable(text)  # a message may quote a key or value from the file

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


# The order diagnostics are listed in: by place in the file, then by code.
in_file_order = attrgetter("line", "column", "code")


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A hint for a misspelt key or id, or None when nothing is close."""
    import difflib  # only when there is a word to match: a clean file never needs it

    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"did you mean '{matches[0]}'?" if matches else None


class Suggester:
    """`did_you_mean` over one fixed set of ids, for many misspelt words.

    A scenario with thousands of broken links would otherwise compare every one with every id
    (10,000 of each took minutes). Answers are cached per word; while a budget of comparisons
    lasts a word is compared with every id, then only with ids of the same first letter and
    about the same length, and once the budget is spent no more hints are offered. The work is
    bounded, so diagnostics stay linear in the size of the file."""

    BUDGET = 250_000  # comparisons, over all words
    POOL = 100  # most ids tried for a word once the whole list is too dear

    def __init__(self, candidates: Iterable[str]):
        self.candidates = list(candidates)
        self.budget = self.BUDGET
        self.cache: dict[str, str | None] = {}
        self._index: dict[tuple[str, int], list[str]] | None = None

    def __call__(self, word: str) -> str | None:
        if word in self.cache:
            return self.cache[word]
        pool = self.candidates if len(self.candidates) <= self.budget else self._pool(word)
        hint = None
        if pool and len(pool) <= self.budget:
            self.budget -= len(pool)
            hint = did_you_mean(word, pool)
        self.cache[word] = hint
        return hint

    def _pool(self, word: str) -> list[str]:
        if self._index is None:
            self._index = {}
            for candidate in self.candidates:
                self._index.setdefault((candidate[:1], len(candidate)), []).append(candidate)
        pool: list[str] = []
        for delta in (0, -1, 1, -2, 2):
            pool += self._index.get((word[:1], len(word) + delta), [])[: self.POOL - len(pool)]
            if len(pool) >= self.POOL:
                break
        return pool


class ScenarioError(Exception):
    """A scenario could not be loaded. Carries every problem found, in file order."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))
