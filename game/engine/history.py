"""Comparing a player's path with what actually happened."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .game import Entry, Game, How, Step
from .model import (
    Choice,
    DecisionNode,
    DecisionRule,
    EventNode,
    History,
    NodeBase,
    Outcome,
    Scenario,
    Source,
)

# How a decision was taken when it was not the players': another side, the lesson plan, or the
# facilitator skipping it.
AUTOMATIC = ("history", "skipped", "facilitator")

# The one wording of how a decision was taken, for every front end and report.
HOW_WORDS: dict[str, str] = {
    How.PLAYER: "",
    How.VOTE: "by vote",
    How.FALLBACK: "not unanimous: the fallback was taken",
    How.TIMEOUT: "time ran out: the default was taken",
    How.HISTORY: "played as history did",
    How.SKIPPED: "skipped by the lesson plan",
    How.FACILITATOR: "skipped by the facilitator",
    How.OVERRIDE: "set by the facilitator",
}


def by_leader(node: NodeBase | None, entry: Entry) -> bool:
    """True when the leader took this decision after the advice (the leader rule; not a show of
    hands, a timeout or the facilitator)."""
    return (
        isinstance(node, DecisionNode)
        and node.rule is DecisionRule.leader
        and entry.how == How.VOTE
        and not entry.tally
    )


def leader_name(scenario: Scenario, node: NodeBase | None, entry: Entry) -> str:
    """The leader's role name, as players read it."""
    role_id = entry.by or (node.leader if isinstance(node, DecisionNode) else None) or ""
    if not role_id and isinstance(node, DecisionNode) and node.deciders:
        role_id = node.deciders[0]
    role = scenario.role(role_id)
    return role.name if role is not None else role_id or "the leader"


def how_words(scenario: Scenario, entry: Entry) -> str:
    """How a decision was taken, in words, for every screen: "by vote", "by a show of hands",
    "decided by the leader, John F. Kennedy, after the advice"…"""
    node = scenario.nodes.get(entry.node or "")
    if entry.tally and entry.how == How.VOTE:
        return "by a show of hands"
    if entry.tally and entry.how == How.OVERRIDE:
        return "set by the facilitator after a show of hands"
    if by_leader(node, entry):
        return f"decided by the leader, {leader_name(scenario, node, entry)}, after the advice"
    return HOW_WORDS.get(entry.how, "")


@dataclass(frozen=True)
class Comparison:
    step: int
    node_id: str
    title: str
    date: str | None
    chosen: Choice
    how: str
    history: History | None
    documented: Choice | None
    sources: tuple[Source, ...]
    # Who decided, when the log names them: a role's name (a team in class or a live seat) or
    # a description such as "show of hands". None: the player at this screen.
    who: str | None = None
    who_is_role: bool = False
    leader: bool = False  # the leader decided after the advice (the leader rule)

    @property
    def automatic(self) -> bool:
        """Taken for the player: another side's decision, or one the lesson plan passes over."""
        return self.how in AUTOMATIC

    @property
    def counted(self) -> bool:
        """Only the player's own decisions that history actually faced count towards divergence."""
        return (
            not self.automatic
            and self.history is not None
            and self.history.basis != "counterfactual"
        )

    @property
    def followed(self) -> bool | None:
        """True when the player did what history did; None when it does not count (history never
        faced it, or the decision was not the player's)."""
        if not self.counted:
            return None
        return self.documented is not None and self.documented.id == self.chosen.id

    @property
    def verdict(self) -> str:
        """followed, left, none-of-these (history took another course), automatic or
        never-faced."""
        if self.automatic:
            return "automatic"
        if self.followed is None:
            return "never-faced"
        if self.followed:
            return "followed"
        return "none-of-these" if self.documented is None else "left"

    @property
    def took_history(self) -> bool:
        """True when the choice taken is the one history made."""
        return self.documented is not None and self.documented.id == self.chosen.id

    @property
    def faced(self) -> bool:
        """True when history faced this decision (its block is not a counterfactual)."""
        return self.history is not None and self.history.basis != "counterfactual"

    @property
    def decider(self) -> str:
        """Who or what took the decision, as the subject of a sentence ("you", "the default")."""
        fixed = {
            "timeout": "the default",
            "vote": "the vote",
            "fallback": "the fallback",
            "override": "the facilitator's choice",
        }
        if self.leader:
            return f"the leader ({self.who})" if self.who else "the leader"
        if self.how == "vote" and self.who == "show of hands":
            return "the show of hands"
        if self.how in fixed:
            return fixed[self.how]
        if self.who:
            return f"{self.who}'s team" if self.who_is_role else f"the {self.who}"
        return "you"

    @property
    def taken_by(self) -> str:
        """Who took the choice, as a label before it ("you", "Kennedy's team", "played as history
        did"): a path summary must not say "you" of a choice the player never made."""
        return HOW_WORDS[self.how] if self.automatic else self.decider

    @property
    def verdict_text(self) -> str:
        """The verdict in words, naming whoever decided: a seat told "You left history" after
        another seat's timeout would be told something false."""
        verdict = self.verdict
        if verdict in ("followed", "left"):
            verb = "followed history" if verdict == "followed" else "left history"
            subject = self.decider
            sentence = f"{subject[0].upper()}{subject[1:]} {verb}."
            prefix = {
                "timeout": "Time ran out: ",
                "fallback": "Not unanimous: ",
            }.get(self.how, "")
            return prefix + (sentence if not prefix else sentence[0].lower() + sentence[1:])
        return {
            "none-of-these": "History did none of these.",
            "never-faced": "History never faced this choice.",
            "automatic": self._automatic_text(),
        }[verdict]

    def _automatic_text(self) -> str:
        if self.took_history and self.faced:
            taken = "history's choice was taken"
        elif self.faced:
            taken = "history's choice was not open, so the scenario's default was taken"
        else:
            taken = "history never faced it; the scenario's default was taken"
        if self.how == "skipped":
            return f"The lesson plan passes over this decision: {taken}."
        if self.how == "facilitator":
            return f"The facilitator skipped this decision: {taken}."
        if self.took_history and self.faced:
            return "Not your decision: taken as history did."
        return f"Not your decision: {taken}."

    @property
    def history_label(self) -> str:
        if self.history is None:
            return "(no record)"
        if self.documented is not None:
            return self.documented.label
        if self.history.basis == "counterfactual":
            return "(never happened)"
        return self.history.actual or "none of these"


def compare_step(game: Game, step: Step) -> Comparison | None:
    node = game.scenario.nodes[step.node_id]
    if not isinstance(node, DecisionNode) or step.choice is None:
        return None
    history = node.history
    documented = None
    sources: list[Source] = []
    if history is not None:
        documented = next((c for c in node.choices if c.id == history.choice), None)
        ids = list(history.sources) + [s for a in history.accounts for s in a.sources]
        for source_id in dict.fromkeys(ids):
            source = game.scenario.source(source_id)
            if source is not None:
                sources.append(source)
    role = game.scenario.role(step.entry.by) if step.entry.by else None
    leader = by_leader(node, step.entry)
    return Comparison(
        step.index,
        step.node_id,
        node.title,
        history.date if history and history.date else node.date,
        step.choice,
        step.entry.how,
        history,
        documented,
        tuple(sources),
        who=leader_name(game.scenario, node, step.entry)
        if leader
        else role.name
        if role is not None
        else step.entry.by,
        who_is_role=role is not None and not leader,
        leader=leader,
    )


def timeline(game: Game) -> list[Comparison]:
    """Every decision on the current line, compared with history."""
    return [c for c in (compare_step(game, s) for s in game.state.steps) if c is not None]


@dataclass(frozen=True)
class Divergence:
    left: int
    counted: int

    @property
    def percent(self) -> int:
        return round(100 * self.left / self.counted) if self.counted else 0

    def describe(self) -> str:
        if not self.counted:
            return "no historical decisions yet"
        return f"{self.left} of {self.counted} decisions left history ({self.percent}%)"


def divergence(game: Game) -> Divergence:
    compared = [c for c in timeline(game) if c.counted]
    return Divergence(sum(1 for c in compared if not c.followed), len(compared))


def history_path(scenario: Scenario) -> set[tuple[str, str]]:
    """The (from, to) pairs of the path history took: documented choices, documented outcomes."""
    pairs: set[tuple[str, str]] = set()
    visited: set[str] = set()
    node_id = scenario.start
    while node_id in scenario.nodes and node_id not in visited:
        visited.add(node_id)
        node = scenario.nodes[node_id]
        target: str | None = None
        if isinstance(node, DecisionNode) and node.history:
            choice = next((c for c in node.choices if c.id == node.history.choice), None)
            if choice is not None:
                target = choice.goto or documented_target(choice.outcomes or ())
        elif isinstance(node, EventNode):
            target = node.next or documented_target(node.outcomes or ())
        if target is None:
            break
        pairs.add((node_id, target))
        node_id = target
    return pairs


def documented_target(outcomes: Sequence[Outcome]) -> str | None:
    """Where the documented one of several chance outcomes leads, if one is documented."""
    for outcome in outcomes:
        if outcome.basis is not None and outcome.basis.value == "documented":
            return outcome.goto
    return None
