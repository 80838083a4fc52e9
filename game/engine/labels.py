"""What the players are told about a position: every label, every text and every source.

The rules that keep labels true live here, so that the TUI and plain mode only render them:
- every source an author cites reaches the players (a node's own, an event's, an ending's, each
  account's own), grouped by what it supports;
- "history's own course" is said only on history's path;
- the history pane never carries the consequence's badge, and a counterfactual history block is
  labelled as a situation history never faced;
- when the consequence and the history block tell the same event, their badges agree;
- "You chose" only when the player chose; otherwise the line says who or what decided.
"""

from __future__ import annotations

from dataclasses import dataclass

from .game import Game, Step
from .history import Comparison, compare_step, history_path
from .model import Basis, DecisionNode, EndingNode, EventNode, Role, Scenario, Source, Variable

BASIS_LABELS: dict[str, tuple[str, str]] = {
    "documented": ("DOCUMENTED", "it happened; sources below"),
    "contested": ("CONTESTED", "the sources disagree"),
    "counterfactual": ("COUNTERFACTUAL", "this did not happen"),
    "fictional": ("FICTIONAL", "invented for the game"),
    "never-faced": ("NEVER FACED", "history never faced this: what the evidence suggests"),
}
BASIS_SYMBOLS = {
    "documented": "■",
    "contested": "◆",
    "counterfactual": "✕",
    "fictional": "○",
    "never-faced": "~",
}
# From most to least trustworthy: when two labels describe one event, the more cautious wins.
CAUTION = ("documented", "contested", "counterfactual", "fictional")

HISTORY_HEADING = "What actually happened"
NEVER_FACED_HEADING = "History never faced this: what the evidence suggests"


@dataclass(frozen=True)
class Badge:
    """How far a text can be trusted as history, and what the text is (its scope)."""

    basis: str
    label: str
    symbol: str
    meaning: str
    rests_on: str | None = None
    scope: str | None = None

    def plain(self) -> str:
        """One line for plain mode: `[Your course: COUNTERFACTUAL - this did not happen]`."""
        scope = f"{self.scope}: " if self.scope else ""
        meaning = f" - {self.meaning}" if self.meaning else ""
        return f"[{scope}{self.label}{meaning}]"


def badge(
    basis: str | Basis,
    rests_on: str | None = None,
    *,
    scope: str | None = None,
    meaning: str | None = None,
) -> Badge:
    key = basis.value if isinstance(basis, Basis) else str(basis)
    label, default = BASIS_LABELS.get(key, (key.upper(), ""))
    return Badge(
        key,
        label,
        BASIS_SYMBOLS.get(key, "•"),
        default if meaning is None else meaning,
        " ".join(rests_on.split()) if rests_on else None,
        scope,
    )


@dataclass(frozen=True)
class SourceGroup:
    """Sources shown together, under a title; an account carries its own text."""

    title: str
    sources: tuple[Source, ...]
    text: str | None = None


def sources_of(scenario: Scenario, ids: list[str] | tuple[str, ...]) -> tuple[Source, ...]:
    """The cited sources, in the author's order, each once."""
    found = (scenario.source(i) for i in dict.fromkeys(ids))
    return tuple(s for s in found if s is not None)


def _group(scenario: Scenario, title: str, ids: list[str]) -> list[SourceGroup]:
    sources = sources_of(scenario, ids)
    return [SourceGroup(title, sources)] if sources else []


@dataclass(frozen=True)
class NodeNotes:
    """What goes with a node's own text: an event's or ending's badge, and the node's sources
    (and those its advisers' words rest on)."""

    badge: Badge | None
    groups: tuple[SourceGroup, ...]


def node_notes(game: Game, node_id: str | None = None) -> NodeNotes:
    scenario = game.scenario
    node = game.as_told(node_id or game.state.node_id)  # with the text variant told
    mark = None
    if isinstance(node, EventNode | EndingNode) and node.basis is not None:
        mark = badge(node.basis, node.rests_on)
    groups = _group(scenario, "Sources", list(node.sources))
    if isinstance(node, DecisionNode):
        for adviser in node.advisers:
            groups += _group(scenario, f"Sources for {adviser.who}", list(adviser.sources))
    if node.effects is not None:
        groups += _group(scenario, "Sources for the change", list(node.effects.sources))
    return NodeNotes(mark, tuple(groups))


def role_sources(game: Game, role: Role) -> tuple[Source, ...]:
    return sources_of(game.scenario, list(role.sources))


@dataclass(frozen=True)
class Marker:
    """The verdict at the top of the history pane, with a symbol as well as a tone (NO_COLOR)."""

    symbol: str
    text: str
    tone: str  # followed, left, automatic or never-faced


@dataclass(frozen=True)
class Decided:
    """Who or what took the decision, around the choice's label: "Time ran out: " + label +
    " was taken"."""

    lead: str
    label: str
    tail: str = ""

    def __str__(self) -> str:
        return f"{self.lead}{self.label}{self.tail}"


@dataclass(frozen=True)
class HistoryLabels:
    marker: Marker
    verdict: str
    heading: str
    date: str | None
    choice_line: str
    text: str
    badge: Badge
    accounts: tuple[SourceGroup, ...]
    groups: tuple[SourceGroup, ...]


@dataclass(frozen=True)
class StepLabels:
    """Everything an outcome screen says about one step."""

    decided: Decided | None
    note: str | None
    narration: str | None
    badge: Badge | None
    groups: tuple[SourceGroup, ...]
    history: HistoryLabels | None


def on_history_path(scenario: Scenario, node_id: str) -> bool:
    pairs = history_path(scenario)
    return node_id == scenario.start or any(node_id in pair for pair in pairs)


def decided(game: Game, step: Step, comparison: Comparison | None) -> Decided | None:
    if step.choice is None:
        return None
    label = step.choice.label
    how = step.entry.how
    if how == "timeout":
        return Decided("Time ran out: ", label, " was taken")
    if how == "override":
        return Decided("The facilitator set: ", label)
    if how == "vote" and step.entry.tally:
        return Decided("Decided by a show of hands: ", label)
    if how == "vote" and comparison is not None and comparison.leader:
        who = f"the leader, {comparison.who}," if comparison.who else "the leader"
        return Decided(f"Decided by {who} after the advice: ", label)
    if how == "vote":
        return Decided("Decided by vote: ", label)
    if how == "fallback":
        return Decided("Not unanimous, so the fallback was taken: ", label)
    if how in ("history", "skipped", "facilitator"):
        took = comparison is not None and comparison.took_history and comparison.faced
        what = "taken as history did" if took else "played for you with the scenario's default"
        who = {
            "history": "",
            "skipped": "The lesson plan passes over this; ",
            "facilitator": "The facilitator skipped this; ",
        }[how]
        lead = f"{who}{what}" if who else what
        return Decided(f"{lead[0].upper()}{lead[1:]}: ", label)
    if step.entry.votes:
        return Decided("Decided by vote: ", label)
    if comparison is not None and comparison.who:
        return Decided(f"{comparison.decider[0].upper()}{comparison.decider[1:]} chose: ", label)
    return Decided("You chose: ", label)


def marker(game: Game, comparison: Comparison) -> Marker:
    verdict = comparison.verdict
    if verdict in ("followed", "left"):
        words = comparison.verdict_text.rstrip(".").upper()
        return Marker("=" if verdict == "followed" else "≠", words, verdict)
    if verdict == "none-of-these":
        return Marker("≠", "HISTORY DID NONE OF THESE", "left")
    if verdict == "automatic":
        if (
            comparison.took_history
            and comparison.faced
            and on_history_path(game.scenario, comparison.node_id)
        ):
            return Marker("·", "HISTORY'S OWN COURSE", "automatic")
        if comparison.faced:
            return Marker("·", "PLAYED FOR YOU — NOT HISTORY'S CHOICE", "automatic")
        return Marker("·", "PLAYED FOR YOU — HISTORY NEVER FACED THIS", "automatic")
    return Marker("~", "HISTORY NEVER FACED THIS", "never-faced")


def _same_event(step: Step, comparison: Comparison) -> bool:
    """The consequence tells what history did: the documented choice, and not a chance outcome
    marked as something that did not happen."""
    part = step.consequence
    if not (comparison.took_history and comparison.faced) or part is None:
        return False
    return part.basis is None or part.basis.value in ("documented", "contested")


def step_labels(game: Game, step: Step) -> StepLabels:
    scenario = game.scenario
    comparison = compare_step(game, step)
    part = step.consequence
    history = comparison.history if comparison is not None else None
    same = comparison is not None and _same_event(step, comparison)

    mark = None
    if part is not None and part.basis is not None:
        basis = part.basis.value
        if same and history is not None:
            # One event, one label: the more cautious of the two.
            agreed = max(basis, history.basis, key=CAUTION.index)
            meaning = None
            if agreed == "contested" and history.basis == "contested":
                meaning = "the sources disagree: see each account under What actually happened"
            mark = badge(agreed, part.rests_on, meaning=meaning)
        else:
            mark = badge(basis, part.rests_on, scope="Your course" if history else None)

    groups: list[SourceGroup] = []
    if part is not None:
        groups += _group(scenario, "Sources", list(part.sources))
    for piece in (step.choice, step.outcome):
        if piece is not None and piece.effects is not None:
            groups += _group(scenario, "Sources for the change", list(piece.effects.sources))

    history_labels = None
    if comparison is not None and history is not None:
        history_labels = _history_labels(game, step, comparison, same)

    note = None
    if comparison is not None and comparison.automatic:
        note = comparison.verdict_text  # whose decision it was, and whether history faced it
    return StepLabels(
        decided(game, step, comparison),
        note,
        step.narration,
        mark,
        tuple(groups),
        history_labels,
    )


def _history_labels(game: Game, step: Step, comparison: Comparison, same: bool) -> HistoryLabels:
    scenario = game.scenario
    history = comparison.history
    assert history is not None
    part = step.consequence
    if history.basis == "counterfactual":
        heading = NEVER_FACED_HEADING
        choice_line = "History's choice: none — this situation never arose"
        mark = badge("never-faced", history.rests_on, meaning="an informed guess")
    else:
        heading = HISTORY_HEADING
        choice_line = f"History's choice: {comparison.history_label}"
        basis: str = history.basis
        if same and part is not None and part.basis is not None:
            basis = max(basis, part.basis.value, key=CAUTION.index)
        scope = None if same or part is None or part.basis is None else "History's course"
        mark = badge(basis, history.rests_on, scope=scope)
    accounts = tuple(
        SourceGroup(f"Account {number}", sources_of(scenario, list(account.sources)), account.text)
        for number, account in enumerate(history.accounts, start=1)
    )
    return HistoryLabels(
        marker(game, comparison),
        comparison.verdict_text,
        heading,
        comparison.date,
        choice_line,
        history.text,
        mark,
        accounts,
        tuple(_group(scenario, "Sources", list(history.sources))),
    )


def ending_notes(game: Game) -> NodeNotes:
    """The ending's badge (if it has a basis) and its sources (whether or not it has one)."""
    ending = game.ending
    assert ending is not None
    return node_notes(game, game.state.node_id)


def variable_meaning(var: Variable) -> str:
    """What a variable measures, for the introduction's "What is tracked": its description, or
    for a `choice` variable without one the values it takes; "" when there is nothing to say."""
    if var.description:
        return var.description
    if var.type == "choice" and var.values:
        return " or ".join(var.values)
    return ""
