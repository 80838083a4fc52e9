"""Every role's briefing, for a player or author who plays every side in plain mode.

Playing every side, the game never shows a role's briefing or secret; `--briefings` prints them
all before the first node, so an author can proofread them and a player know each side's view.
"""

from __future__ import annotations

from typing import TextIO, cast

from ..engine.game import Game
from ..engine.labels import role_sources
from .runner import PlainGame


class _Printer:
    """The plain runner's paragraph layout, without a game to run."""

    def __init__(self, out: TextIO):
        self.out = out
        self.listing = True  # a briefing's sources are read out in full

    say = PlainGame.say
    para = PlainGame.para
    sources = PlainGame.sources


def print_briefings(game: Game, out: TextIO) -> None:
    # The runner's say/para/sources need only `out` and `listing`, which the printer has.
    printer = cast(PlainGame, _Printer(out))
    roles = game.scenario.roles
    printer.say(f"== Briefings: {len(roles)} role{'s' if len(roles) != 1 else ''} ==")
    printer.say()
    for role in roles:
        printer.say(f"-- {role.name} ({role.side}) --")
        printer.say("Briefing:")
        printer.para(role.briefing, "  ")
        if role.secret:
            printer.say(f"Secret, for {role.name} only:")
            printer.para(role.secret, "  ")
        if role.objectives:
            printer.say("Objectives:")
            for objective in role.objectives:
                printer.say(f"  - {objective}")
        printer.sources(role_sources(game, role))
        printer.say()
