"""What a debrief says about one game, worked out from the engine alone.

The Markdown and HTML renderers (and the TUI's ending screen) all show this one structure, so a
class sees the same facts whichever way it reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..engine.game import Entry, Game, Step, shown
from ..engine.history import HOW_WORDS, Comparison, compare_step, divergence
from ..engine.model import DecisionNode, Display, Source


@dataclass(frozen=True)
class Row:
    number: int
    step: Step
    comparison: Comparison | None
    title: str
    date: str
    deciders: str
    choice: str
    how: str
    votes: list[tuple[str, str, str]]  # voter, choice label, reason
    dissent: list[str]
    reasons: list[tuple[str, str]]
    seconds: float | None
    changes: list[tuple[str, object, object]]
    why: list[str]


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
    news: list[tuple[int, str]] = field(default_factory=list)
    questions: list[tuple[str, list[str]]] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    abandoned: list[list[str]] = field(default_factory=list)

    @property
    def scenario(self):
        return self.game.scenario

    @property
    def divergence(self):
        return divergence(self.game)


def _label(game: Game, node_id: str, choice_id: str) -> str:
    node = game.scenario.nodes.get(node_id)
    if isinstance(node, DecisionNode):
        for choice in node.choices:
            if choice.id == choice_id:
                return choice.label
    return choice_id


def _row(game: Game, number: int, step: Step) -> Row:
    node = game.scenario.nodes[step.node_id]
    entry: Entry = step.entry
    comparison = compare_step(game, step)
    votes = [
        (voter, _label(game, step.node_id, choice), (entry.reasons or {}).get(voter, ""))
        for voter, choice in (entry.votes or {}).items()
    ]
    chosen = step.choice.id if step.choice else None
    dissent = [voter for voter, choice in (entry.votes or {}).items() if choice != chosen]
    reasons = [(who, text) for who, text in (entry.reasons or {}).items() if text]
    if entry.reason:
        role = game.scenario.role(entry.by or "")
        reasons.insert(0, (role.name if role else entry.by or "the decider", entry.reason))
    deciders = ", ".join(r.name for r in (game.scenario.role(d) for d in node.deciders) if r)
    labels = {v.id: v.label for v in game.scenario.variables}
    return Row(
        number=number,
        step=step,
        comparison=comparison,
        title=node.title,
        date=" ".join(x for x in (node.date, node.time) if x),
        deciders=deciders,
        choice=step.choice.label if step.choice else "(continued)",
        how=(
            comparison.verdict_text.removeprefix("Not your decision: ").rstrip(".")
            if comparison is not None and comparison.automatic
            else HOW_WORDS.get(entry.how, entry.how)
        ),
        votes=votes,
        dissent=dissent,
        reasons=reasons,
        seconds=entry.seconds,
        changes=[
            (labels.get(c.variable, c.variable), shown(c.before), shown(c.after))
            for c in step.changes
        ],
        why=list(step.why),
    )


def build(
    game: Game, group: str | None = None, players: dict[str, list[str]] | None = None
) -> Debrief:
    scenario = game.scenario
    report = Debrief(game, group, players or {})
    decisions = [s for s in game.state.steps if s.choice is not None]
    report.rows = [_row(game, n, step) for n, step in enumerate(decisions, start=1)]
    for row in report.rows:
        how = row.step.entry.how
        if how in ("override", "facilitator", "timeout") or row.step.entry.tally:
            what = row.how or "show of hands"
            report.interventions.append(f"{row.title}: {row.choice} ({what})")
    report.interventions += [f"{entry.text}" for _, entry in game.state.notes]
    report.news = [(at, entry.text or "") for at, entry in game.state.injects]
    seen: set[str] = set()
    for node_id in [scenario.start, *(s.next_id for s in game.state.steps)]:
        node = scenario.nodes[node_id]
        if node.questions and node_id not in seen:
            seen.add(node_id)
            report.questions.append((node.title, list(node.questions)))
    report.series = _series(game)
    cited: dict[str, Source] = {}
    for row in report.rows:
        if row.comparison:
            for source in row.comparison.sources:
                cited.setdefault(source.id, source)
        part = row.step.consequence
        for source_id in part.sources if part else []:
            source = scenario.source(source_id)
            if source:
                cited.setdefault(source.id, source)
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
        value = int(variable.start)  # type: ignore[arg-type]
        values = []
        for changes in timeline:
            for change in changes:
                if change.variable == variable.id:
                    value = int(change.after)
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
