"""Printable handouts for a class: role cards, note sheets per decision, the teacher's sheet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..engine.checks import exits
from ..engine.condition_words import condition_in_words
from ..engine.coverage import chance_totals
from ..engine.history import history_path
from ..engine.model import (
    DecisionNode,
    DecisionRule,
    EndingNode,
    EventNode,
    NodeBase,
    Scenario,
    Source,
    Told,
    tellings,
)
from ..engine.text import printable
from .render_html import environment
from .text import md_cell, md_safe, safe_url, source_line


def historical_path(scenario: Scenario) -> list[str]:
    """Node ids along history's path, in order."""
    pairs = dict(history_path(scenario))
    order = [scenario.start]
    while order[-1] in pairs and pairs[order[-1]] not in order:
        order.append(pairs[order[-1]])
    return order


def decisions(scenario: Scenario) -> list[tuple[str, DecisionNode]]:
    """Decisions on history's path first, in order; then those only on other branches."""
    on_path = [n for n in historical_path(scenario) if isinstance(scenario.nodes[n], DecisionNode)]
    rest = [
        n
        for n, node in scenario.nodes.items()
        if isinstance(node, DecisionNode) and n not in on_path
    ]
    return [(n, scenario.nodes[n]) for n in on_path + rest]  # type: ignore[misc]


def when(node: NodeBase) -> str:
    return " ".join(x for x in (node.date, node.time) if x)


def decided_by(scenario: Scenario, node: DecisionNode) -> str:
    """Which role decides, by name: every sheet says it."""
    names = [r.name for r in (scenario.role(d) for d in node.deciders) if r]
    if not names:
        return "every role together"
    if node.rule is DecisionRule.leader:
        leader = scenario.role(node.leader or "")
        return f"{leader.name if leader else names[0]}, after advice"
    if len(names) > 1:
        together = f"{', '.join(names[:-1])} and {names[-1]}"
        return f"{together} ({node.rule.value} vote)"
    return names[0]


def story_dates(scenario: Scenario) -> dict[str, str]:
    """Each node's date, or for an undated node the date of the nearest dated node on the way
    to it from the start (so an undated decision is sorted where it falls in the story)."""
    dates: dict[str, str] = {}
    queue = [(scenario.start, "")]
    while queue:
        node_id, before = queue.pop(0)
        node = scenario.nodes.get(node_id)
        if node is None or node_id in dates:
            continue
        dates[node_id] = node.date or before
        queue += [(target, dates[node_id]) for target in exits(node) if target not in dates]
    return dates


def in_date_order(
    scenario: Scenario, items: list[tuple[str, DecisionNode]]
) -> list[tuple[str, DecisionNode]]:
    """Sorted by in-world date and time; an undated decision by the date of what leads to it."""
    dates = story_dates(scenario)
    return sorted(
        items,
        key=lambda item: (dates.get(item[0]) or "9999", item[1].date is None, item[1].time or ""),
    )


def role_decisions(scenario: Scenario, role_id: str) -> list[tuple[str, DecisionNode]]:
    """The decisions one role takes (or shares), in date order."""
    return in_date_order(
        scenario,
        [
            (n, node)
            for n, node in decisions(scenario)
            if not node.deciders or role_id in node.deciders
        ],
    )


def history_choice(node: DecisionNode) -> str:
    h = node.history
    if h is None:
        return "(no record)"
    documented = next((c.label for c in node.choices if c.id == h.choice), None)
    if documented:
        return documented
    if h.basis == "counterfactual":
        return "(never happened)"
    return h.actual or "none of these"


def history_sources(scenario: Scenario, node: DecisionNode) -> list[Source]:
    """A history block's sources, then those of each of its accounts."""
    h = node.history
    if h is None:
        return []
    return sources_of(scenario, [*h.sources, *(s for a in h.accounts for s in a.sources)])


def sources_of(scenario: Scenario, ids) -> list[Source]:
    found = (scenario.source(i) for i in dict.fromkeys(ids))
    return [s for s in found if s is not None]


@dataclass(frozen=True)
class PresetRow:
    name: str
    minutes: int
    skipped: list[str]  # decision titles, never ids
    idle: list[str]  # roles left with nothing to decide


def preset_rows(scenario: Scenario) -> list[PresetRow]:
    rows = []
    for preset in scenario.presets:
        skipped = [scenario.nodes[n].title for n in preset.skip if n in scenario.nodes]
        idle = [role.name for role in scenario.idle_roles(preset.id)]
        rows.append(PresetRow(preset.name, preset.minutes, skipped, idle))
    return rows


def bibliography(scenario: Scenario) -> list[Source]:
    """Every source, in alphabetical order of its first author's surname (or of its title,
    without a leading article, when it names no author)."""

    def key(source: Source) -> str:
        if source.author:
            first = re.split(r",| and | with ", source.author)[0].split()
            return first[-1].lower() if first else ""
        return re.sub(r"^(the|a|an)\s+", "", re.sub(r"^\W+", "", source.title).lower())

    return sorted(scenario.sources, key=key)


def odds(outcomes, scenario: Scenario | None = None) -> list[str]:
    """How likely each chance outcome is, in words: "1 in 3". An outcome possible only after
    certain earlier choices is weighed against the outcomes that can be open beside it ("1 in 3",
    "certain", or "2 in 5 or 2 in 3" when that depends on the story), and says so; without the
    scenario, its weight is given instead."""
    outcomes = list(outcomes or [])
    total = sum(o.weight for o in outcomes)
    if not any(o.condition for o in outcomes):
        return [f"{o.weight} in {total}" for o in outcomes]
    after = ", only after certain earlier choices"
    if scenario is None:
        return [f"weight {o.weight}" + (after if o.condition else "") for o in outcomes]
    out = []
    for o, totals in zip(outcomes, chance_totals(scenario, outcomes), strict=True):
        words = [f"{o.weight} in {t}" for t in sorted(totals, reverse=True) if t != o.weight]
        if o.weight in totals:
            words.append("certain")
        out.append(" or ".join(words) + (after if o.condition else ""))
    return out


def choice_chances(scenario: Scenario, node: DecisionNode) -> list[str]:
    """For each choice whose consequence is drawn by chance: what it may lead to, and how likely."""
    out = []
    for choice in node.choices:
        if not choice.outcomes or len(choice.outcomes) < 2:
            continue
        ways = [
            f"{likely}: {target.title if (target := scenario.nodes.get(o.goto)) else '?'}"
            for o, likely in zip(choice.outcomes, odds(choice.outcomes, scenario), strict=True)
        ]
        out.append(f"“{choice.label}” is followed by chance — " + "; ".join(ways))
    return out


def events(scenario: Scenario) -> list[EventNode]:
    return [n for n in scenario.nodes.values() if isinstance(n, EventNode)]


def endings(scenario: Scenario) -> list[EndingNode]:
    return [n for n in scenario.nodes.values() if isinstance(n, EndingNode)]


def _sources_md(sources: list[Source], heading: str = "Sources") -> list[str]:
    if not sources:
        return []
    lines = [
        f"- {md_safe(source_line(s))} [{s.tier.value}]"
        + (f" <{u}>" if (u := safe_url(s.url)) else "")
        for s in sources
    ]
    return [f"*{heading}:*", *lines, ""]


def _cited_md(scenario: Scenario, basis, rests_on, ids) -> list[str]:
    out = []
    if basis:
        out += [f"*[{getattr(basis, 'value', basis)}]*", ""]
    if rests_on:
        out += [f"*Rests on:* {md_safe(rests_on)}", ""]
    return out + _sources_md(sources_of(scenario, ids))


def role_card_md(scenario: Scenario, role_id: str) -> str:
    role = scenario.role(role_id)
    assert role is not None
    out = [
        f"# {md_safe(role.name)}",
        "",
        f"*{md_safe(role.side)} — {md_safe(scenario.title)}*",
        "",
        "## Briefing",
        "",
        md_safe(role.briefing),
        "",
    ]
    if role.secret:
        out += ["## Secret — for your eyes only", "", md_safe(role.secret), ""]
    out += ["## Your decisions", ""]
    mine = role_decisions(scenario, role_id)
    out += [
        f"- {md_safe(node.title)}"
        + (f" ({md_safe(when(node))})" if when(node) else "")
        + f" — decided by {md_safe(decided_by(scenario, node))}"
        for _, node in mine
    ] or ["Your role decides nothing: watch, and note what you would have done."]
    out.append("")
    if role.objectives:
        out += ["## Objectives", ""] + [f"- {md_safe(o)}" for o in role.objectives] + [""]
    return "\n".join(out)


def notes_md(scenario: Scenario) -> str:
    out = [f"# Note sheets: {md_safe(scenario.title)}", ""]
    for role in scenario.roles:
        out += [f"## {md_safe(role.name)} ({md_safe(role.side)})", ""]
        mine = role_decisions(scenario, role.id)
        if not mine:
            out += ["This role decides nothing: watch, and note what you would have done.", ""]
        for number, (_, node) in enumerate(mine, start=1):
            date = when(node)
            out += [
                f"### {number}. {md_safe(node.title)}" + (f" ({md_safe(date)})" if date else ""),
                "",
            ]
            out += [f"*Decided by: {md_safe(decided_by(scenario, node))}*", ""]
            out += [f"- [ ] {md_safe(c.label)}" for c in node.choices] + [""]
            out += ["Our choice and why:", "", "_" * 60, "", "_" * 60, ""]
            out += [f"- {md_safe(q)}" for q in node.questions]
            out.append("")
    return "\n".join(out)


def told_instead(scenario: Scenario, owner: Told) -> list[tuple[str, Told]]:
    """Each variant of a text, with its condition in words: the teacher reads no ids."""
    return [(condition_in_words(scenario, when), told) for when, told in tellings(owner)]


def teacher_md(scenario: Scenario) -> str:
    out = [f"# Teacher's sheet: {md_safe(scenario.title)}", "", md_safe(scenario.summary), ""]
    out += [f"*About {scenario.minutes} minutes for the whole scenario.*", ""]
    if scenario.content_notes:
        out += [f"**Content notes:** {md_safe('; '.join(scenario.content_notes))}", ""]
    if scenario.presets:
        out += [
            "| Preset | Decisions played automatically | Roles with nothing to decide |",
            "|---|---|---|",
        ]
        out += [
            f"| {md_cell(p.name)} | {md_cell('; '.join(p.skipped) or '—')} | "
            f"{md_cell(', '.join(p.idle) or '—')} |"
            for p in preset_rows(scenario)
        ]
        out.append("")
    out += ["## Answer key: history's choices", ""]
    out += ["| # | Date | Decision | Decided by | History's choice | Basis | Sources |"]
    out += ["|---|---|---|---|---|---|---|"]
    for number, (_, node) in enumerate(decisions(scenario), start=1):
        h = node.history
        cited = "; ".join(s.title for s in history_sources(scenario, node)) or "—"
        out.append(
            f"| {number} | {md_cell(when(node))} | {md_cell(node.title)} | "
            f"{md_cell(decided_by(scenario, node))} | {md_cell(history_choice(node))} | "
            f"{h.basis if h else '—'} | {md_cell(cited)} |"
        )
    out += ["", "## History's path", ""]
    for number, (_, node) in enumerate(decisions(scenario), start=1):
        h = node.history
        date = when(node)
        out += [
            f"### {number}. {md_safe(node.title)}" + (f" ({md_safe(date)})" if date else ""),
            "",
        ]
        out += [f"*Decided by: {md_safe(decided_by(scenario, node))}*", ""]
        out += [f"Choices: {md_safe('; '.join(c.label for c in node.choices))}", ""]
        out += [f"*Chance:* {md_safe(line)}" for line in choice_chances(scenario, node)]
        if choice_chances(scenario, node):
            out.append("")
        out += _sources_md(sources_of(scenario, node.sources), "Sources for this decision")
        if h:
            out += [
                f"**History:** {md_safe(history_choice(node))} — *{h.basis}*",
                "",
                md_safe(h.text),
                "",
            ]
            for i, account in enumerate(h.accounts, start=1):
                out += [f"> Account {i}: {md_safe(account.text)}", ""]
                out += _sources_md(
                    sources_of(scenario, account.sources), f"Sources for account {i}"
                )
            if h.rests_on:
                out += [f"*Rests on:* {md_safe(h.rests_on)}", ""]
            out += _sources_md(sources_of(scenario, h.sources))
        if node.questions:
            out += ["Discussion:"] + [f"- {md_safe(q)}" for q in node.questions] + [""]
        if node.facilitator:
            out += [f"*Facilitator:* {md_safe(node.facilitator)}", ""]
    out += ["## Events", ""]
    for event in events(scenario):
        date = when(event)
        out += [f"### {md_safe(event.title)}" + (f" ({md_safe(date)})" if date else ""), ""]
        out += _cited_md(scenario, event.basis, event.rests_on, event.sources)
        for condition, told in told_instead(scenario, event):
            out += [f"*Told instead when {md_safe(condition)}:* {md_safe(' '.join(told.text.split()))}", ""]
            out += _cited_md(scenario, told.basis, told.rests_on, told.sources)
        chances = odds(event.outcomes, scenario)
        for i, outcome in enumerate(event.outcomes or [], start=1):
            target = scenario.nodes.get(outcome.goto)
            likely = f"{chances[i - 1]}, " if len(chances) > 1 else ""
            out += [
                f"Chance outcome {i} ({likely}leads to {md_safe(target.title if target else '?')}): "
                f"{md_safe(' '.join((outcome.text or '').split()))}",
                "",
            ]
            out += _cited_md(scenario, outcome.basis, outcome.rests_on, outcome.sources)
            for condition, other in told_instead(scenario, outcome):
                words = " ".join((other.text or "").split())
                out += [f"*Told instead when {md_safe(condition)}:* {md_safe(words)}", ""]
                out += _cited_md(scenario, other.basis, other.rests_on, other.sources)
    out += ["## Endings", ""]
    for ending in endings(scenario):
        out += [f"### {md_safe(ending.title)} ({ending.category.value})", ""]
        if ending.epilogue:
            out += [md_safe(ending.epilogue), ""]
        out += _cited_md(scenario, ending.basis, ending.rests_on, ending.sources)
    out += ["## Bibliography", ""]
    out += _sources_md(bibliography(scenario), "Every source the scenario cites")
    return "\n".join(out)


def write_handouts(scenario: Scenario, folder: Path) -> list[Path]:
    """Markdown and HTML versions of every handout; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    env = environment()

    def write(name: str, text: str) -> None:
        path = folder / name
        path.write_text(printable(text), encoding="utf-8")
        written.append(path)

    for role in scenario.roles:
        write(f"role-{role.id}.md", role_card_md(scenario, role.id))
    write("notes.md", notes_md(scenario))
    write("teacher.md", teacher_md(scenario))
    common = {
        "s": scenario,
        "decisions": decisions(scenario),
        "decided_by": lambda node: decided_by(scenario, node),
        "role_decisions": lambda role_id: role_decisions(scenario, role_id),
        "history_choice": history_choice,
        "history_sources": lambda node: history_sources(scenario, node),
        "sources_of": lambda ids: sources_of(scenario, ids),
        "presets": preset_rows(scenario),
        "events": events(scenario),
        "endings": endings(scenario),
        "bibliography": bibliography(scenario),
        "odds": odds,
        "choice_chances": lambda node: choice_chances(scenario, node),
        "when": when,
        "tellings": lambda owner: told_instead(scenario, owner),
    }
    write("roles.html", env.get_template("roles.html.j2").render(**common))
    write("notes.html", env.get_template("notes.html.j2").render(**common))
    write("teacher.html", env.get_template("teacher.html.j2").render(**common))
    return written
