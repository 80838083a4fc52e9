"""Plain-text play: numbered choices in, text out. No colours, no cursor movement."""

from __future__ import annotations

import re
import textwrap
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from ..engine.classroom import Classroom, lessons, setup_notes
from ..engine.flow import (
    Briefing,
    Ending,
    EventToContinue,
    Flow,
    FlowError,
    OutcomeToShow,
    Paused,
    Pending,
    Tie,
    Turn,
    Waiting,
)
from ..engine.game import Game, How, Step
from ..engine.history import Comparison, compare_step, divergence, timeline
from ..engine.labels import (
    Badge,
    SourceGroup,
    badge,
    ending_notes,
    node_notes,
    role_sources,
    sources_of,
    step_labels,
    variable_meaning,
)
from ..engine.model import Choice, DecisionNode, Scenario, Source
from ..engine.saves import Recorder
from ..engine.text import PrintableStream, printable

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


class Quit(Exception):
    """The player typed q: save and leave."""


class PlainGame:
    def __init__(
        self,
        game: Game,
        recorder: Recorder,
        out: TextIO,
        read_line: Callable[[], str],
        follow_history: bool = False,
        interactive: bool = True,
        players: dict[str, list[str]] | None = None,
        clock: Callable[[], float] = time.time,
    ):
        self.game = game
        self.recorder = recorder
        self.out = out
        self.read_line = read_line
        self.follow_history = follow_history
        self.interactive = interactive
        self.flow = Flow(game, players=players, clock=clock, follow_history=follow_history)
        self.save_failed = False
        self.shown_node: tuple[int, str] | None = None
        self.node_sources: list[Source] = []  # what `s` lists: the step's sources
        # The sources of the outcome just read: `s` at the next prompt still lists them.
        self.outcome_sources: list[Source] = []
        self.listing = False  # True while `s` asked for sources to be printed in full

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

    def ask(
        self, prompt: str, repeat: Callable[[], None] | None = None, commands: bool = True
    ) -> str:
        """One line of input. At a prompt, r repeats, s lists sources, ? helps, q quits and a
        line starting with / is a facilitator's command; the prompt then comes again."""
        while True:
            self.out.write(prompt)
            self.out.flush()
            line = self.read_line()
            if line == "":
                raise EndOfInput
            if not self.interactive:
                # Piped input is not echoed by a terminal; show it so a transcript reads naturally.
                self.out.write(line if line.endswith("\n") else line + "\n")
            answer = line.strip()
            if not commands:
                return answer
            key = answer.lower()
            if key == "q":
                raise Quit
            if key in ("?", "h", "help", "/help"):
                self.help()
            elif key == "r":
                self.shown_node = None
                self.node_text()
                if repeat is not None:
                    repeat()
            elif key == "s":
                self.listing = True
                self.sources(self.node_sources)
                self.listing = False
                if not self.node_sources:
                    self.say("No sources for this step.")
            elif answer.startswith("/") and self.flow.is_class:
                before = len(self.game.log)
                self.command(answer)
                if len(self.game.log) != before:
                    return ""
            else:
                return answer

    # -- the game ------------------------------------------------------------------------------
    def run(self) -> int:
        scenario = self.game.scenario
        try:
            while True:
                pending = self.flow.pending()
                if isinstance(pending, Ending):
                    break
                self.play(pending)
        except EndOfInput:
            self.say()
            self.say(f"Input ended. {self.saved_words()}")
            return 0
        except Quit:
            self.say(self.saved_words())
            return 0
        except KeyboardInterrupt:
            self.say()
            self.say(f"Stopped. {self.saved_words()}")
            return 130
        self.ending()
        self.say(self.saved_words())
        self.say(f"Thank you for playing {scenario.title}.")
        return 0

    def saved_words(self) -> str:
        path = self.autosave()
        return f"The game is saved in {path}" if path else "The game could not be saved."

    def autosave(self) -> Path | None:
        """Save after every move; a read-only folder or a full disk is told once, in one line,
        and play goes on."""
        try:
            return self.recorder.autosave(self.game)
        except OSError as exc:
            if not self.save_failed:
                self.say(f"(Could not save the game: {exc.strerror or exc}. Play goes on.)")
            self.save_failed = True
            return None

    def play(self, pending: Pending) -> None:
        flow = self.flow
        if isinstance(pending, Briefing):
            self.title()
            if self.follow_history:
                self.ask("A guided tour of what happened. Press Enter to begin. ")
            flow.begin()
        elif isinstance(pending, EventToContinue):
            self.node_text()
            self.gauges()
            self.ask("Press Enter to continue. ")
            if self.follow_history:
                flow.follow()
            else:
                flow.proceed()
        elif isinstance(pending, Turn):
            self.turn(pending)
        elif isinstance(pending, Tie):
            self.tie(pending)
        elif isinstance(pending, OutcomeToShow):
            self.outcome(pending)
        elif isinstance(pending, Paused):
            self.ask("Paused by the facilitator. Press Enter to resume. ")
            flow.resume()
        elif isinstance(pending, Waiting):
            self.ask("Waiting for the facilitator (type /help for the commands). ")
        self.autosave()

    def title(self) -> None:
        s = self.game.scenario
        self.say(f"{s.title}")
        if s.subtitle:
            self.say(s.subtitle)
        preset = s.preset(self.game.preset)
        # The lesson's own length: a preset's name says it once ("… (about 20 minutes)").
        length = preset.name if preset is not None else f"about {s.minutes} minutes"
        self.say(f"{s.period.label or s.period.start} · {length}")
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
            self.listing = True  # a briefing is read once: its sources in full
            self.sources(role_sources(self.game, role))
            self.listing = False
        elif self.flow.is_class:
            group = str(self.recorder.extra.get("group") or "")
            self.say(f"A class session{f' ({group})' if group else ''}. Who plays what:")
            idle = {r.id for r in s.idle_roles(self.game.preset)}
            for r in s.roles:
                names = ", ".join((self.flow.players or {}).get(r.id, [])) or "no names given"
                if r.id in idle:
                    names = "nothing to decide in this lesson"
                self.say(f"  {r.name} ({r.side}): {names}")
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
                meaning = variable_meaning(var)
                self.para(f"{var.label}: {meaning}" if meaning else var.label, "  ")
            self.say()
        self.say("At any prompt: r repeats, s lists sources, ? helps, q saves and quits.")
        self.say()

    def header(self, node_id: str | None = None) -> None:
        node = self.game.as_told(node_id) if node_id else self.game.node
        when = " ".join(x for x in (node.date, node.time) if x)
        line = " · ".join(x for x in (when, node.place) if x)
        self.say()
        if line:
            self.say(line)
        self.say(node.title.upper())
        roles = [r for r in (self.game.scenario.role(d) for d in node.deciders) if r]
        if roles and isinstance(node, DecisionNode):
            names = ", ".join(r.name for r in roles)
            self.say(textwrap.fill(f"Decides: {names}", WIDTH, subsequent_indent="  "))
        self.say()

    def node_text(self, viewer: str | None = None, node_id: str | None = None) -> None:
        """The node as it is read out: news, text, the viewer's secret, its sources in one line."""
        game = self.game
        node_id = node_id or game.state.node_id
        node = game.as_told(node_id)
        if self.shown_node != (len(game.log), node_id):
            self.header(node_id)
            for text in game.news_now() if node_id == game.state.node_id else []:
                self.say(f"NEWS: {text}")
                self.say()
            self.para(node.text)
            self.shown_node = (len(game.log), node_id)
            notes = node_notes(game, node_id)
            self.badge_line(notes.badge)  # an event's own basis, e.g. COUNTERFACTUAL
            self.node_sources, self.outcome_sources = self.outcome_sources, []
            own = len(self.node_sources)
            for group in notes.groups:
                self.note_sources(group.sources)
            if len(self.node_sources) > own:
                self.say(f"Sources: {len(self.node_sources) - own} (type s to list them).")
                self.say()
        who = viewer or game.role
        secret = node.secrets.get(who) if who else None
        if secret:
            self.say("Only you know:")
            self.para(secret, "  ")

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
        if parts:  # wrapped between words, as a terminal would not
            line = "[" + " | ".join(parts) + "]"
            self.say(textwrap.fill(line, WIDTH, subsequent_indent=" ", break_on_hyphens=False))
            self.say()

    def advisers(self) -> None:
        node = self.game.node
        if not isinstance(node, DecisionNode):
            return
        for adviser in node.advisers:
            self.say(f"  {adviser.who}: {adviser.position}")
            if adviser.quote:
                self.para(f"\u201c{adviser.quote}\u201d", "      ")
            elif adviser.argument:
                self.para(adviser.argument, "      ")

    def options(self, offered: Sequence[Choice]) -> None:
        for number, choice in enumerate(offered, start=1):
            self.say(f"  {number}. {choice.label}")
            if choice.detail:
                self.para(choice.detail, "     ")
        if not any(c.detail for c in offered):
            self.say()

    def turn(self, turn: Turn) -> None:
        game, flow = self.game, self.flow
        prompt = "Your choice"
        if flow.is_class:
            # The hand-off: the next player takes the keyboard before any secret is read out.
            before = len(game.log)
            self.say()
            self.ask(f"Pass the keyboard to {turn.voter}. Press Enter when you are there. ")
            if len(game.log) != before:
                return  # a facilitator's command came first
        if turn.kind == "lead":
            # The leader hears the advice first: it is what this turn is about.
            self.say()
            self.say(f"THE ADVICE YOU WERE GIVEN ({len(turn.advice)})")
            for ballot in turn.advice:
                label = self.label(ballot.choice)
                because = f" - because {ballot.reason}" if ballot.reason else ""
                self.say(textwrap.fill(
                    f"{ballot.voter}: {label}{because}", WIDTH, initial_indent="  ",
                    subsequent_indent="    ",
                ))  # fmt: skip
            if not turn.advice:
                self.say("  Nobody has given advice.")
        self.node_text(turn.role if flow.is_class else None)
        if flow.is_class or turn.of > 1:
            role = game.scenario.role(turn.role)
            who = turn.voter or (role.name if role else turn.role)
            what = {
                "decide": "decides",
                "vote": "votes",
                "advise": "advises",
                "lead": "decides, after the advice",
            }
            line = f"{who}: {what[turn.kind]}"
            if not flow.is_class:
                line = f"Vote as {role.name if role else turn.role}"
            if turn.of > 1:
                self.say(f"Turn {turn.number} of {turn.of}.")
            prompt = line
            if role and role.secret and flow.is_class:
                self.say("Your secret briefing:")
                self.para(role.secret, "  ")
        self.advisers()
        for ballot in turn.advice if turn.kind != "lead" else ():
            label = self.label(ballot.choice)
            self.say(
                f"  Advice from {ballot.voter}: {label}"
                + (f" (because {ballot.reason})" if ballot.reason else "")
            )
        self.gauges()
        self.options(turn.choices)
        if turn.seconds_left is not None:
            node = game.node
            assert isinstance(node, DecisionNode) and node.timer is not None
            self.say(
                f"Time: {round(turn.seconds_left)} seconds. If it runs out: {self.label(node.timer.default)}."
            )
        flow.open_turn()
        if self.follow_history:
            self.say(f"History's choice: {game.historical_choice().label}")
            self.ask("Press Enter to see what happened. ")
            flow.follow()
            return
        choice = self.pick(turn.choices, lambda: self.options(turn.choices), prompt)
        if choice is None:
            return
        if flow.tick():
            return  # too late: the outcome says that time ran out and what was taken
        reason = None
        if flow.is_class:
            reason = self.ask("Why? One line for the debrief (Enter to skip): ", commands=False)
        try:
            flow.choose(choice, reason)
        except FlowError as exc:
            self.say(str(exc))

    def tie(self, tie: Tie) -> None:
        shown = ", ".join(f"{self.label(c)} {n}" for c, n in tie.counts.items())
        self.say(f"A tie ({shown}). The facilitator decides:")
        self.options(tie.choices)
        choice = self.pick(tie.choices, lambda: self.options(tie.choices))
        if choice is not None:
            self.flow.override(choice)

    def outcome(self, pending: OutcomeToShow) -> None:
        step = pending.step
        game = self.game
        # (a timeout is told once, by the outcome's "Time ran out: … was taken")
        if step.entry.how in (How.SKIPPED, How.HISTORY) and not self.follow_history:
            why = {
                How.SKIPPED: "This lesson passes over this decision;",
                How.HISTORY: "Nobody plays this side; as history did:",
            }[How(step.entry.how)]
            self.node_text(node_id=step.node_id)
            self.say(f"{why} {step.choice.label if step.choice else ''}")
        if pending.result:
            self.say(f"The votes: {pending.result}.")
            self.say()
        self.listing = False
        known = len(self.node_sources)
        self.consequence(step)
        comparison = compare_step(game, step)
        if comparison and pending.reveal_history:
            self.history(comparison)
        elif comparison and comparison.history is not None:
            self.say("What actually happened is revealed at the end.")
            self.say()
        if len(self.node_sources) > known:
            more = " more" if known else ""  # "more" only after a first count was read out
            self.say(f"Sources: {len(self.node_sources) - known}{more} (type s to list them).")
            self.say()
        self.outcome_sources = self.node_sources[known:]
        self.flow.proceed()
        if self.follow_history and not game.finished:
            self.ask("Press Enter for the next step. ")

    def label(self, choice_id: str) -> str:
        node = self.game.node
        choices = node.choices if isinstance(node, DecisionNode) else []
        return next((c.label for c in choices if c.id == choice_id), choice_id)

    def pick(
        self, offered: Sequence[Choice], repeat: Callable[[], None], prompt: str = "Your choice"
    ) -> str | None:
        """A number from the options; a wrong answer repeats them. None: a facilitator's
        command moved the game on."""
        while True:
            before = len(self.game.log)
            answer = self.ask(f"{prompt} (1-{len(offered)}): ", repeat=repeat)
            if len(self.game.log) != before or not isinstance(self.flow.pending(), (Turn, Tie)):
                return None
            if answer.isdigit() and 1 <= int(answer) <= len(offered):
                return offered[int(answer) - 1].id
            if answer:
                self.say(f"Please type a number from 1 to {len(offered)}. The options again:")
                repeat()

    def help(self) -> None:
        self.say("Type the number of a choice and press Enter.")
        self.say("  r  repeat the options    s  list the sources of this step")
        self.say("  ?  this help             q  save and quit")
        if self.flow.is_class:
            self.say("The facilitator's commands:")
            self.say("  /pause  /resume  /reveal now|end  /news TEXT  /skip")
            self.say("  /override N (choice N here)  /hands N,N,... (raised hands per choice)")
        self.say()

    def command(self, text: str) -> None:
        """A facilitator's command typed at a prompt."""
        flow = self.flow
        name, _, arg = text[1:].partition(" ")
        node = self.game.node
        offered = self.game.offered()
        try:
            if name == "pause":
                flow.pause()
                self.say("Paused. The clock is stopped.")
            elif name == "resume":
                flow.resume()
            elif name == "reveal" and arg in ("now", "end"):
                flow.set_reveal(arg)
                self.say(
                    "History is shown "
                    + ("after every decision." if arg == "now" else "only at the end.")
                )
            elif name == "news" and arg:
                flow.news(arg)
                self.say(f"NEWS: {arg}")
            elif name == "skip":
                flow.skip()
            elif name == "override" and arg.isdigit() and isinstance(node, DecisionNode):
                flow.override(offered[int(arg) - 1].id)
            elif name == "hands" and isinstance(node, DecisionNode):
                numbers = [int(n) for n in arg.replace(" ", "").split(",") if n]
                counts = {c.id: n for c, n in zip(offered, numbers, strict=False)}
                result = flow.show_of_hands(counts)
                if result.choice is None:
                    self.say("The hands are tied: /override N decides.")
            else:
                self.help()
        except (FlowError, IndexError, ValueError) as exc:
            self.say(f"That command does not fit here: {exc}")
        self.autosave()

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
        """Sources under what they support; an account's own text before its own sources.
        Unless the player asked for the sources (s), only the accounts' texts are read out."""
        for group in groups:
            if group.text is not None:
                # A contested point's accounts are told apart by their sources: always in full.
                self.para(f"{group.title}: {group.text}", indent + "  ")
                listing, self.listing = self.listing, True
                self.sources(group.sources, indent + "  ")
                self.listing = listing
            elif group.title == "Sources" or not self.listing:
                self.sources(group.sources, indent)
            else:
                self.say(f"{indent}{group.title}:")
                self.sources(group.sources, indent)

    def sources(self, sources: list[Source] | tuple[Source, ...], indent: str = "  ") -> None:
        if not self.listing:  # read out once per step, in one line; `s` lists them in full
            self.note_sources(sources)
            return
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

    def note_sources(self, sources: list[Source] | tuple[Source, ...]) -> None:
        self.node_sources += [x for x in sources if x not in self.node_sources]

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
        self.say()
        self.say(f"ENDING: {ending.title} ({ending.category.value})")
        self.say()
        self.para(ending.text)
        self.para(ending.epilogue)
        notes = ending_notes(self.game)
        self.badge_line(notes.badge)
        self.listing = True  # the game is over: the ending's sources in full
        self.source_groups(notes.groups)
        self.listing = False
        self.summary()

    def summary(self) -> None:
        rows = timeline(self.game)
        if not rows:
            return
        self.say("YOUR PATH AGAINST HISTORY")
        for row in rows:
            self.say(f" {MARKS[row.verdict]} {row.date or '':<11} {row.title}")
            self.say(f"     {row.taken_by}: {row.chosen.label}")
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


def ask_group(out: TextIO, read_line: Callable[[], str]) -> str:
    """A class session's group, as the class report will name it (Enter: no name)."""
    out.write("The group's name, for the class report (e.g. Table 3; Enter: none): ")
    out.flush()
    return printable(read_line()).strip()


def ask_preset(scenario: Scenario, out: TextIO, read_line: Callable[[], str]) -> str | None:
    """A class session in plain text: which lesson to play, when the scenario offers several
    lengths (Enter, or the end of input: the one the class setup would choose)."""
    offered, chosen = lessons(scenario)
    if len(offered) < 2:
        return chosen
    default = next(n for n, lesson in enumerate(offered, 1) if lesson.preset == chosen)
    out.write("Length of the lesson:\n")
    for number, lesson in enumerate(offered, 1):
        out.write(textwrap.fill(f"{number}. {lesson.label}", WIDTH, initial_indent="  ",
                                subsequent_indent="     ") + "\n")  # fmt: skip
    while True:
        out.write(f"Lesson (Enter: {default}): ")
        out.flush()
        answer = read_line().strip()
        if not answer or (answer.isdigit() and 1 <= int(answer) <= len(offered)):
            out.write("\n")
            return offered[int(answer or default) - 1].preset
        out.write(f"Type a number from 1 to {len(offered)}.\n")


def ask_players(
    scenario: Scenario, out: TextIO, read_line: Callable[[], str], preset: str | None = None
) -> dict[str, list[str]]:
    """A class session in plain text: who plays each role (Enter: the role plays as itself).
    A role the lesson preset leaves with nothing to decide is not asked for."""
    out.write("A class session. Type the names of the students or teams for each role,\n")
    out.write("separated by commas (Enter: one player named after the role).\n")
    chosen = scenario.preset(preset)
    if chosen is not None:
        out.write(f"Lesson: {chosen.name}\n")
    notes = setup_notes(scenario, preset)
    idle = {r.id for r in scenario.idle_roles(preset)}
    players: dict[str, list[str]] = {}
    for role in scenario.roles:
        if role.id in notes:
            out.write(textwrap.fill(f"({role.name}) {notes[role.id]}", WIDTH) + "\n")
        if role.id in idle:
            continue
        out.write(f"{role.name}: ")
        out.flush()
        names = [n.strip() for n in read_line().split(",") if n.strip()]
        if names:
            players[role.id] = names
    out.write("\n")
    return players


def play_plain(
    game: Game,
    saves: Path,
    out: TextIO,
    read_line: Callable[[], str],
    follow_history: bool = False,
    recorder: Recorder | None = None,
    interactive: bool = True,
    players: dict[str, list[str]] | None = None,
    group: str = "",
) -> int:
    if recorder is None:
        # A class session keeps who played what, for the debrief and the class report.
        extra = Classroom(players, group).to_extra() if players is not None else {}
        recorder = Recorder(saves, extra=extra)
    out = PrintableStream(out)  # type: ignore[assignment]  # no escapes from scenario or save
    player = PlainGame(game, recorder, out, read_line, follow_history, interactive, players)
    return player.run()

