"""How a group's votes become one decision, by the node's rule.

Votes map a voter (a player's or team's name) to a choice id. The result keeps the dissent so
the debrief can show who wanted what.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .model import DecisionNode, DecisionRule


@dataclass(frozen=True)
class VoteResult:
    choice: str | None  # None: a tie under the majority rule, to be settled by the facilitator
    how: str  # as logged: "vote", or "fallback" when a unanimous vote failed
    counts: dict[str, int]
    dissent: dict[str, str] = field(default_factory=dict)
    tied: tuple[str, ...] = ()

    def describe(self) -> str:
        tally = ", ".join(f"{choice} {n}" for choice, n in self.counts.items())
        if self.choice is None:
            return f"tied ({tally}): the facilitator decides"
        if self.how == "fallback":
            return f"not unanimous ({tally}): the fallback is taken"
        return f"{self.choice} ({tally})"


def tally(node: DecisionNode, votes: dict[str, str], leader_vote: str | None = None) -> VoteResult:
    """Resolve votes by the node's rule.

    single: the (first) vote decides. majority: most votes; a tie is left to the facilitator.
    unanimous: all must agree, else the node's `fallback`. leader: `leader_vote` decides after the
    others' recommendations, which are recorded as votes."""
    if not votes and leader_vote is None:
        raise ValueError("no votes were cast")
    counts = dict(Counter(votes.values()).most_common())
    rule = node.rule
    if rule is DecisionRule.leader:
        if leader_vote is None:
            raise ValueError("the leader has not decided")
        dissent = {voter: c for voter, c in votes.items() if c != leader_vote}
        return VoteResult(leader_vote, "vote", counts, dissent)
    if rule is DecisionRule.single:
        choice = next(iter(votes.values()))
        return VoteResult(choice, "vote", counts, {v: c for v, c in votes.items() if c != choice})
    if rule is DecisionRule.unanimous:
        if len(counts) == 1:
            return VoteResult(next(iter(counts)), "vote", counts)
        fallback = node.fallback or ""
        dissent = {voter: c for voter, c in votes.items() if c != fallback}
        return VoteResult(fallback, "fallback", counts, dissent)
    top = max(counts.values())
    leaders = tuple(c for c, n in counts.items() if n == top)
    if len(leaders) > 1:
        return VoteResult(None, "vote", counts, {}, leaders)
    winner = leaders[0]
    return VoteResult(winner, "vote", counts, {v: c for v, c in votes.items() if c != winner})


def count_hands(node: DecisionNode, counts: dict[str, int]) -> VoteResult:
    """A show of hands, resolved by the node's rule like individual votes."""
    hands = {f"{choice}#{n}": choice for choice, k in counts.items() for n in range(k)}
    if node.rule in (DecisionRule.single, DecisionRule.leader):
        # A room raising hands for one decider's choice: the most hands carry it.
        node = node.model_copy(update={"rule": DecisionRule.majority})
    result = tally(node, hands)
    return VoteResult(
        result.choice, result.how, {c: k for c, k in counts.items() if k}, {}, result.tied
    )
