"""Plain-text play: numbered choices in, text out. No colours, no cursor movement."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..engine.classroom import decide_by_vote, is_group_vote, votes_with_history
from ..engine.game import Game, Step
from ..engine.history import HOW_WORDS, Comparison, compare_step, divergence, timeline
from ..engine.labels import (
    Badge,
    SourceGroup,
    badge,
    ending_notes,
    node_notes,
    role_sources,
    sources_of,
    step_labels,
)
from ..engine.model import DecisionNode, EventNode, Source
from ..engine.saves import Recorder
from ..engine.text import PrintableStream

WIDTH = 78
# How each decision compares with history, in characters a screen reader says plainly.
MARKS = {"followed": "=", "left": "x", "none-of-these": "x", "never-faced": "~", "automatic": "-"}
EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*]))")
HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
LIST_ITEM = re.compile(r"^([-*+]|\d+[.)])\s+")


def plain_markdown(text: str) -> str:
    """Markdown read aloud: no asterisks or hashes for a screen reader to spell out."""
    return EMPHASIS.sub("", HEADING.sub("", text))


class EndOfInput(Exception):
    """Standard input ran out: save and leave quietly."""


class PlainGame:
    def __init__(
        self,
        game: Game,
        recorder: Recorder,
        out: TextIO,
        read_line: Callable[[], str],
        follow_history: bool = False,
        interactive: bool = True,
    ):
        self.game = game
        self.recorder = recorder
        self.out = out
        self.read_line = read_line
        self.follow_history = follow_history
        self.interactive = interactive

    # -- output helpers ------------------------------------------------------------------------
    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def para(self, text: str | None, indent: str = "") -> None:
        """Markdown as plain paragraphs: lines are joined and re-wrapped, list items kept apart."""
        if not text:
            return
        for block in plain_markdown(text).strip().split("\n\n"):
            items: list[str] = []
            for line in block.splitlines():
                stripped = line.strip()
                if not items or LIST_ITEM.match(stripped):
                    items.append(stripped)
                else:
                    items[-1] += " " + stripped
            for item in items:
                hang = indent + " " * (len(m.group(0)) if (m := LIST_ITEM.match(item)) else 0)
                self.say(textwrap.fill(item, WIDTH, initial_indent=indent, subsequent_indent=hang))
        self.say()

    def ask(self, prompt: str) -> str:
        self.out.write(prompt)
        self.out.flush()
        line = self.read_line()
        if line == "":
            raise EndOfInput
        if not self.interactive:
            # Piped input is not echoed by a terminal; show it so a transcript reads naturally.
            self.out.write(line if line.endswith("\n") else line + "\n")
        return line.strip()

    # -- the game ------------------------------------------------------------------------------
    def run(self) -> int:
        scenario = self.game.scenario
        try:
            if not self.game.state.steps:
                self.title()
            while not self.game.finished:
                self.play_node()
        except EndOfInput:
            path = self.recorder.autosave(self.game)
            self.say()
            self.say(f"Input ended. The game is saved in {path}")
            return 0
        self.ending()
        path = self.recorder.autosave(self.game)
        self.say(f"Saved in {path}")
        self.say(f"Thank you for playing {scenario.title}.")
        return 0

    def title(self) -> None:
        s = self.game.scenario
        self.say(f"== {s.title} ==")
        if s.subtitle:
            self.say(s.subtitle)
        self.say(f"{s.period.label or s.period.start} · about {s.minutes} minutes")
        if s.content_notes:
            self.para("Content notes: " + "; ".join(s.content_notes))
        self.say()
        self.para(s.summary)
        role = s.role(self.game.role) if self.game.role else None
        if role:
            self.say(f"You play: {role.name} ({role.side}). Other sides do what history did.")
            self.say()
            self.say("Your briefing:")
            self.para(role.briefing, "  ")
            if role.secret:
                self.say("Secret, for you only:")
                self.para(role.secret, "  ")
            for objective in role.objectives:
                self.say(f"  - {objective}")
            self.sources(role_sources(self.game, role))
        else:
            self.say("You play every side in turn.")
            for r in s.roles:
                self.say(f"  {r.name} ({r.side})")
        self.say()
        gauges = self.game.gauges()
        if gauges:
            self.say("What is tracked:")
            for gauge in gauges:
                var = gauge.variable
                self.para(f"{var.label}: {var.description or ''}".rstrip(), "  ")
            self.say()

    def header(self) -> None:
        node = self.game.node
        when = " ".join(x for x in (node.date, node.time) if x)
        line = " · ".join(x for x in (when, node.place) if x)
        self.say("-" * WIDTH)
        if line:
            self.say(line)
        self.say(node.title.upper())
        view = self.game.view()
        if view.deciders and isinstance(self.game.node, DecisionNode):
            names = ", ".join(r.name for r in view.deciders)
            self.say(textwrap.fill(f"Decides: {names}", WIDTH, subsequent_indent="  "))
        self.say()

    def gauges(self) -> None:
        parts = []
        for gauge in self.game.gauges():
            var = gauge.variable
            value = gauge.value
            if var.type == "integer":
                text = f"{var.label} {value}" + (f" (of {var.min}-{var.max})")
            else:
                text = f"{var.label}: {value}"
            if gauge.meaning:
                text += f" - {gauge.meaning}"
            parts.append(text)
        if parts:
            self.say("[" + " | ".join(parts) + "]")
            self.say()

    def play_node(self) -> None:
        game = self.game
        node = game.node
        self.header()
        self.para(node.text)
        secret = game.view().secret_for(game.role)
        self.node_notes()
        if secret:
            self.say("Only you know:")
            self.para(secret, "  ")
        if isinstance(node, EventNode):
            self.gauges()
            if self.follow_history:
                step = game.advance(game.documented_outcome(), how="history")
            else:
                self.ask("Press Enter to continue. ")
                step = game.advance()
            self.consequence(step)
            self.recorder.autosave(game)
            return
        assert isinstance(node, DecisionNode)
        automatic = game.automatic()
        if automatic or self.follow_history:
            choice = game.historical_choice()
            how = automatic or "history"
            outcome = game.documented_outcome(choice.id) if self.follow_history else None
            step = game.choose(choice.id, how=how, outcome=outcome)
        else:
            for adviser in node.advisers:
                self.say(f"  {adviser.who}: {adviser.position}")
                if adviser.quote:
                    self.para(f"\u201c{adviser.quote}\u201d", "      ")
                elif adviser.argument:
                    self.para(adviser.argument, "      ")
            self.gauges()
            offered = game.view().offered
            for number, choice in enumerate(offered, start=1):
                self.say(f"  {number}. {choice.label}")
                if choice.detail:
                    self.para(choice.detail, "     ")
            if not any(c.detail for c in offered):
                self.say()
            step = self.decide(offered)
        self.consequence(step)
        comparison = compare_step(game, step)
        if comparison:
            self.history(comparison)
        self.recorder.autosave(game)

    def pick(self, offered, prompt: str = "Your choice") -> str:
        while True:
            answer = self.ask(f"{prompt} (1-{len(offered)}): ")
            if answer.isdigit() and 1 <= int(answer) <= len(offered):
                return offered[int(answer) - 1].id
            self.say(f"Please type a number from 1 to {len(offered)}.")

    def decide(self, offered) -> Step:
        """One choice; or, where several roles decide together by vote, a vote per role (the
        other roles vote as history did when the player has a role)."""
        game = self.game
        node = game.node
        if not is_group_vote(node):
            return game.choose(self.pick(offered))
        assert isinstance(node, DecisionNode)
        if game.role is not None:
            mine = self.pick(offered)
            votes = votes_with_history(game, game.role, mine)
        else:
            names = {r.id: r.name for r in game.scenario.roles}
            votes = {
                names.get(r, r): self.pick(offered, f"Vote as {names.get(r, r)}")
                for r in node.deciders
            }
            mine = next(iter(votes.values()))
        step, result = decide_by_vote(game, votes, tie_break=mine)
        labels = {c.id: c.label for c in node.choices}
        self.say("The votes:")
        for who, choice in votes.items():
            self.say(f"  {who}: {labels.get(choice, choice)}")
        if result.choice is None:
            self.say(
                "  A tie: your vote decides." if game.role else "  A tie: the first vote decides."
            )
        elif HOW_WORDS.get(result.how):
            self.say(f"  Result: {HOW_WORDS[result.how]}.")
        self.say()
        return step

    def consequence(self, step: Step) -> None:
        labels = step_labels(self.game, step)
        if labels.note:
            self.say(labels.note)
        if labels.decided is not None:
            self.say(str(labels.decided))
            self.say()
        if labels.narration:
            self.para(labels.narration)
        self.badge_line(labels.badge)
        self.source_groups(labels.groups)
        for change in step.changes:
            var = self.game.scenario.variable(change.variable)
            label = var.label if var else change.variable
            self.say(f"  {label}: {change}")
        for reason in step.why:
            self.say(f"  Why: {reason}")
        if step.changes or step.why:
            self.say()

    def basis(self, basis: str | None, rests_on: str | None, source_ids: list[str]) -> None:
        self.badge_line(badge(basis, rests_on) if basis else None)
        self.sources(list(sources_of(self.game.scenario, source_ids)))

    def badge_line(self, mark: Badge | None, indent: str = "  ") -> None:
        """A badge as one bracketed line, then what the guess rests on."""
        if mark is None:
            return
        self.say(f"{indent}{mark.plain()}")
        if mark.rests_on:
            self.para(f"Rests on: {mark.rests_on}", indent)
        else:
            self.say()

    def source_groups(self, groups: tuple[SourceGroup, ...], indent: str = "  ") -> None:
        """Sources under what they support; an account's own text before its own sources."""
        for group in groups:
            if group.text is not None:
                self.para(f"{group.title}: {group.text}", indent + "  ")
                self.sources(group.sources, indent + "  ")
            elif group.title == "Sources":
                self.sources(group.sources, indent)
            else:
                self.say(f"{indent}{group.title}:")
                self.sources(group.sources, indent)

    def node_notes(self) -> None:
        """The current node's own badge (an event's basis) and sources."""
        notes = node_notes(self.game)
        self.badge_line(notes.badge)
        self.source_groups(notes.groups)

    def sources(self, sources: list[Source] | tuple[Source, ...], indent: str = "  ") -> None:
        pad = " " * len("Source: ")
        for source in sources:
            who = source.byline()
            line = f"{indent}Source: {source.title}" + (f" ({who})" if who else "")
            self.say(f"{line} [{source.tier.value}]")
            if source.note:
                self.say(f"{indent}{pad}{source.note}")
            if source.url:
                self.say(f"{indent}{pad}{source.url}")
        if sources:
            self.say()

    def history(self, comparison: Comparison) -> None:
        if comparison.history is None:
            return
        step = self.game.state.steps[comparison.step]
        labels = step_labels(self.game, step).history
        if labels is None:
            return
        when = f" ({labels.date})" if labels.date else ""
        self.say(f"{labels.heading.upper()}{when}")
        self.say(f"  {MARKS[comparison.verdict]} {labels.verdict}")
        self.say(f"  {labels.choice_line}")
        self.say()
        self.para(labels.text, "  ")
        self.badge_line(labels.badge)
        self.source_groups(labels.accounts)
        self.source_groups(labels.groups)

    def ending(self) -> None:
        ending = self.game.ending
        assert ending is not None
        self.say("=" * WIDTH)
        self.say(f"ENDING: {ending.title} ({ending.category.value})")
        self.say()
        self.para(ending.text)
        self.para(ending.epilogue)
        notes = ending_notes(self.game)
        self.badge_line(notes.badge)
        self.source_groups(notes.groups)
        self.summary()

    def summary(self) -> None:
        rows = timeline(self.game)
        if not rows:
            return
        self.say("YOUR PATH AGAINST HISTORY")
        for row in rows:
            self.say(f" {MARKS[row.verdict]} {row.date or '':<11} {row.title}")
            self.say(f"     you: {row.chosen.label}")
            self.say(f"     history: {row.history_label}")
        self.say()
        if all(row.automatic for row in rows):
            self.say("A guided tour: every decision was taken as history took it.")
        else:
            self.say("Divergence: " + divergence(self.game).describe())
        self.say(
            "(= followed history, x left history, ~ history never faced it, - not your decision)"
        )
        self.say()


def play_plain(
    game: Game,
    saves: Path,
    out: TextIO,
    read_line: Callable[[], str],
    follow_history: bool = False,
    recorder: Recorder | None = None,
    interactive: bool = True,
) -> int:
    out = PrintableStream(out)  # type: ignore[assignment]  # no escapes from scenario or save
    player = PlainGame(
        game, recorder or Recorder(saves), out, read_line, follow_history, interactive
    )
    return player.run()
