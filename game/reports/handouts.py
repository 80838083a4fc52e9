"""Printable handouts for a class: role cards, note sheets per decision, the teacher's sheet."""

from __future__ import annotations

from pathlib import Path

from ..engine.history import history_path
from ..engine.model import DecisionNode, Scenario
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
    if role.objectives:
        out += ["## Objectives", ""] + [f"- {md_safe(o)}" for o in role.objectives] + [""]
    return "\n".join(out)


def notes_md(scenario: Scenario) -> str:
    out = [f"# Note sheet: {md_safe(scenario.title)}", ""]
    for number, (_, node) in enumerate(decisions(scenario), start=1):
        when = " ".join(x for x in (node.date, node.time) if x)
        out += [f"## {number}. {md_safe(node.title)}" + (f" ({md_safe(when)})" if when else ""), ""]
        out += [f"- [ ] {md_safe(c.label)}" for c in node.choices] + [""]
        out += ["Our choice and why:", "", "_" * 60, "", "_" * 60, ""]
        out += [f"- {md_safe(q)}" for q in node.questions]
        out.append("")
    return "\n".join(out)


def teacher_md(scenario: Scenario) -> str:
    out = [f"# Teacher's sheet: {md_safe(scenario.title)}", "", md_safe(scenario.summary), ""]
    if scenario.content_notes:
        out += [f"**Content notes:** {md_safe('; '.join(scenario.content_notes))}", ""]
    if scenario.presets:
        out += ["| Preset | Minutes | Decisions played automatically |", "|---|---|---|"]
        out += [
            f"| {md_cell(p.label)} | {p.minutes} | {md_cell(', '.join(p.skip) or '—')} |"
            for p in scenario.presets
        ]
        out.append("")
    out += ["## History's path", ""]
    for number, (_, node) in enumerate(decisions(scenario), start=1):
        h = node.history
        when = " ".join(x for x in (node.date, node.time) if x)
        out += [
            f"### {number}. {md_safe(node.title)}" + (f" ({md_safe(when)})" if when else ""),
            "",
        ]
        out += [f"Choices: {md_safe('; '.join(c.label for c in node.choices))}", ""]
        if h:
            documented = next((c.label for c in node.choices if c.id == h.choice), None)
            label = documented or h.actual or "none of these"
            out += [f"**History:** {md_safe(label)} — *{h.basis}*", "", md_safe(h.text), ""]
            for i, account in enumerate(h.accounts, start=1):
                out += [f"> Account {i}: {md_safe(account.text)}", ""]
            if h.rests_on:
                out += [f"*Rests on:* {md_safe(h.rests_on)}", ""]
            cited = [scenario.source(s) for s in h.sources]
            out += [
                f"- {md_safe(source_line(s))}" + (f" <{u}>" if (u := safe_url(s.url)) else "")
                for s in cited
                if s
            ]
            out.append("")
        if node.questions:
            out += ["Discussion:"] + [f"- {md_safe(q)}" for q in node.questions] + [""]
        if node.facilitator:
            out += [f"*Facilitator:* {md_safe(node.facilitator)}", ""]
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
    common = {"s": scenario, "decisions": decisions(scenario)}
    write("roles.html", env.get_template("roles.html.j2").render(**common))
    write("notes.html", env.get_template("notes.html.j2").render(**common))
    write("teacher.html", env.get_template("teacher.html.j2").render(**common))
    return written
