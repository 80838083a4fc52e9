"""A live session as a seat or the host sees it: the engine's Game kept in step with the store.

Seats never keep their own game state: they replay the shared log, check a move against it,
and send the move to the store, which accepts it only if nobody moved in between.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..engine.game import Entry, Game, GameError, Step, now
from ..engine.loader import LoadedScenario, load_bytes
from ..engine.model import DecisionNode
from ..engine.votes import VoteResult, tally
from .store import Conflict, LiveStore, Session, database


@dataclass
class LiveGame:
    store: LiveStore
    session: Session
    loaded: LoadedScenario
    game: Game
    seq: int = 0
    _deadline: tuple[tuple, float | None] | None = field(default=None, repr=False)

    @classmethod
    def open(cls, folder: Path, code: str) -> LiveGame:
        store = LiveStore(database(folder))
        session = store.session(code)
        loaded = load_bytes(session.scenario_text, session.scenario_path)
        live = cls(store, session, loaded, Game(loaded, seed=session.seed, preset=session.preset))
        live.sync()
        return live

    @classmethod
    def host(
        cls, folder: Path, loaded: LoadedScenario, raw: bytes, seed: int, preset: str | None = None
    ) -> LiveGame:
        store = LiveStore(database(folder))
        code = store.create(loaded.scenario.id, loaded.path, raw, seed, preset)
        store.close()
        return cls.open(folder, code)

    @property
    def code(self) -> str:
        return self.session.code

    def sync(self) -> bool:
        """Apply what other seats have logged since we last looked; True if anything changed."""
        self.session = self.store.session(self.code)
        fresh = self.store.events(self.code, after=self.seq)
        for seq, entry, _seat in fresh:
            self.game.append(entry)
            self.seq = seq
        return bool(fresh)

    def send(self, entry: Entry, seat: str | None = None) -> Step | None:
        """Send a move: checked against the latest log, appended only if nobody moved first.
        Raises Conflict (after catching up) when someone else did."""
        self.sync()
        self.game.check(entry)
        try:
            self.store.append(self.code, entry, expected=self.seq, seat=seat)
        except Conflict:
            self.sync()
            raise
        before = len(self.game.state.steps)
        self.sync()
        steps = self.game.state.steps
        return steps[before] if len(steps) > before else None

    def decide(self, choice_id: str, seat: str | None = None, **details) -> Step | None:
        return self.send(self.game.choice_entry(choice_id, **details), seat)

    def advance(self, seat: str | None = None) -> Step | None:
        entry = Entry("continue", node=self.game.state.node_id, at=now())
        return self.send(entry, seat)

    # -- group decisions across seats --------------------------------------------------------
    def vote(self, voter: str, role: str, choice_id: str, reason: str | None = None) -> None:
        node = self.game.node
        if not isinstance(node, DecisionNode) or choice_id not in {c.id for c in node.choices}:
            raise GameError(f"'{choice_id}' is not a choice here")
        self.store.vote(self.code, self.seq, voter, role, choice_id, reason)

    def ballots(self) -> list[tuple[str, str, str, str | None]]:
        return self.store.votes(self.code, self.seq)

    def missing_voters(self) -> list[str]:
        """Names seated in a deciding role who have not voted on the pending decision."""
        node = self.game.node
        if not isinstance(node, DecisionNode):
            return []
        voted = {voter for voter, *_ in self.ballots()}
        deciding = set(node.deciders) or {s.role for s in self.store.seats(self.code)}
        return sorted(
            {
                s.name
                for s in self.store.seats(self.code)
                if s.role in deciding and s.name not in voted
            }
        )

    def resolve_votes(self, leader_vote: str | None = None) -> VoteResult:
        """Tally the ballots by the node's rule and send the result as the decision."""
        node = self.game.node
        if not isinstance(node, DecisionNode):
            raise GameError("there is no decision pending")
        ballots = self.ballots()
        votes = {voter: choice for voter, _, choice, _ in ballots}
        reasons = {voter: reason for voter, _, _, reason in ballots if reason}
        result = tally(node, votes, leader_vote)
        if result.choice is not None:
            self.decide(
                result.choice,
                how=result.how,
                votes=votes,
                reasons=reasons,
            )
        return result

    def deadline(self) -> float | None:
        """When the pending decision times out. Asked of the store once per position (and again
        after a pause, which moves it), so polling does not write to the database."""
        key = (self.seq, self.session.status, self.session.paused_at)
        if self._deadline is None or self._deadline[0] != key:
            value = self.store.deadline(self.code, self.seq, self.game.timer_seconds())
            self._deadline = (key, value)
        return self._deadline[1]

    def time_out_if_due(self) -> bool:
        """Take the timer's default when the deadline has passed (any process may; one wins)."""
        node = self.game.node
        deadline = self.deadline()
        if (
            deadline is None
            or self.session.status != "open"
            or time.time() < deadline
            or not isinstance(node, DecisionNode)
            or node.timer is None
        ):
            return False
        try:
            self.decide(node.timer.default, how="timeout")
        except Conflict:
            return False
        return True
