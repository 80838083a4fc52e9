"""The engine's flow of play over a live session: ballots in the session's database, moves in
its shared log, the seats that are taken as the roster. Every process (the crisis room, each
seat) runs the same flow on the same log, so any of them may count a complete vote or take a
timeout; the store lets exactly one such move through."""

from __future__ import annotations

from ..engine.flow import Ballot, Flow, FlowError
from .session import LiveGame
from .store import Conflict

# Heartbeats every second or two; a seat unheard for this long is shown as dropped.
DROPPED_AFTER = 6.0


class LiveBallots:
    """Ballots in the votes table, keyed by role and name (two students called Ann in two roles
    are two votes)."""

    def __init__(self, live: LiveGame) -> None:
        self.live = live

    @staticmethod
    def key(role: str, voter: str) -> str:
        return f"{role}\x1f{voter}"

    def cast(self, position: int, ballot: Ballot) -> None:
        live = self.live
        try:
            live.store.cast(
                live.code, position, live.seq, self.key(ballot.role, ballot.voter),
                ballot.role, ballot.choice, ballot.reason,
            )  # fmt: skip
        except Conflict as exc:
            live.sync()
            raise FlowError("That decision was already taken; your vote was not counted.") from exc

    def cast_so_far(self, position: int) -> list[Ballot]:
        rows = self.live.store.votes(self.live.code, position)
        return [
            Ballot(role, voter.partition("\x1f")[2] or voter, choice, reason)
            for voter, role, choice, reason in rows
        ]

    def deadline(self, position: int, seconds: float | None) -> float | None:
        if seconds is None:
            return None
        return self.live.store.deadline(self.live.code, position, round(seconds))

    def shift_deadlines(self, seconds: float) -> None:
        self.live.store.shift_deadlines(self.live.code, seconds)


def seated(live: LiveGame) -> dict[str, list[str]]:
    """Who sits in which role, in the order they joined."""
    players: dict[str, list[str]] = {}
    for seat in live.store.seats(live.code):
        if seat.name not in players.setdefault(seat.role, []):
            players[seat.role].append(seat.name)
    return players


def live_flow(live: LiveGame, seat: str | None = None) -> Flow:
    """A flow for one process of the session; `seat` is its token, logged with its moves. With
    no seat it is the crisis room's, which starts the lesson."""

    def append(entry: object) -> object:
        return live.send(entry, seat)  # type: ignore[arg-type]

    return Flow(
        live.game,
        reveal=live.session.reveal,
        ballots=LiveBallots(live),
        append=append,
        sync=live.sync,
        seated=lambda: seated(live),
        races=(Conflict,),
        room=seat is None,
    )
