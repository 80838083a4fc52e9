"""A game: a scenario, a seed and an append-only log. Everything else is derived from the log.

Front ends (the TUI, plain mode, classroom, live seats) read views from a `Game` and append to its
log through `choose`, `advance`, `rewind` and `inject`; none of them keeps game state of its own.
A rewind is itself a log entry, so the abandoned line stays in the log and in the save.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from .loader import LoadedScenario
from .model import (
    Choice,
    Consequence,
    DecisionNode,
    Effects,
    EndingNode,
    EventNode,
    NodeBase,
    Outcome,
    Preset,
    Role,
    Scenario,
    Variable,
    told,
)
from .text import UnsafeText, check


class Kind(StrEnum):
    """What a log entry records."""

    CHOOSE = "choose"
    CONTINUE = "continue"
    REWIND = "rewind"
    INJECT = "inject"
    NOTE = "note"  # a facilitator's action that is not a move


KINDS = tuple(k.value for k in Kind)


class How(StrEnum):
    """How a decision was taken, as logged."""

    PLAYER = "player"
    VOTE = "vote"
    FALLBACK = "fallback"
    TIMEOUT = "timeout"
    HISTORY = "history"
    SKIPPED = "skipped"
    FACILITATOR = "facilitator"
    OVERRIDE = "override"


class Control(StrEnum):
    """A facilitator's control of the session, logged as a note so every debrief lists it."""

    PAUSE = "pause"
    RESUME = "resume"
    REVEAL_NOW = "reveal-now"
    REVEAL_END = "reveal-end"
    END = "end"
    START = "start"


CONTROL_TEXT = {
    Control.PAUSE: "The facilitator paused the clock.",
    Control.RESUME: "The facilitator resumed the clock.",
    Control.REVEAL_NOW: "History is shown after every decision from here.",
    Control.REVEAL_END: "History is shown only at the end from here.",
    Control.END: "The facilitator ended the session.",
    Control.START: "The facilitator started the lesson.",
}


class GameError(Exception):
    """A move that does not fit the game's current position."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Entry:
    """One line of the log. `type` is choose, continue, rewind, inject (news for the players) or
    note (a facilitator's action, for the debrief)."""

    type: str
    node: str | None = None
    choice: str | None = None
    how: str = "player"
    by: str | None = None
    reason: str | None = None
    votes: dict[str, str] | None = None
    reasons: dict[str, str] | None = None
    tally: dict[str, int] | None = None  # a show of hands: choice id → hands
    outcome: int | None = None
    to: int | None = None
    text: str | None = None
    at: str | None = None
    seconds: float | None = None
    control: str | None = None  # on a note: pause, resume, reveal-now, reveal-end or end
    # On news: the step whose outcome was on screen when it was given (it belongs to that
    # decision, not to the next one). None: given while the decision pending was on screen.
    step: int | None = None

    def to_json(self) -> dict[str, object]:
        return {
            k: v
            for k, v in asdict(self).items()
            if v is not None and not (k == "how" and v == "player")
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        if not isinstance(data, dict) or data.get("type") not in KINDS:
            raise ValueError(f"not a log entry: {data!r}"[:120])
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


@dataclass(frozen=True)
class Change:
    variable: str
    before: object
    after: object

    def __str__(self) -> str:
        return f"{shown(self.before)} → {shown(self.after)}"


def shown(value: object) -> str:
    """A variable's value as players read it: yes/no rather than True/False."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@dataclass(frozen=True)
class Step:
    """One move on the current line: the node left, what was chosen, where it led."""

    index: int
    node_id: str
    entry: Entry
    choice: Choice | None
    outcome: Outcome | None
    next_id: str
    changes: tuple[Change, ...]
    why: tuple[str, ...]
    # As the players were told them: the node left (its text variant when it was reached) and
    # the consequence (its variant when the decision was taken). None: as written.
    node_told: NodeBase | None = None
    told: Consequence | None = None

    @property
    def consequence(self) -> Consequence | None:
        """What followed the move, as it was told (the variant chosen when it was taken)."""
        if self.told is not None:
            return self.told
        return self.outcome if self.outcome is not None else self.choice

    @property
    def taken_for_players(self) -> bool:
        """True when nobody playing chose this: history's choice for an unplayed side, or a node
        the lesson preset passes over."""
        return self.entry.how in ("history", "skipped")

    @property
    def narration(self) -> str | None:
        """The consequence's text as the players should read it: in the third person
        (`text_others`) when the decision was taken for them, so nobody reads "you" about a
        side they do not play."""
        part = self.consequence
        if part is None:
            return None
        if self.taken_for_players and part.text_others:
            return part.text_others
        return part.text


@dataclass
class State:
    node_id: str
    variables: dict[str, object]
    visits: Counter[str]
    choices: dict[str, str]
    steps: list[Step] = field(default_factory=list)
    branches: list[list[Step]] = field(default_factory=list)
    injects: list[tuple[int, Entry]] = field(default_factory=list)
    notes: list[tuple[int, Entry]] = field(default_factory=list)  # facilitator's log lines
    # What entering the start node changed, before any move (later entries belong to steps).
    opening: tuple[tuple[Change, ...], tuple[str, ...]] = ((), ())
    # The current node as it is told: its text variant chosen when it was reached.
    told: NodeBase | None = None


@dataclass(frozen=True)
class NodeView:
    """What a front end shows for the current node."""

    node_id: str
    node: NodeBase
    kind: str
    step: int
    offered: tuple[Choice, ...]
    deciders: tuple[Role, ...]

    def secret_for(self, role_id: str | None) -> str | None:
        return self.node.secrets.get(role_id) if role_id else None


@dataclass(frozen=True)
class Gauge:
    variable: Variable
    value: object

    @property
    def meaning(self) -> str | None:
        return (self.variable.levels or {}).get(
            str(self.value).lower() if isinstance(self.value, bool) else str(self.value)
        )


def _check_words(
    by: str | None = None,
    reason: str | None = None,
    votes: dict[str, str] | None = None,
    reasons: dict[str, str] | None = None,
    text: str | None = None,
) -> None:
    """GameError when a name, reason or message holds a control character (an escape sequence
    would reach every screen and report that shows it)."""
    try:
        check(by, "the name")
        check(reason, "the reason")
        check(text, "the text")
        for voter, value in (votes or {}).items():
            check(voter, "a voter's name")
            check(value, "a vote")
        for voter, value in (reasons or {}).items():
            check(voter, "a voter's name")
            check(value, f"the reason of {voter}")
    except UnsafeText as exc:
        raise GameError(str(exc)) from None


class Game:
    def __init__(
        self,
        loaded: LoadedScenario,
        seed: int = 0,
        log: list[Entry] | None = None,
        role: str | None = None,
        preset: str | None = None,
    ):
        self.loaded = loaded
        self.seed = seed
        self.role = role
        self.preset = preset
        self.log: list[Entry] = []
        self._state = self._fresh()
        for entry in log or []:
            self._apply(entry)
            self.log.append(entry)

    # -- reading -------------------------------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        return self.loaded.scenario

    @property
    def state(self) -> State:
        return self._state

    @property
    def node(self) -> NodeBase:
        """The current node as it is told: with the text variant chosen when it was reached."""
        return self._state.told or self.scenario.nodes[self._state.node_id]

    def as_told(self, node_id: str) -> NodeBase:
        """A node as the players were last told it: the current node, or the one a step left,
        with the text variant chosen when it was reached (as written if never reached)."""
        if node_id == self._state.node_id:
            return self.node
        for step in reversed(self._state.steps):
            if step.node_id == node_id:
                return step.node_told or self.scenario.nodes[node_id]
        return self.scenario.nodes[node_id]

    @property
    def finished(self) -> bool:
        return isinstance(self.node, EndingNode)

    @property
    def ending(self) -> EndingNode | None:
        node = self.node
        return node if isinstance(node, EndingNode) else None

    def view(self) -> NodeView:
        node = self.node
        roles = tuple(r for r in (self.scenario.role(d) for d in node.deciders) if r is not None)
        offered = tuple(self.offered()) if isinstance(node, DecisionNode) else ()
        state = self._state
        kind = self.scenario.nodes[state.node_id].kind
        return NodeView(state.node_id, node, kind, len(state.steps), offered, roles)

    def offered(self) -> list[Choice]:
        """The choices open now. When no condition holds, the default (or first) stays open so a
        class is never left with nothing to choose; `crisis explore` reports such spots."""
        node = self.node
        if not isinstance(node, DecisionNode):
            return []
        open_now = [c for c in node.choices if self.holds(c.condition)]
        if open_now:
            return open_now
        fallback = next((c for c in node.choices if c.id == node.default), node.choices[0])
        return [fallback]

    def gauges(self, include_hidden: bool = False) -> list[Gauge]:
        return [
            Gauge(v, self._state.variables[v.id])
            for v in self.scenario.variables
            if include_hidden or v.display != "hidden"
        ]

    def timer_seconds(self) -> int | None:
        node = self.node
        if not isinstance(node, DecisionNode) or node.timer is None:
            return None
        preset = self.preset_info()
        return max(5, round(node.timer.seconds * (preset.timer_scale if preset else 1.0)))

    def preset_info(self) -> Preset | None:
        return next((p for p in self.scenario.presets if p.id == self.preset), None)

    def automatic(self) -> str | None:
        """Why the current decision is taken without asking the player, or None.

        `skipped`: the lesson preset passes over this node; `history`: the deciding side is not
        the player's role, so it does what history did."""
        node = self.node
        if not isinstance(node, DecisionNode):
            return None
        preset = self.preset_info()
        if preset and self._state.node_id in preset.skip:
            return "skipped"
        if self.role and node.deciders and self.role not in node.deciders:
            return "history"
        return None

    def historical_choice(self) -> Choice:
        """History's choice here when it is open; else the node's default; else the first open."""
        node = self.node
        if not isinstance(node, DecisionNode):
            raise GameError("the current node is not a decision")
        offered = self.offered()
        documented = node.history.choice if node.history else None
        for wanted in (documented, node.default):
            for choice in offered:
                if choice.id == wanted:
                    return choice
        return offered[0]

    def documented_outcome(self, choice_id: str | None = None) -> int | None:
        """For a guided tour of history: the open chance outcome that is documented, if any."""
        outcomes = self._outcomes_of(choice_id)
        for index in self.open_outcomes(choice_id):
            basis = outcomes[index].basis
            if basis is not None and basis.value == "documented":
                return index
        return None

    def open_outcomes(self, choice_id: str | None = None) -> list[int]:
        """Indices of the chance outcomes that can happen now, for a choice or the current event."""
        return self._eligible(self._outcomes_of(choice_id))

    def _outcomes_of(self, choice_id: str | None) -> Sequence[Outcome]:
        """The chance outcomes of the current event, or of one choice at the current decision."""
        node = self.node
        if isinstance(node, EventNode):
            return node.outcomes or ()
        if isinstance(node, DecisionNode):
            choice = next((c for c in node.choices if c.id == choice_id), None)
            return (choice.outcomes or ()) if choice else ()
        return ()

    def _eligible(self, outcomes: Sequence[Outcome]) -> list[int]:
        """Outcomes whose condition holds; when none does, the last one (validation warns)."""
        if not outcomes:
            return []
        return [i for i, o in enumerate(outcomes) if self.holds(o.condition)] or [len(outcomes) - 1]

    def fork(self) -> Game:
        """An independent copy at the same position (for exploring what-ifs without replaying)."""
        twin = Game.__new__(Game)
        twin.loaded, twin.seed, twin.role, twin.preset = (
            self.loaded,
            self.seed,
            self.role,
            self.preset,
        )
        twin.log = list(self.log)
        state = self._state
        twin._state = State(
            node_id=state.node_id,
            variables=dict(state.variables),
            visits=Counter(state.visits),
            choices=dict(state.choices),
            steps=list(state.steps),
            branches=list(state.branches),
            injects=list(state.injects),
            notes=list(state.notes),
            opening=state.opening,
            told=state.told,
        )
        return twin

    # -- moves ---------------------------------------------------------------------------------
    def choose(self, choice_id: str, **details: Any) -> Step:
        """Decide at the current node. `details` as for `choice_entry`."""
        step = self.append(self.choice_entry(choice_id, **details))
        assert step is not None  # a decision always makes a step
        return step

    def choice_entry(
        self,
        choice_id: str,
        *,
        how: str = "player",
        by: str | None = None,
        reason: str | None = None,
        votes: dict[str, str] | None = None,
        reasons: dict[str, str] | None = None,
        tally: dict[str, int] | None = None,
        outcome: int | None = None,
        seconds: float | None = None,
    ) -> Entry:
        """The log entry for a decision here, not yet applied (live seats send it to the shared
        log, which applies it only if nobody else moved first).

        Names and reasons come from players: control characters in them are refused."""
        _check_words(by, reason, votes, reasons)
        return Entry(
            "choose",
            node=self._state.node_id,
            choice=choice_id,
            how=str(how),
            by=by,
            reason=(reason or None),
            votes=votes,
            reasons=reasons or None,
            tally=tally or None,
            outcome=outcome,
            at=now(),
            seconds=None if seconds is None else round(seconds, 1),
        )

    def check(self, entry: Entry) -> None:
        """Raise GameError if `entry` cannot be applied here; the game itself is unchanged."""
        self.fork()._apply(entry)

    def advance(self, outcome: int | None = None, how: str = "player") -> Step:
        """Continue past an event node; `outcome` fixes a chance branch (guided tour, explorer,
        facilitator override) instead of drawing it."""
        step = self.append(self.continue_entry(outcome, how))
        assert step is not None  # continuing past an event always makes a step
        return step

    def rewind(self, keep: int) -> None:
        """Go back so that only the first `keep` steps of the current line remain."""
        if not 0 <= keep < len(self._state.steps):
            raise GameError(f"cannot rewind to step {keep}: there are {len(self._state.steps)}")
        self.append(Entry("rewind", to=keep, at=now()))

    def inject(self, text: str) -> None:
        """A news update written on the spot by a facilitator."""
        _check_words(text=text)
        self.append(Entry("inject", text=text, at=now()))

    def note(self, text: str) -> None:
        """Log something the facilitator did that is not a move (a pause, a reveal setting)."""
        _check_words(text=text)
        self.append(Entry("note", text=text, at=now()))

    @staticmethod
    def control_entry(what: Control) -> Entry:
        return Entry("note", text=CONTROL_TEXT[what], control=what.value, at=now())

    @staticmethod
    def inject_entry(text: str, step: int | None = None) -> Entry:
        return Entry("inject", text=text, at=now(), step=step)

    def news_at_outcome(self, step_index: int) -> list[str]:
        """The news that goes with this step's outcome: given while its decision or its outcome
        was on screen."""
        return [e.text for at, e in self._state.injects if e.text and at == step_index]

    def news_now(self) -> list[str]:
        """The news to show at the position pending now: what was given here, and what was given
        while the outcome of the last decision the players took was on screen, so that news
        stays in view until the next decision at least."""
        state = self._state
        steps = state.steps
        last = next(
            (s.index for s in reversed(steps) if s.entry.how not in ("history", "skipped")), 0
        )
        return [
            e.text
            for at, e in state.injects
            if e.text and (at == len(steps) or (e.step is not None and last <= at < len(steps)))
        ]

    def continue_entry(self, outcome: int | None = None, how: str = "player") -> Entry:
        node = self._state.node_id
        return Entry("continue", node=node, outcome=outcome, how=str(how), at=now())

    def controls(self) -> list[Control]:
        """The facilitator's controls logged so far, oldest first."""
        return [Control(e.control) for _, e in self._state.notes if e.control in set(Control)]

    def append(self, entry: Entry) -> Step | None:
        """Apply an already-formed entry (from a save or another seat) and log it."""
        result = self._apply(entry)
        self.log.append(entry)
        return result

    # -- derivation ----------------------------------------------------------------------------
    def _fresh(self) -> State:
        scenario = self.scenario
        state = State(
            node_id=scenario.start,
            variables={v.id: v.start for v in scenario.variables},
            visits=Counter(),
            choices={},
        )
        changes, why = self._enter(state, scenario.start)
        state.opening = (tuple(changes), tuple(why))
        return state

    def _apply(self, entry: Entry) -> Step | None:
        state = self._state
        if entry.type == "rewind":
            keep = entry.to if entry.to is not None else -1
            if not 0 <= keep < len(state.steps):
                raise GameError(f"cannot rewind to step {keep}")
            abandoned = state.steps[keep:]
            kept = [s.entry for s in state.steps[:keep]]
            branches, injects, notes = state.branches, state.injects, state.notes
            self._state = self._fresh()
            for old in kept:
                self._apply(old)
            self._state.branches = [*branches, abandoned]
            self._state.injects = [i for i in injects if i[0] <= keep]
            self._state.notes = notes
            return None
        if entry.type == "inject":
            at = len(state.steps)
            if entry.step is not None and 0 <= entry.step < at:
                at = entry.step
            state.injects.append((at, entry))
            return None
        if entry.type == "note":
            state.notes.append((len(state.steps), entry))
            return None
        node = self.scenario.nodes[state.node_id]
        if entry.node != state.node_id:
            raise GameError(
                f"the log expects node '{entry.node}' but the game is at '{state.node_id}'"
            )
        if entry.type == "continue":
            if not isinstance(node, EventNode):
                raise GameError(f"'{state.node_id}' is not an event to continue past")
            outcome = self._draw(node.outcomes, entry.outcome) if node.outcomes else None
            target = outcome.goto if outcome else node.next
            return self._move(state, entry, None, outcome, target)  # type: ignore[arg-type]
        if not isinstance(node, DecisionNode):
            raise GameError(f"'{state.node_id}' is not a decision")
        choice = next((c for c in node.choices if c.id == entry.choice), None)
        if choice is None:
            raise GameError(f"node '{state.node_id}' has no choice '{entry.choice}'")
        if entry.how in ("player", "vote") and choice not in self.offered():
            raise GameError(f"the choice '{entry.choice}' is not open at '{state.node_id}' now")
        outcome = self._draw(choice.outcomes, entry.outcome) if choice.outcomes else None
        target = outcome.goto if outcome else choice.goto
        return self._move(state, entry, choice, outcome, target)  # type: ignore[arg-type]

    def _draw(self, outcomes: Sequence[Outcome], forced: int | None) -> Outcome:
        if forced is not None:
            if not 0 <= forced < len(outcomes):
                raise GameError(f"there is no outcome number {forced + 1}")
            return outcomes[forced]
        eligible = [outcomes[i] for i in self._eligible(outcomes)]
        # One generator per step, seeded from the game's seed and the position, so that replaying,
        # rewinding and live seats all draw the same result for the same history.
        rng = random.Random(f"{self.seed}:{len(self._state.steps)}:{self._state.node_id}")
        return rng.choices(eligible, weights=[o.weight for o in eligible])[0]

    def _move(
        self,
        state: State,
        entry: Entry,
        choice: Choice | None,
        outcome: Outcome | None,
        target: str,
    ) -> Step:
        """Apply a move. Its changes include those of entering the next node: on the escalation
        track, entering "The quarantine line" is what moved DEFCON, and says why."""
        # The consequence's text variant is chosen in the state the decision was taken in, the
        # state its `condition` was tested in: before any of the move's effects.
        told_part = None
        said = outcome if outcome is not None else choice
        if said is not None and said.variants:
            told_part = told(said, lambda c: self._holds_in(state, c))
        node_told = state.told
        changes: list[Change] = []
        why: list[str] = []
        for part in (choice, outcome):
            if part is not None and part.effects is not None:
                changes += self._effects(state, part.effects)
                if part.effects.why:
                    why.append(part.effects.why)
        if choice is not None:
            state.choices[state.node_id] = choice.id
        left = state.node_id
        state.node_id = target
        entered, entered_why = self._enter(state, target)
        step = Step(
            len(state.steps), left, entry, choice, outcome, target,
            tuple(changes + entered), tuple(why + entered_why), node_told, told_part,
        )  # fmt: skip
        state.steps.append(step)
        return step

    def _enter(self, state: State, node_id: str) -> tuple[list[Change], list[str]]:
        state.visits[node_id] += 1
        node = self.scenario.nodes[node_id]
        effects = node.effects
        changes, why = [], []
        if effects is not None:
            changes, why = self._effects(state, effects), [effects.why] if effects.why else []
        # The text told is chosen in the state the players see on arrival (after the node's own
        # effects), so it agrees with the gauges beside it.
        state.told = None
        if node.variants:
            state.told = told(node, lambda c: self._holds_in(state, c))
        return changes, why

    def _effects(self, state: State, effects: Effects) -> list[Change]:
        changes = []
        for name, value in effects.set.items():
            before = state.variables[name]
            state.variables[name] = value
            changes.append(Change(name, before, value))
        for name, delta in effects.add.items():
            var = self.scenario.variable(name)
            before = state.variables[name]
            after = before + delta  # type: ignore[operator]
            if var is not None and var.min is not None and var.max is not None:
                after = max(var.min, min(var.max, after))
            state.variables[name] = after
            changes.append(Change(name, before, after))
        return [c for c in changes if c.before != c.after]

    def holds(self, condition: str | None) -> bool:
        """Whether a condition holds in the current position (no condition always holds)."""
        return self._holds_in(self._state, condition)

    def _holds_in(self, state: State, condition: str | None) -> bool:
        if condition is None:
            return True
        return self.loaded.condition(condition)(state)  # type: ignore[arg-type]
