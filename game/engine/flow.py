"""The flow of play above single moves, for every front end: what is pending now, and the
commands that answer it.

A `Flow` wraps a `Game`. Front ends ask `pending()` and render the answer (a briefing, an event,
a turn for a named voter, a tie for the facilitator, an outcome to show, the ending), then send a
command (`choose`, `proceed`, or a facilitator's action). Decisions that play themselves (a lesson
preset's skip, a side nobody plays) are applied here, so no front end can forget them. Every
command and every timeout is a log entry; pause and reveal are log entries too, so saves, live
sessions and debriefs all read the same story. Ballots in progress live behind `Ballots`: in
memory for one screen, in the live session's database for seats in separate processes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from .classroom import Classroom, is_group_vote, votes_with_history
from .game import Control, Entry, Game, GameError, How, Kind, Step
from .history import HOW_WORDS, by_leader, compare_step, how_words
from .model import Choice, DecisionNode, DecisionRule, EndingNode, EventNode
from .votes import VoteResult, count_hands, tally

MOVES = frozenset({Kind.CHOOSE, Kind.CONTINUE, Kind.REWIND})


class TurnKind(StrEnum):
    DECIDE = "decide"  # one team (or player) decides
    VOTE = "vote"
    ADVISE = "advise"  # leader rule: a recommendation with a reason
    LEAD = "lead"  # leader rule: the decision, after the advice


class Reveal(StrEnum):
    NOW = "now"  # history is shown after every decision
    END = "end"  # only at the ending


class FlowError(Exception):
    """A command that does not fit what is pending; the message is for the person who sent it."""


# -- what may be pending -------------------------------------------------------------------------
@dataclass(frozen=True)
class Briefing:
    """The scenario's opening, before the first move."""


@dataclass(frozen=True)
class EventToContinue:
    node_id: str


@dataclass(frozen=True)
class Turn:
    role: str
    voter: str  # the name shown: a student, a team, or the role itself
    kind: TurnKind
    choices: tuple[Choice, ...]
    seconds_left: float | None
    number: int = 1  # this turn's place in the keyboard's order, of `of`
    of: int = 1
    advice: tuple[Ballot, ...] = ()  # for the leader: the recommendations so far


@dataclass(frozen=True)
class Tie:
    choices: tuple[Choice, ...]
    counts: dict[str, int]


@dataclass(frozen=True)
class Waiting:
    """Nothing for this viewer to do: others decide, or the facilitator must act."""

    deciders: tuple[str, ...]  # role names
    missing: tuple[str, ...]  # voters who have not voted yet
    mine: str | None = None  # this viewer's vote, when cast
    seconds_left: float | None = None


@dataclass(frozen=True)
class Paused:
    pass


@dataclass(frozen=True)
class OutcomeToShow:
    step: Step
    reveal_history: bool
    result: str | None = None  # the tally and the rule's result, in words


@dataclass(frozen=True)
class Ending:
    node: EndingNode | None  # None: the facilitator ended the session before an ending


Pending = Briefing | EventToContinue | Turn | Tie | Waiting | Paused | OutcomeToShow | Ending


# -- ballots -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Ballot:
    role: str
    voter: str
    choice: str
    reason: str | None = None


class Ballots(Protocol):
    """Votes on the decision pending after `position` log entries, one per (role, voter)."""

    def cast(self, position: int, ballot: Ballot) -> None:
        """Record or change a vote; raise FlowError when that decision has been taken."""

    def cast_so_far(self, position: int) -> list[Ballot]: ...

    def deadline(self, position: int, seconds: float | None) -> float | None:
        """When the decision pending at `position` times out (set on first asking)."""

    def shift_deadlines(self, seconds: float) -> None:
        """Move every open deadline later (after a pause)."""


@dataclass
class MemoryBallots:
    """Ballots for one screen (the one-screen class, plain mode)."""

    clock: Callable[[], float] = time.time
    votes: dict[int, dict[tuple[str, str], Ballot]] = field(default_factory=dict)
    deadlines: dict[int, float] = field(default_factory=dict)
    closed_before: int = 0

    def cast(self, position: int, ballot: Ballot) -> None:
        if position < self.closed_before:
            raise FlowError("That decision was already taken; your vote was not counted.")
        self.votes.setdefault(position, {})[(ballot.role, ballot.voter)] = ballot

    def cast_so_far(self, position: int) -> list[Ballot]:
        return list(self.votes.get(position, {}).values())

    def close(self, position: int) -> None:
        self.closed_before = max(self.closed_before, position + 1)
        self.votes.pop(position, None)

    def deadline(self, position: int, seconds: float | None) -> float | None:
        if seconds is None:
            return None
        return self.deadlines.setdefault(position, self.clock() + seconds)

    def shift_deadlines(self, seconds: float) -> None:
        self.deadlines = {k: v + seconds for k, v in self.deadlines.items()}


def worth_showing(game: Game, step: Step) -> bool:
    """An outcome is shown when there is something to read: text, changes or history."""
    part = step.consequence
    return bool(
        (part is not None and part.text)
        or step.changes
        or step.why
        or (step.entry.how != How.PLAYER)
        or compare_step(game, step) is not None
    )


def vote_key(role_name: str, voter: str, names_in_two_roles: bool) -> str:
    """How a vote is keyed in the log: the voter's name, with the role when the same name
    votes for two roles (two students called Ann are two votes)."""
    return f"{voter} ({role_name})" if names_in_two_roles else voter


# -- the flow ------------------------------------------------------------------------------------
class Flow:
    """One session of play over a `Game`.

    `players`: role id -> names, for a class (None: one player, or a live session whose seats are
    given by `seated`). `append` writes an entry to the log (a live session's shared log); `sync`
    catches up with moves made elsewhere."""

    def __init__(
        self,
        game: Game,
        *,
        players: dict[str, list[str]] | None = None,
        reveal: Reveal | str = Reveal.NOW,
        ballots: Ballots | None = None,
        clock: Callable[[], float] = time.time,
        append: Callable[[Entry], object] | None = None,
        sync: Callable[[], object] | None = None,
        seated: Callable[[], dict[str, list[str]]] | None = None,
        follow_history: bool = False,
        races: tuple[type[Exception], ...] = (),
        room: bool = False,
    ) -> None:
        """`races`: the errors `append` raises when another process moved first; automatic
        moves (a count, a timeout, a skip) that lose such a race are simply dropped."""
        self.game = game
        self.races = races
        self.players = players
        self.initial_reveal = Reveal(reveal)
        self.clock = clock
        self.ballots: Ballots = ballots if ballots is not None else MemoryBallots(clock)
        self._append = append or game.append
        self._sync = sync
        self._seated = seated
        self.follow_history = follow_history
        self.room = room  # the crisis room of a live session: it starts the lesson
        self.begun = bool(game.log)
        self.seen = len(game.state.steps)  # steps whose outcome this viewer has acknowledged
        self.results: dict[int, str] = {}  # step index -> tally words, for the outcome
        self._paused_at: float | None = None
        self._opened: dict[int, float] = {}

    # -- derived from the log ----------------------------------------------------------------
    @property
    def live(self) -> bool:
        return self._seated is not None

    @property
    def started(self) -> bool:
        """A live lesson starts when the crisis room says so: until then no decision plays
        itself and no clock runs, so nothing happens before the students have taken their
        seats. (A session from before this rule counts as started once anything was logged.)"""
        if not self.live:
            return True
        log = self.game.log
        return any(e.type in ("choose", "continue") for e in log) or (
            Control.START in self.game.controls()
        )

    @property
    def is_class(self) -> bool:
        return self.players is not None or self.live

    @property
    def position(self) -> int:
        """Which decision ballots and clocks belong to: the number of moves logged so far
        (news and pauses do not change it; a rewind does)."""
        return sum(1 for e in self.game.log if e.type in MOVES)

    @property
    def reveal(self) -> Reveal:
        for control in reversed(self.game.controls()):
            if control is Control.REVEAL_NOW:
                return Reveal.NOW
            if control is Control.REVEAL_END:
                return Reveal.END
        return self.initial_reveal

    @property
    def paused(self) -> bool:
        for control in reversed(self.game.controls()):
            if control in (Control.PAUSE, Control.RESUME):
                return control is Control.PAUSE
        return False

    @property
    def ended(self) -> bool:
        return self.game.finished or Control.END in self.game.controls()

    def roster(self) -> dict[str, list[str]]:
        if self._seated is not None:
            return self._seated()
        return self.players or {}

    # -- what is pending ---------------------------------------------------------------------
    def pending(self, viewer: tuple[str, str] | None = None) -> Pending:
        """What is pending now; for a live seat, `viewer` is its (role, name)."""
        if self._sync is not None:
            self._sync()
        self.settle()
        game = self.game
        steps = game.state.steps
        self.seen = min(self.seen, len(steps))
        while self.seen < len(steps) and not worth_showing(game, steps[self.seen]):
            self.seen += 1
        if not self.begun:
            return Briefing()
        if self.seen < len(steps):
            step = steps[self.seen]
            reveal = self.reveal is Reveal.NOW or game.finished
            return OutcomeToShow(step, reveal, self.results.get(step.index) or self._result(step))
        if self.ended:
            return Ending(game.ending)
        if self.paused:
            return Paused()
        node = game.node
        if isinstance(node, EventNode):
            return EventToContinue(game.state.node_id)
        assert isinstance(node, DecisionNode)
        turns = self.turns()
        cast = {(b.role, b.voter): b for b in self.ballots.cast_so_far(self.position)}
        left = self.seconds_left()
        if self._tied(turns, cast):
            return Tie(self._tied_choices(cast), self._counts(cast))
        if viewer is not None:
            mine = next((t for t in turns if (t.role, t.voter) == viewer), None)
            if mine is not None and viewer not in cast:
                return mine
            return Waiting(
                tuple(r.name for r in game.view().deciders),
                tuple(t.voter for t in turns if (t.role, t.voter) not in cast),
                cast[viewer].choice if viewer in cast else None,
                left,
            )
        for turn in turns:
            if (turn.role, turn.voter) not in cast:
                return turn
        return Waiting(tuple(r.name for r in game.view().deciders), (), None, left)

    def turns(self) -> list[Turn]:
        """Who decides here, in the keyboard's order."""
        game = self.game
        node = game.node
        if not isinstance(node, DecisionNode):
            return []
        offered = tuple(game.offered())
        left = self.seconds_left()
        cast = self.ballots.cast_so_far(self.position)
        if not self.is_class:
            if game.role is None and is_group_vote(node):
                # One player, every side: each deciding officer votes in turn.
                names = [(r.id, r.name) for r in game.view().deciders]
                raw = [(rid, name, TurnKind.VOTE) for rid, name in names]
            else:
                role = game.role or (node.deciders[0] if node.deciders else "")
                raw = [(role, "", TurnKind.DECIDE)]
        else:
            room = Classroom(self.roster())
            if self.live:
                # Seats vote at once, in no order; every seat of the deciding role may decide.
                seated = self.roster()
                roles = [d for d in node.deciders or [r.id for r in game.scenario.roles]]
                roles = [r for r in roles if seated.get(r)]
                if node.rule is DecisionRule.single:
                    kinds = {roles[0]: TurnKind.DECIDE} if roles else {}
                elif node.rule is DecisionRule.leader:
                    leader = node.leader or (roles[0] if roles else "")
                    kinds = {r: TurnKind.LEAD if r == leader else TurnKind.ADVISE for r in roles}
                else:
                    kinds = {r: TurnKind.VOTE for r in roles}
                raw = [(r, name, kind) for r, kind in kinds.items() for name in seated[r]]
                raw.sort(key=lambda t: t[2] is TurnKind.LEAD)  # the leader's turn comes last
                return self._numbered(raw, offered, left, cast)
            raw = [(t.role, t.voter, TurnKind(t.kind)) for t in room.turns(game.scenario, node)]
        return self._numbered(raw, offered, left, cast)

    def _numbered(
        self,
        raw: list[tuple[str, str, TurnKind]],
        offered: tuple[Choice, ...],
        left: float | None,
        cast: list[Ballot],
    ) -> list[Turn]:
        advice = tuple(b for b in cast if any(
            (r, v) == (b.role, b.voter) and k is TurnKind.ADVISE for r, v, k in raw
        ))  # fmt: skip
        return [
            Turn(role, voter, kind, offered, left, n, len(raw),
                 advice if kind is TurnKind.LEAD else ())
            for n, (role, voter, kind) in enumerate(raw, start=1)
        ]  # fmt: skip

    def seconds_left(self) -> float | None:
        seconds = self.game.timer_seconds()
        if seconds is None or not self.started:
            return None
        deadline = self.ballots.deadline(self.position, seconds)
        if deadline is None:
            return None
        now = self._paused_at if self._paused_at is not None else self.clock()
        return max(0.0, deadline - now)

    # -- decisions that play themselves ------------------------------------------------------
    def settle(self) -> None:
        """Apply what needs nobody: a preset's skip, a side nobody plays, a guided tour, a
        timeout, a complete ballot."""
        for _ in range(200):  # a scenario's path is finite; this guards a malformed loop
            try:
                if not self._settle_once():
                    return
            except self.races:
                if self._sync is not None:
                    self._sync()  # someone else took it: look again

    def _settle_once(self) -> bool:
        game = self.game
        node = game.node
        if not self.begun or self.ended or self.paused or not self.started:
            return False
        if not isinstance(node, DecisionNode):
            return False
        automatic = game.automatic()
        seated = self.roster() if self.live else None
        nobody = seated is not None and not any(seated.get(r) for r in node.deciders)
        if automatic is None and node.deciders and nobody:
            automatic = How.HISTORY  # nobody sits in the deciding role
        if automatic is not None:
            choice = game.historical_choice()
            outcome = game.documented_outcome(choice.id) if self.follow_history else None
            self._write(game.choice_entry(choice.id, how=automatic, outcome=outcome))
            return True
        if self.follow_history:
            return False  # the tour shows each decision, then `follow` takes history's way
        left = self.seconds_left()
        if left is not None and left <= 0 and node.timer is not None:
            self._decide(node.timer.default, How.TIMEOUT)
            return True
        return self._count_if_complete()

    def _count_if_complete(self) -> bool:
        turns = self.turns()
        cast = self._in_turn_order(turns)
        node = self.game.node
        assert isinstance(node, DecisionNode)
        if not turns:
            return False
        if self.live and node.rule is DecisionRule.leader:
            lead = [t for t in turns if t.kind is TurnKind.LEAD]
            done = any((t.role, t.voter) in cast for t in lead)
        elif self.live and node.rule is DecisionRule.single:
            done = bool(cast)
        else:
            done = all((t.role, t.voter) in cast for t in turns)
        if not done:
            return False
        result = self._tally(turns, cast)
        if result.choice is None:
            return False  # a tie: the facilitator decides
        self._decide(result.choice, None, result)
        return True

    def _tally(self, turns: list[Turn], cast: dict[tuple[str, str], Ballot]) -> VoteResult:
        node = self.game.node
        assert isinstance(node, DecisionNode)
        kinds = {(t.role, t.voter): t.kind for t in turns}
        votes = {k: b.choice for k, b in cast.items() if kinds.get(k) is not TurnKind.LEAD}
        lead = next((b.choice for k, b in cast.items() if kinds.get(k) is TurnKind.LEAD), None)
        keyed = {self._key(role, voter): c for (role, voter), c in votes.items()}
        if node.rule is DecisionRule.single:
            return tally(node, keyed or {"": lead or ""})
        return tally(node, keyed, lead)

    def _tied(self, turns: list[Turn], cast: dict[tuple[str, str], Ballot]) -> bool:
        if not turns or not all((t.role, t.voter) in cast for t in turns):
            return False
        node = self.game.node
        if not isinstance(node, DecisionNode) or node.rule is not DecisionRule.majority:
            return False
        return self._tally(turns, cast).choice is None

    def _tied_choices(self, cast: dict[tuple[str, str], Ballot]) -> tuple[Choice, ...]:
        counts = self._counts(cast)
        top = max(counts.values())
        node = self.game.node
        assert isinstance(node, DecisionNode)
        return tuple(c for c in node.choices if counts.get(c.id) == top)

    @staticmethod
    def _counts(cast: dict[tuple[str, str], Ballot]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for ballot in cast.values():
            counts[ballot.choice] = counts.get(ballot.choice, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))

    def _key(self, role: str, voter: str) -> str:
        if not self.is_class:
            return voter
        roles_of = [r for r, names in self.roster().items() if voter in names]
        role_obj = self.game.scenario.role(role)
        return vote_key(role_obj.name if role_obj else role, voter, len(roles_of) > 1)

    def _decide(self, choice_id: str, how: How | None, result: VoteResult | None = None) -> None:
        """Take the decision: votes and reasons go into the one log entry."""
        game = self.game
        turns = self.turns()
        cast = self._in_turn_order(turns)
        kinds = {(t.role, t.voter): t.kind for t in turns}
        reasons = {self._key(r, v): b.reason for (r, v), b in cast.items() if b.reason}
        votes = {
            self._key(r, v): b.choice for (r, v), b in cast.items()
            if kinds.get((r, v)) is not TurnKind.LEAD
        }  # fmt: skip
        lead = next((t for t in turns if t.kind is TurnKind.LEAD), None)
        one = len(turns) == 1 or (self.live and bool(turns) and turns[0].kind is TurnKind.DECIDE)
        by: str | None = None
        reason: str | None = None
        node = self._decision()
        if not self.is_class and game.role is not None and is_group_vote(node):
            # Playing one of several deciders: the others vote as history did.
            votes = votes_with_history(game, game.role, choice_id)
            result = tally(node, votes)
            one = False
            if how is None:
                choice_id, how = result.choice or choice_id, How(result.how)
        if how is None:
            how = How.PLAYER if one else How(result.how) if result is not None else How.VOTE
        if one and self.is_class:
            by = turns[0].role
        elif lead is not None:
            by = lead.role
        if one:
            # One team (or player) decided: its reason is the decision's, not a vote's.
            reason = next(iter(reasons.values()), None)
            votes, reasons = {}, {}
        opened = self._opened.get(self.position)
        seconds = None if opened is None else self.clock() - opened
        step_result = describe(node, result) if result is not None and not one else None
        entry = game.choice_entry(
            choice_id, how=how, by=by, reason=reason, votes=votes or None,
            reasons=reasons or None, seconds=seconds,
        )  # fmt: skip
        position = self.position
        self._write(entry)
        if isinstance(self.ballots, MemoryBallots):
            self.ballots.close(position)
        if step_result and game.state.steps:
            self.results[len(game.state.steps) - 1] = (
                self._result(game.state.steps[-1]) or step_result
            )

    def _in_turn_order(self, turns: list[Turn]) -> dict[tuple[str, str], Ballot]:
        """The ballots cast, in the order of the turns (not of arrival), so that every front
        end logs the votes alike."""
        cast = {(b.role, b.voter): b for b in self.ballots.cast_so_far(self.position)}
        order = [(t.role, t.voter) for t in turns]
        return {
            k: cast[k]
            for k in sorted(cast, key=lambda k: order.index(k) if k in order else len(order))
        }

    def _result(self, step: Step) -> str | None:
        """The tally and the rule's result, rebuilt from the log (a seat that did not count)."""
        entry = step.entry
        scenario = self.game.scenario
        node = scenario.nodes.get(step.node_id)
        if not isinstance(node, DecisionNode) or not (entry.votes or entry.tally):
            return None
        counts: dict[str, int] = {c: n for c, n in (entry.tally or {}).items() if n}
        for choice in (entry.votes or {}).values():
            counts[choice] = counts.get(choice, 0) + 1
        labels = {c.id: c.label for c in node.choices}
        shown = ", ".join(f"{labels.get(c, c)} {n}" for c, n in counts.items())
        if entry.tally:
            shown = f"Hands: {shown}"
        elif by_leader(node, entry):
            shown = f"The advice: {shown}" if shown else "No advice was given"
        words = how_words(scenario, entry)
        label = step.choice.label if step.choice else ""
        return f"{shown}. Result: {label}" + (f" ({words})" if words else "")

    def _write(self, entry: Entry) -> None:
        self._append(entry)
        if self._sync is not None:
            self._sync()

    # -- commands ----------------------------------------------------------------------------
    def begin(self) -> None:
        """The briefing was read. A seat joining a running session starts at the present; the
        crisis room's begin starts the lesson for everyone."""
        self.begun = True
        self.seen = len(self.game.state.steps)
        if self.room and not self.started:
            self.control(Control.START)

    def proceed(self) -> Step | None:
        """Continue: past the briefing, an outcome that was read, or an event."""
        pending = self.pending()
        if isinstance(pending, Briefing):
            self.begin()
        elif isinstance(pending, OutcomeToShow):
            self.seen = pending.step.index + 1
        elif isinstance(pending, EventToContinue):
            steps = len(self.game.state.steps)
            self._write(self.game.continue_entry())
            if len(self.game.state.steps) > steps:
                return self.game.state.steps[steps]
        else:
            raise FlowError("There is nothing to continue past now.")
        return None

    def follow(self) -> None:
        """The guided tour: take history's way here (its choice, its documented outcome)."""
        game = self.game
        if isinstance(game.node, EventNode):
            self._write(game.continue_entry(game.documented_outcome(), How.HISTORY))
            return
        choice = game.historical_choice()
        outcome = game.documented_outcome(choice.id)
        self._write(game.choice_entry(choice.id, how=How.HISTORY, outcome=outcome))

    def first_words(self, entry: Entry) -> str:
        """What a player is told whose choice came after someone else's move."""
        if entry.how == How.TIMEOUT:
            node = self.game.scenario.nodes.get(entry.node or "")
            return timeout_words(node) if isinstance(node, DecisionNode) else "Time ran out."
        if entry.how in (How.OVERRIDE, How.FACILITATOR):
            return "The facilitator decided first."
        if entry.type != Kind.CHOOSE:
            return "The story moved on first."
        role = self.game.scenario.role(entry.by) if entry.by else None
        return f"{role.name if role else 'Someone else'} decided first."

    def open_turn(self) -> None:
        """The pending decision is on screen: its time spent counts from now."""
        self._opened.setdefault(self.position, self.clock())

    def choose(
        self, choice_id: str, reason: str | None = None, voter: tuple[str, str] | None = None
    ) -> None:
        """A choice (or vote) by the turn pending for `voter` (default: the next in order)."""
        before = self.position
        pending = self.pending(voter)
        if self.position != before and len(self.game.log) > 0:
            raise FlowError(self.first_words(self.game.log[-1]))
        if not isinstance(pending, Turn):
            if isinstance(pending, Waiting) and pending.mine is not None:
                raise FlowError("Your vote is in; it cannot be changed now.")
            raise FlowError("It is not your turn to decide.")
        if choice_id not in {c.id for c in pending.choices}:
            raise FlowError(f"'{choice_id}' is not a choice open here.")
        self.open_turn()
        reason = (reason or "").strip() or None
        if self.live and pending.kind is TurnKind.DECIDE:
            # One role decides and any of its seats may: the first decision sent counts, and
            # the others are told who was first (the error from `append`).
            opened = self._opened.get(self.position)
            seconds = None if opened is None else self.clock() - opened
            self._write(self.game.choice_entry(
                choice_id, by=pending.role, reason=reason, seconds=seconds
            ))  # fmt: skip
            return
        self.ballots.cast(self.position, Ballot(pending.role, pending.voter, choice_id, reason))
        self.settle()

    def count_now(self) -> None:
        """Count the votes cast so far (a seat is missing): by the node's rule, as if complete."""
        self._decision()
        cast = {(b.role, b.voter): b for b in self.ballots.cast_so_far(self.position)}
        if not cast:
            raise FlowError("No votes are in yet.")
        result = self._tally(self.turns(), cast)
        if result.choice is None:
            raise FlowError("The votes so far are tied: press o to decide.")
        self._decide(result.choice, None, result)

    def time_out(self) -> None:
        """The decision's clock ran out (as the screen counted it): its default is taken."""
        node = self._decision()
        if node.timer is None:
            raise FlowError("This decision has no clock.")
        self._decide(node.timer.default, How.TIMEOUT)

    def tick(self) -> bool:
        """Let the clock act (a timeout); True if the log moved."""
        before = self.position
        self.settle()
        return self.position != before

    # -- the facilitator ---------------------------------------------------------------------
    def control(self, what: Control) -> None:
        if what is Control.PAUSE:
            if self.paused:
                return
            self._paused_at = self.clock()
        elif what is Control.RESUME:
            if not self.paused:
                return
            paused_at = self._paused_at if self._paused_at is not None else self._pause_logged()
            if paused_at is not None:
                self.ballots.shift_deadlines(max(0.0, self.clock() - paused_at))
            self._paused_at = None
        self._write(self.game.control_entry(what))

    def _pause_logged(self) -> float | None:
        """When the pause began, from the log (the pausing process may have restarted)."""
        pause = next((e for _, e in reversed(self.game.state.notes) if e.control == "pause"), None)
        if pause is None or pause.at is None:
            return None
        return datetime.fromisoformat(pause.at).timestamp()

    def pause(self) -> None:
        self.control(Control.PAUSE)

    def resume(self) -> None:
        self.control(Control.RESUME)

    def set_reveal(self, when: Reveal | str) -> None:
        self.control(Control.REVEAL_NOW if Reveal(when) is Reveal.NOW else Control.REVEAL_END)

    def end(self) -> None:
        self.control(Control.END)

    def news(self, text: str) -> None:
        """News for the players, logged at the decision it was given at: while an outcome is on
        screen that is the decision just taken (the game itself has already moved on)."""
        if not text.strip():
            return
        steps = self.game.state.steps
        step = self.seen if self.seen < len(steps) else None
        self._write(self.game.inject_entry(text.strip(), step))

    def _decision(self) -> DecisionNode:
        node = self.game.node
        if not isinstance(node, DecisionNode):
            raise FlowError("There is no decision pending.")
        return node

    def skip(self) -> None:
        """Take history's choice here, logged as the facilitator's skip."""
        self._decision()
        self._write(self.game.choice_entry(self.game.historical_choice().id, how=How.FACILITATOR))

    def override(
        self,
        choice_id: str | None = None,
        outcome: int | None = None,
        hands: dict[str, int] | None = None,
    ) -> None:
        """Set what happens: a choice (and optionally its chance outcome), or at an event the
        chance outcome."""
        node = self.game.node
        if isinstance(node, EventNode):
            self._write(self.game.continue_entry(outcome, How.OVERRIDE))
            return
        self._decision()
        if choice_id is None:
            raise FlowError("Say which choice the facilitator sets.")
        cast = self._in_turn_order(self.turns())
        votes = {self._key(r, v): b.choice for (r, v), b in cast.items()} or None
        reasons = {self._key(r, v): b.reason for (r, v), b in cast.items() if b.reason} or None
        self._write(self.game.choice_entry(
            choice_id, how=How.OVERRIDE, outcome=outcome, votes=votes, reasons=reasons,
            tally=hands,
        ))  # fmt: skip

    def show_of_hands(self, counts: dict[str, int]) -> VoteResult:
        """Count raised hands by the node's rule; it replaces the votes cast so far. A tie is
        left pending for `override`."""
        node = self._decision()
        result = count_hands(node, counts)
        if result.choice is not None:
            self._write(self.game.choice_entry(
                result.choice, how=result.how, by="show of hands", tally=counts
            ))  # fmt: skip
            step = self.game.state.steps[-1]
            self.results[step.index] = self._result(step) or describe(node, result)
        return result


def describe(node: DecisionNode, result: VoteResult) -> str:
    """A tally and the rule's result with the choices' labels, e.g. for the projector."""
    labels = {c.id: c.label for c in node.choices}
    shown = ", ".join(f"{labels.get(c, c)} {n}" for c, n in result.counts.items())
    if result.choice is None:
        tied = " or ".join(labels.get(c, c) for c in result.tied)
        return f"{shown}. Tied between {tied}: the facilitator decides."
    words = HOW_WORDS.get(result.how, "")
    label = labels.get(result.choice, result.choice)
    return f"{shown}. Result: {label}" + (f" ({words})" if words else "")


def timeout_words(node: DecisionNode) -> str:
    default = next((c.label for c in node.choices if node.timer and c.id == node.timer.default), "")
    return f"Time ran out: {default} was taken."


__all__ = [
    "Ballot", "Ballots", "Briefing", "Ending", "EventToContinue", "Flow", "FlowError",
    "GameError", "MemoryBallots", "OutcomeToShow", "Paused", "Pending", "Reveal", "Tie", "Turn",
    "TurnKind", "Waiting", "describe", "timeout_words", "worth_showing",
]  # fmt: skip
