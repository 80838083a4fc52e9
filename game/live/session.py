"""A live session as a seat or the host sees it: the engine's Game kept in step with the store.

Seats never keep their own game state: they replay the shared log, check a move against it,
and send the move to the store, which accepts it only if nobody moved in between. The rules of
play (turns, votes, clocks) are the engine's flow, over this log: see `live/flow.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..engine.game import Entry, Game, Step
from ..engine.loader import LoadedScenario, load_bytes
from .store import Conflict, LiveStore, Session, database


@dataclass
class LiveGame:
    store: LiveStore
    session: Session
    loaded: LoadedScenario
    game: Game
    seq: int = 0

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
        """Send an entry made from the game as this process last saw it: appended only if the
        shared log still ends there. When someone moved first, catch up and raise Conflict
        saying who ("The Captain decided first"). News or a pause logged in between is no
        conflict: the entry is checked again and sent after it."""
        while True:
            self.game.check(entry)
            try:
                self.store.append(self.code, entry, expected=self.seq, seat=seat)
                break
            except Conflict:
                fresh = self.store.events(self.code, after=self.seq)
                self.sync()
                moves = [(e, s) for _, e, s in fresh if e.type in ("choose", "continue", "rewind")]
                if moves:
                    raise Conflict(self.first_mover(*moves[0])) from None
        before = len(self.game.state.steps)
        self.sync()
        steps = self.game.state.steps
        return steps[before] if len(steps) > before else None

    def first_mover(self, entry: Entry, seat: str | None) -> str:
        """Who made the move that came first, as a seat is told."""
        if entry.how == "timeout":
            return "Time ran out first."
        if entry.how in ("override", "facilitator"):
            return "The facilitator decided first."
        if entry.type == "continue":
            return "The story moved on first."
        who = next((s.name for s in self.store.seats(self.code) if s.token == seat), None)
        role = self.game.scenario.role(entry.by) if entry.by else None
        if role is not None:
            who = f"{role.name} ({who})" if who else role.name
        return f"{who or 'Someone else'} decided first."

    def decide(self, choice_id: str, seat: str | None = None, **details: Any) -> Step | None:
        return self.send(self.game.choice_entry(choice_id, **details), seat)

    def advance(self, seat: str | None = None) -> Step | None:
        return self.send(self.game.continue_entry(), seat)
