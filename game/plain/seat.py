"""`crisis join CODE --plain`: a seat in a live session as plain text, for screen readers.

It prints what the engine's flow says is pending for this seat (the node, the clock, a vote,
what happened and how the votes went) and reads numbered answers. It polls the shared log while
it waits, so it says when others decide or time runs out.
"""

from __future__ import annotations

import select
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..engine.flow import (
    Briefing,
    Ending,
    EventToContinue,
    FlowError,
    OutcomeToShow,
    Paused,
    Pending,
    Tie,
    Turn,
    Waiting,
)
from ..engine.saves import Recorder
from ..live.flow import live_flow
from ..live.session import LiveGame
from ..live.store import Conflict, LiveError
from .runner import EndOfInput, PlainGame, Quit

POLL_SECONDS = 0.25
HEARTBEAT_SECONDS = 1.0


def stdin_lines(timeout: float) -> str | None:
    """A line from standard input if one comes within `timeout`; "" at the end of input."""
    ready, _, _ = select.select([sys.stdin], [], [], timeout)
    return sys.stdin.readline() if ready else None


class PlainSeat(PlainGame):
    def __init__(
        self,
        live: LiveGame,
        token: str,
        role: str,
        name: str,
        out: TextIO,
        wait_line: Callable[[float], str | None],
        interactive: bool = True,
    ) -> None:
        # The session's database is the save: the recorder is never written.
        super().__init__(live.game, Recorder(Path(".")), out, self._line, interactive=interactive)
        self.live, self.token, self.role, self.name = live, token, role, name
        self.flow = live_flow(live, token)
        self.wait_line = wait_line
        self.beat = 0.0
        self.shown: tuple[object, ...] | None = None

    def autosave(self) -> Path | None:
        return None  # the session's database is the save

    def heartbeat(self) -> None:
        if time.monotonic() - self.beat >= HEARTBEAT_SECONDS:
            self.beat = time.monotonic()
            self.live.store.heartbeat(self.live.code, self.token)

    def _line(self) -> str:
        """Wait for a line, keeping the seat alive; raise Moved when the session moves on."""
        while True:
            self.heartbeat()
            line = self.wait_line(POLL_SECONDS)
            if line is not None:
                return line
            if self.signature(self.flow.pending(self.viewer)) != self.shown:
                raise Moved

    @property
    def viewer(self) -> tuple[str, str]:
        return (self.role, self.name)

    def signature(self, pending: Pending) -> tuple[object, ...]:
        step = pending.step.index if isinstance(pending, OutcomeToShow) else None
        mine = pending.mine if isinstance(pending, Waiting) else None
        return (type(pending).__name__, step, self.flow.position, mine, self.flow.paused)

    def run(self) -> int:
        role = self.game.scenario.role(self.role)
        self.say(f"You are {self.name}, {role.name if role else self.role}, in {self.live.code}.")
        self.say("At any prompt: r repeats, s lists sources, ? helps, q leaves the seat.")
        self.say()
        try:
            while True:
                pending = self.flow.pending(self.viewer)
                if isinstance(pending, Ending):
                    self.ending_seen(pending)
                    return 0
                self.shown = self.signature(pending)
                try:
                    self.seat_turn(pending)
                except Moved:
                    continue
        except (EndOfInput, Quit):
            self.say("You left the seat. Join again with the same name to come back.")
            return 0
        except KeyboardInterrupt:
            self.say()
            self.say("You left the seat. Join again with the same name to come back.")
            return 130

    def seat_turn(self, pending: Pending) -> None:
        flow = self.flow
        if isinstance(pending, Briefing):
            role = self.game.scenario.role(self.role)
            if role is not None:
                self.say(f"Your briefing, {role.name}:")
                self.para(role.briefing, "  ")
                if role.secret:
                    self.say("Only you know:")
                    self.para(role.secret, "  ")
            self.ask("Press Enter when you have read it. ")
            flow.begin()
        elif isinstance(pending, OutcomeToShow):
            self.outcome(pending)  # proceeds
            self.ask("Press Enter to go on. ")
        elif isinstance(pending, Turn):
            if pending.kind == "lead":
                # The leader hears the advice first: it is what this turn is about.
                self.say(f"THE ADVICE YOU WERE GIVEN ({len(pending.advice)})")
                if not pending.advice:
                    self.say("  Nobody has given advice yet.")
            for ballot in pending.advice if pending.kind == "lead" else ():
                because = f" - because {ballot.reason}" if ballot.reason else ""
                self.say(f"  {ballot.voter}: {self.label(ballot.choice)}{because}")
            self.node_text(self.role)
            self.advisers()
            for ballot in pending.advice:
                because = f" (because {ballot.reason})" if ballot.reason else ""
                self.say(f"  Advice from {ballot.voter}: {self.label(ballot.choice)}{because}")
            self.options(pending.choices)
            if pending.seconds_left is not None:
                self.say(f"Time left: {round(pending.seconds_left)} seconds.")
            choice = self.pick(pending.choices, lambda: self.options(pending.choices))
            if choice is None:
                return
            reason = self.ask("Why? One line for the debrief (Enter to skip): ", commands=False)
            try:
                flow.choose(choice, reason, voter=self.viewer)
                self.say("Sent.")
            except (Conflict, FlowError, LiveError) as exc:
                self.say(str(exc))
        else:
            if isinstance(pending, EventToContinue):
                self.node_text(self.role)
                self.say("Waiting for the facilitator to continue.")
            elif isinstance(pending, Paused):
                self.say("Paused by the facilitator.")
            elif isinstance(pending, Tie):
                self.say("The votes are tied: the facilitator decides.")
            elif isinstance(pending, Waiting):
                self.node_text(self.role)
                if pending.mine is not None:
                    waiting = ", ".join(pending.missing) or "the count"
                    self.say(f"You voted: {self.label(pending.mine)}. Waiting for {waiting}.")
                else:
                    self.say(f"Waiting for {', '.join(pending.deciders)} to decide.")
            self.ask("")  # wait: the session moving on interrupts this

    def pick(self, offered, repeat, prompt: str = "Your choice"):
        answer_prompt = f"{prompt} (1-{len(offered)}): "
        while True:
            answer = self.ask(answer_prompt, repeat=repeat)
            if answer.isdigit() and 1 <= int(answer) <= len(offered):
                return offered[int(answer) - 1].id
            if answer:
                self.say(f"Please type a number from 1 to {len(offered)}. The options again:")
                repeat()

    def ending_seen(self, pending: Ending) -> None:
        if pending.node is None:
            self.say("The facilitator ended the session.")
            return
        self.ending()


class Moved(Exception):
    """The session moved on while this seat waited for input."""


def play_plain_seat(
    saves: Path,
    code: str,
    role: str,
    name: str,
    out: TextIO,
    wait_line: Callable[[float], str | None] = stdin_lines,
    interactive: bool = True,
    seat_code: str | None = None,
) -> int:
    """`code` is the session's; `seat_code`, when the student typed their own seat's code."""
    live = LiveGame.open(saves, code)
    if live.game.scenario.role(role) is None:
        roles = ", ".join(r.id for r in live.game.scenario.roles)
        out.write(f"There is no role '{role}' here; roles: {roles}\n")
        return 2
    earlier = live.store.find_seat(code, role, name)
    token = earlier.token if earlier else live.store.join(seat_code or code, role, name)
    if earlier:
        out.write(f"Welcome back, {name}.\n")
    return PlainSeat(live, token, role, name, out, wait_line, interactive).run()
