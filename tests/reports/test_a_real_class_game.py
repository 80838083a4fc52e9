"""A class plays the missile crisis in plain mode; the teacher reads its debrief afterwards.

The game is the one a class could really play: three students share Kennedy's role (one leads,
two advise), the room raises hands on Gromyko, the facilitator gives news and pauses, the clock
runs out after the flash, and a local commander's nuclear shot (a chance outcome, seed 1) leads
on to the catastrophe.
"""

from __future__ import annotations

import io

from game.engine.game import Game
from game.engine.loader import load_file
from game.engine.saves import Recorder
from game.plain.runner import PlainGame
from game.reports.debrief import build
from game.reports.render_html import debrief_html
from game.reports.render_md import debrief_markdown

from ..conftest import ROOT

PLAYERS = {"kennedy": ["Ann", "Ben", "Cy"], "khrushchev": ["Dmitri"], "castro": ["Eva"]}
LINES = [
    "", "1", "They must be ready before anyone knows.",  # Khrushchev: the missiles go
    "", "1", "Only missiles will stop an invasion.",  # Castro accepts
    "", "",  # two events
    "/hands 3,8",  # Gromyko: a show of hands at the hand-off
    "/news Radio Moscow: the Soviet ships sail on towards Cuba.", "",
    "6", "A blockade buys time and keeps the war small.",  # Ben advises
    "", "4", "Only troops on the island can make sure the missiles go.",  # Cy advises
    "", "4", "The missiles must go, and only an invasion makes sure of it.",  # the leader
    "",  # the invasion force gathers
    "/pause", "",  # the facilitator pauses at Khrushchev's hand-off; Enter resumes
    "", "2", "We defend Cuba, but without nuclear weapons.",
    "", "",  # the landing, and the flash
    "", "LATE",  # after the flash: nobody answers in time
]  # fmt: skip


def play(saves) -> Game:
    game = Game(load_file(ROOT / "scenarios/cuban-missile-crisis.yaml"), seed=1)
    clock = [1000.0]
    lines = list(LINES)

    def read_line() -> str:
        if not lines:
            return ""
        line = lines.pop(0)
        if line == "LATE":
            clock[0] += 100  # the 90 seconds run out while the room argues
            return "3\n"
        return line + "\n"

    out = io.StringIO()
    player = PlainGame(game, Recorder(saves), out, read_line, interactive=False,
                       players=PLAYERS, clock=lambda: clock[0])  # fmt: skip
    assert player.run() == 0
    assert "ENDING: Nuclear war (catastrophe)" in out.getvalue()
    return game


def test_the_debrief_tells_the_class_what_decided_its_game(saves):
    game = play(saves)
    report = build(game, "Table 1", PLAYERS)
    text = debrief_markdown(report)
    step = {n: text.split(f"\n### {n}. ")[1].split("\n### ")[0] for n in range(1, 12)}
    # The local commander's shot, drawn by chance, and the way it went on to the ending.
    chance = text.split("## What chance decided")[1].split("\n### ")[0]
    assert "- **9. The landing:** Cut off from Moscow, a local commander decides on his own" in chance
    assert "→ A flash over the beaches" in chance
    assert "- **11. After the flash:** Moscow answers. The war spreads beyond Cuba." in chance
    assert "→ Nuclear war **(this led to the ending)**" in chance
    ending = text.split("## Ending")[1]
    assert "*Chance on the way:* step 9, The landing (A flash over the beaches); step 11" in ending
    # The show of hands: each choice with its count.
    assert "**Chosen:** Show Gromyko the photographs (by a show of hands)" in step[5]
    assert "- Say nothing about the photographs; repeat the 4 September warning: 3 hands" in step[5]
    assert "- **Show Gromyko the photographs** (chosen): 8 hands" in step[5]
    # The leader's choice and reason, each adviser's advice under what that adviser wanted.
    assert "(decided by the leader, John F. Kennedy, after the advice)" in step[6]
    chosen, other = step[6].split("- Naval blockade")
    assert "- **Invade Cuba** (chosen)" in chosen
    assert "decided: “The missiles must go, and only an invasion makes sure of it.”" in chosen
    assert "  - Cy advised this: “Only troops on the island can make sure the missiles go.”" in chosen
    assert "  - Ben advised this (dissent): “A blockade buys time and keeps the war small.”" in other
    # News under the decision it was given at; the pause at the step it was made at.
    assert "**News given at this step:** Radio Moscow: the Soviet ships sail on" in step[6]
    assert "Radio Moscow" not in step[5] + step[7]
    interventions = text.split("## Facilitator's interventions")[1].split("\n## ")[0]
    assert "- 8. The Americans are coming: The facilitator paused the clock." in interventions
    # The clock running out is not the facilitator's doing.
    assert "After the flash" not in interventions
    timeouts = text.split("## Time ran out")[1].split("\n## ")[0]
    assert "- 11. After the flash: Answer with nuclear weapons against Soviet forces" in timeouts
    # The same facts in the printable page.
    html = debrief_html(report)
    assert "Cut off from Moscow, a local commander decides on his own" in html
    assert "<th>Hands</th>" in html and "<td>8</td>" in html
    assert "Ben <em>advised this (dissent)</em>: “A blockade buys time" in html
    # The leader decided there, not a vote: the comparison with history names the leader.
    assert "The leader (John F. Kennedy) left history." in html
    assert "The show of hands left history." in html
