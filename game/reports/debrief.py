"""What a debrief says about one game, worked out from the engine alone.

The Markdown and HTML renderers (and the TUI's ending screen) all show this one structure, so a
class sees the same facts whichever way it reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..engine.game import Entry, Game, Step, shown
from ..engine.history import HOW_WORDS, Comparison, compare_step, divergence, how_words
from ..engine.model import (
    Basis,
    DecisionNode,
    DecisionRule,
    Display,
    EndingNode,
    EventNode,
    Scenario,
    Source,
)

# How a decision was taken, when it was not by the facilitator: these are not interventions.
NOT_INTERVENTIONS = ("player", "vote", "fallback", "timeout", "history", "skipped")


@dataclass(frozen=True)
class Voice:
    """One person or team behind a choice: who, in what part, and the reason they gave."""

    who: str
    part: str  # "decided" (the leader, or the one deciding team), "advised", "voted"
    reason: str

    @property
    def did(self) -> str:
        """What this voice did about the choice it sits under, in words."""
        return {"decided": "decided", "advised": "advised this", "voted": "voted for this"}.get(
            self.part, self.part
        )


@dataclass(frozen=True)
class Option:
    """A choice as the class saw it: the hands raised for it and the voices behind it."""

    label: str
    chosen: bool
    hands: int | None
    voices: tuple[Voice, ...]


@dataclass(frozen=True)
class Cited:
    """A piece of text with its own trust label and sources (an account, an event, an outcome)."""

    basis: str | None
    rests_on: str | None
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Row:
    number: int
    step: Step
    comparison: Comparison | None
    kind: str  # "decision" or "event"
    title: str
    date: str
    deciders: str
    choice: str
    how: str
    options: list[Option]
    dissent: list[str]
    seconds: float | None
    changes: list[tuple[str, object, object]]
    why: list[str]
    news: list[str] = field(default_factory=list)
    event_text: str | None = None  # an event's own text
    event: Cited | None = None  # an event's basis, rests_on and sources
    node_sources: tuple[Source, ...] = ()  # a decision node's own sources
    consequence: Cited | None = None  # what followed: the choice's or the chance outcome's
    chance: bool = False  # the consequence was drawn by chance among several outcomes
    accounts: tuple[tuple[str, tuple[Source, ...]], ...] = ()  # a contested history's accounts
    history_sources: tuple[Source, ...] = ()  # the history block's own sources
    led_to_ending: bool = False
    led_to: str = ""  # the title of the node this step led to
    verdict: str = ""  # the comparison with history in words, naming who decided

    @property
    def votes(self) -> list[tuple[str, str, str]]:
        """Every voice, as (who, choice label, reason)."""
        return [(v.who, o.label, v.reason) for o in self.options for v in o.voices]


@dataclass(frozen=True)
class Series:
    label: str
    low: int
    high: int
    reversed: bool
    values: list[int]


@dataclass
class Debrief:
    game: Game
    group: str | None = None
    players: dict[str, list[str]] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    interventions: list[str] = field(default_factory=list)
    timeouts: list[str] = field(default_factory=list)
    news: list[tuple[int, str]] = field(default_factory=list)  # (row number, text); 0 = at the end
    questions: list[tuple[str, list[str]]] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    ending_sources: list[Source] = field(default_factory=list)
    abandoned: list[list[str]] = field(default_factory=list)

    @property
    def scenario(self) -> Scenario:
        return self.game.scenario

    @property
    def divergence(self):
        return divergence(self.game)

    @property
    def preset(self) -> str | None:
        """The lesson preset by its name, as the teacher chose it."""
        preset = self.game.preset_info()
        return preset.name if preset else self.game.preset

    @property
    def minutes(self) -> int:
        return self.scenario.play_minutes(self.game.preset)

    @property
    def chance_rows(self) -> list[Row]:
        """The turns chance decided, in order: what a class should know was luck."""
        return [row for row in self.rows if row.chance]

    @property
    def late_news(self) -> list[str]:
        """News given after the last move (at the ending, or where the game stopped)."""
        return [text for at, text in self.news if at == 0]


def _label(game: Game, node_id: str, choice_id: str) -> str:
    node = game.scenario.nodes.get(node_id)
    if isinstance(node, DecisionNode):
        for choice in node.choices:
            if choice.id == choice_id:
                return choice.label
    return choice_id


def _sources(scenario: Scenario, ids: list[str] | tuple[str, ...]) -> tuple[Source, ...]:
    found = (scenario.source(i) for i in dict.fromkeys(ids))
    return tuple(s for s in found if s is not None)


def _cited(scenario: Scenario, basis, rests_on, ids) -> Cited | None:
    value = basis.value if isinstance(basis, Basis) else basis
    if value is None and not rests_on and not ids:
        return None
    return Cited(value, rests_on, _sources(scenario, ids))


def _role_name(scenario: Scenario, role_id: str | None) -> str | None:
    role = scenario.role(role_id or "")
    return role.name if role else role_id


def _options(game: Game, node: DecisionNode, step: Step) -> list[Option]:
    """Each choice with the voices behind it: the leader's own reason under the leader's choice,
    each adviser's or voter's reason under the choice that person recommended."""
    entry: Entry = step.entry
    votes = entry.votes or {}
    reasons = entry.reasons or {}
    chosen = step.choice.id if step.choice else None
    leader = node.rule is DecisionRule.leader
    voices: dict[str, list[Voice]] = {}
    deciding: list[Voice] = []
    for who, text in reasons.items():
        if who not in votes and text:  # the leader's (or the one deciding team's) reason
            deciding.append(Voice(who, "decided", text))
    if entry.reason:
        who = _role_name(game.scenario, entry.by) or "the decider"
        deciding.insert(0, Voice(who, "decided", entry.reason))
    if leader and not deciding and entry.how in ("vote", "player"):
        who = _role_name(game.scenario, entry.by or node.leader) or "the leader"
        deciding.append(Voice(who, "decided", ""))
    if chosen and deciding:
        voices[chosen] = deciding
    for voter, choice_id in votes.items():
        part = "advised" if leader else "voted"
        voices.setdefault(choice_id, []).append(Voice(voter, part, reasons.get(voter, "")))
    hands = entry.tally
    out = []
    for choice in node.choices:
        counted = None if hands is None else int(hands.get(choice.id, 0))
        if choice.id == chosen or choice.id in voices or hands is not None:
            out.append(
                Option(choice.label, choice.id == chosen, counted, tuple(voices.get(choice.id, ())))
            )
    return out


def _how(scenario: Scenario, entry: Entry, comparison: Comparison | None) -> str:
    if comparison is not None and comparison.automatic:
        text = comparison.verdict_text.removeprefix("Not your decision: ").rstrip(".")
        return text[:1].lower() + text[1:]
    return how_words(scenario, entry) or HOW_WORDS.get(entry.how, entry.how)


def _row(game: Game, number: int, step: Step, news: list[str]) -> Row:
    scenario = game.scenario
    node = step.node_told or scenario.nodes[step.node_id]  # with the text variant that was told
    entry: Entry = step.entry
    comparison = compare_step(game, step)
    is_decision = isinstance(node, DecisionNode)
    options = _options(game, node, step) if isinstance(node, DecisionNode) else []
    chosen = step.choice.id if step.choice else None
    dissent = [voter for voter, choice in (entry.votes or {}).items() if choice != chosen]
    deciders = ", ".join(r.name for r in (scenario.role(d) for d in node.deciders) if r)
    labels = {v.id: v.label for v in scenario.variables}
    part = step.consequence
    possible = (
        node.outcomes
        if isinstance(node, EventNode)
        else (step.choice.outcomes if step.choice else None)
    )
    history = comparison.history if comparison else None
    accounts = tuple(
        (account.text, _sources(scenario, account.sources))
        for account in (history.accounts if history else [])
    )
    return Row(
        number=number,
        step=step,
        comparison=comparison,
        kind="decision" if is_decision else "event",
        title=node.title,
        date=" ".join(x for x in (node.date, node.time) if x),
        deciders=deciders,
        choice=step.choice.label if step.choice else "",
        how=_how(scenario, entry, comparison) if is_decision else "",
        options=options,
        dissent=dissent,
        seconds=entry.seconds,
        changes=[
            (labels.get(c.variable, c.variable), shown(c.before), shown(c.after))
            for c in step.changes
        ],
        why=list(step.why),
        news=news,
        event_text=node.text if isinstance(node, EventNode) else None,
        event=(
            _cited(scenario, node.basis, node.rests_on, node.sources)
            if isinstance(node, EventNode)
            else None
        ),
        node_sources=_sources(scenario, node.sources) if is_decision else (),
        consequence=(
            _cited(scenario, part.basis, part.rests_on, part.sources) if part is not None else None
        ),
        chance=step.outcome is not None and len(possible or []) > 1,
        accounts=accounts,
        history_sources=_sources(scenario, history.sources) if history else (),
        led_to_ending=isinstance(scenario.nodes.get(step.next_id), EndingNode),
        led_to=scenario.nodes[step.next_id].title if step.next_id in scenario.nodes else "",
        verdict=comparison.verdict_text if comparison else "",
    )


def build(
    game: Game, group: str | None = None, players: dict[str, list[str]] | None = None
) -> Debrief:
    scenario = game.scenario
    report = Debrief(game, group, players or {})
    steps = game.state.steps
    # News is given while the game waits at a node: it belongs to the move made there.
    given: dict[int, list[str]] = {}
    for at, entry in game.state.injects:
        given.setdefault(at, []).append(entry.text or "")
    report.rows = [
        _row(game, n, step, given.get(step.index, [])) for n, step in enumerate(steps, start=1)
    ]
    report.news = [
        (at + 1 if at < len(steps) else 0, text)
        for at, texts in sorted(given.items())
        for text in texts
    ]
    acted: list[tuple[int, str]] = []  # (step number, what the facilitator did there)
    for row in report.rows:
        how = row.step.entry.how
        if row.kind != "decision":
            continue
        if how == "timeout":
            report.timeouts.append(f"{row.number}. {row.title}: {row.choice} ({row.how})")
        elif how not in NOT_INTERVENTIONS:
            acted.append((row.number, f"{row.number}. {row.title}: {row.choice} ({row.how})"))
    # Starting a live lesson is no intervention; pauses, reveals and the end are: each said at
    # the step it was made at (while the game waited there), like news.
    titles = {row.number: row.title for row in report.rows}
    for at, entry in game.state.notes:
        if entry.control == "start":
            continue
        if at + 1 in titles:
            acted.append((at + 1, f"{at + 1}. {titles[at + 1]}: {entry.text}"))
        else:
            acted.append((len(titles) + 1, f"At the end: {entry.text}"))
    report.interventions = [text for _, text in sorted(acted, key=lambda item: item[0])]
    seen: set[str] = set()
    for node_id in [scenario.start, *(s.next_id for s in steps)]:
        node = scenario.nodes[node_id]
        if node.questions and node_id not in seen:
            seen.add(node_id)
            report.questions.append((node.title, list(node.questions)))
    report.series = _series(game)
    cited: dict[str, Source] = {}

    def cite(sources) -> None:
        for source in sources:
            cited.setdefault(source.id, source)

    for row in report.rows:
        cite(row.node_sources)
        cite(row.event.sources if row.event else ())
        cite(row.consequence.sources if row.consequence else ())
        cite(row.comparison.sources if row.comparison else ())
    ending = game.ending
    if ending is not None:
        report.ending_sources = list(_sources(scenario, ending.sources))
        cite(report.ending_sources)
    report.sources = list(cited.values())
    report.abandoned = [
        [s.choice.label for s in branch if s.choice is not None] for branch in game.state.branches
    ]
    return report


def _series(game: Game) -> list[Series]:
    """The value of each visible number after every step: the escalation track."""
    timeline = [list(game.state.opening[0])] + [list(s.changes) for s in game.state.steps]
    out = []
    for variable in game.scenario.variables:
        if variable.type != "integer" or variable.display is Display.hidden:
            continue
        value = int(variable.start)
        values = []
        for changes in timeline:
            for change in changes:
                if change.variable == variable.id and isinstance(change.after, int):
                    value = change.after
            values.append(value)
        out.append(
            Series(variable.label, variable.min or 0, variable.max or 0, variable.reversed, values)
        )
    return out


def write_debrief(game: Game, folder: Path, game_id: str, extra: dict | None = None) -> list[Path]:
    """Write the debrief next to the saves, as Markdown and as printable HTML."""
    from .render_html import debrief_html
    from .render_md import debrief_markdown

    extra = extra or {}
    report = build(game, group=extra.get("group"), players=extra.get("players") or {})
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"debrief-{game.scenario.id}-{game_id}-{datetime.now().strftime('%Y%m%d-%H%M%S')}"
    md, html = folder / f"{stem}.md", folder / f"{stem}.html"
    md.write_text(debrief_markdown(report) + "\n", encoding="utf-8")
    html.write_text(debrief_html(report), encoding="utf-8")
    return [md, html]
