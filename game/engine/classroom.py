"""A class session on one screen: who plays which role, and whose turn it is at the keyboard.

The engine's flow (`flow.py`) asks for the turns of a decision, collects one choice (and an
optional reason) per turn, then resolves them by the node's rule with `votes.tally`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .game import Game
from .model import DecisionNode, DecisionRule, Scenario
from .text import check, printable
from .votes import VoteResult, tally


@dataclass(frozen=True)
class Turn:
    voter: str  # the name shown at the handoff: a student, a team, or the role itself
    role: str  # whose secrets this turn may see
    kind: str  # "decide" (one team decides), "vote", "advise" (leader rule), "lead"


@dataclass
class Classroom:
    players: dict[str, list[str]]  # role id → names of the students or teams playing it
    group: str = ""
    reveal: str = "now"  # when history is shown: "now" after each decision, or at the "end"
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        """Names are typed by a teacher or students: refuse control characters (UnsafeText)."""
        check(self.group, "the group's name")
        for names in self.players.values():
            for name in names:
                check(name, "a player's name")

    @classmethod
    def from_extra(cls, extra: dict[str, Any]) -> Classroom | None:
        """The class of a save, or None; names in a doctored save are cleaned, not trusted."""
        if not isinstance(extra, dict) or not extra.get("class"):
            return None
        players = extra.get("players")
        return cls(
            {
                printable(str(role)): [printable(str(n)) for n in names]
                for role, names in (players.items() if isinstance(players, dict) else ())
                if isinstance(names, list)
            },
            printable(str(extra.get("group") or "")),
            str(extra.get("reveal") or "now"),
        )

    def to_extra(self) -> dict[str, Any]:
        return {"class": True, "players": self.players, "group": self.group, "reveal": self.reveal}

    def names(self, scenario: Scenario, role_id: str) -> list[str]:
        role = scenario.role(role_id)
        return self.players.get(role_id) or [role.name if role else role_id]

    def team(self, scenario: Scenario, role_id: str) -> str:
        role = scenario.role(role_id)
        label = role.name if role else role_id
        names = self.players.get(role_id)
        return f"{label} ({', '.join(names)})" if names else label

    def turns(self, scenario: Scenario, node: DecisionNode) -> list[Turn]:
        """Who takes the keyboard, in order, for this decision."""
        roles = list(node.deciders) or [r.id for r in scenario.roles]
        rule = node.rule
        if rule is DecisionRule.single:
            return [Turn(self.team(scenario, roles[0]), roles[0], "decide")]
        if rule is DecisionRule.leader:
            leader = node.leader or roles[0]
            advisers = [
                Turn(name, role, "advise")
                for role in roles
                if role != leader
                for name in self.names(scenario, role)
            ]
            leading = self.players.get(leader, [])
            # The first name typed for the leader's role leads; the others of that team advise
            # too, when there are several.
            advisers += [Turn(name, leader, "advise") for name in leading[1:]]
            head = leading[0] if leading else self.names(scenario, leader)[0]
            return [*advisers, Turn(head, leader, "lead")]
        return [Turn(name, role, "vote") for role in roles for name in self.names(scenario, role)]

    def resolve(
        self, node: DecisionNode, votes: dict[str, str], leader_vote: str | None = None
    ) -> VoteResult:
        return tally(node, votes, leader_vote)


def is_group_vote(node: object) -> bool:
    """A decision several roles take together by a vote (not one role's, nor a leader's)."""
    return (
        isinstance(node, DecisionNode)
        and node.rule in (DecisionRule.majority, DecisionRule.unanimous)
        and len(node.deciders) > 1
    )


def votes_with_history(game: Game, role: str, choice_id: str) -> dict[str, str]:
    """One player's vote for their role; the other deciding roles vote as history did."""
    node = game.node
    assert isinstance(node, DecisionNode)
    names = {r.id: r.name for r in game.scenario.roles}
    votes = {names.get(r, r): game.historical_choice().id for r in node.deciders}
    votes[names.get(role, role)] = choice_id
    return votes


def leads_after_advice(scenario: Scenario) -> dict[str, list[str]]:
    """Role id -> the titles of the decisions that role takes as the leader, after advice."""
    found: dict[str, list[str]] = {}
    for node in scenario.nodes.values():
        if isinstance(node, DecisionNode) and node.rule is DecisionRule.leader:
            roles = list(node.deciders) or [r.id for r in scenario.roles]
            leader = node.leader or (roles[0] if roles else "")
            if leader:
                found.setdefault(leader, []).append(node.title)
    return found


def setup_notes(scenario: Scenario, preset_id: str | None) -> dict[str, str]:
    """What a teacher typing names should know about each role (role id -> one sentence): a role
    the lesson preset leaves with nothing to decide, and who leads a decision taken after
    advice. The same notes for the class setup screen and plain mode."""
    notes: dict[str, str] = {}
    idle = {role.id for role in scenario.idle_roles(preset_id)}
    leads = leads_after_advice(scenario)
    skipped = set(p.skip) if (p := scenario.preset(preset_id)) is not None else set()
    for role in scenario.roles:
        if role.id in idle:
            notes[role.id] = (
                f"Nothing to decide in this lesson: every decision of {role.name} is played as "
                "history did, so no names are needed."
            )
            continue
        titles = [
            t for t in leads.get(role.id, [])
            if not any(scenario.nodes[n].title == t for n in skipped if n in scenario.nodes)
        ]  # fmt: skip
        if titles:
            quoted = [f"“{t}”" for t in titles]
            which = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
            notes[role.id] = (
                f"The first name you type leads: at {which} that student decides for "
                f"{role.name} after hearing the advice of everyone else (the other names here "
                "advise first)."
            )
    return notes


@dataclass(frozen=True)
class Lesson:
    """A length a class can play the scenario at: a preset, or the whole scenario (None)."""

    label: str
    preset: str | None


def lessons(scenario: Scenario) -> tuple[list[Lesson], str | None]:
    """The lessons a class setup offers, each length once, and the one chosen unless the
    teacher picks another. A preset that already plays everything is the "everything" choice;
    each preset says how it changes the timers and which roles it leaves with nothing to
    decide."""
    offered = []
    for preset in scenario.presets:
        label = preset.name
        if preset.timer_scale != 1:
            label += f", with {preset.timer_scale:g}× the time for each timed decision"
        idle = [role.name for role in scenario.idle_roles(preset.id)]
        if idle:
            label += f" — {', '.join(idle)}: nothing to decide"
        offered.append(Lesson(label, preset.id))
    whole = next((p.id for p in scenario.presets if not p.skip and p.timer_scale == 1), None)
    if whole is None:
        offered.insert(0, Lesson(f"Everything (about {scenario.minutes} minutes)", None))
    return offered, whole
