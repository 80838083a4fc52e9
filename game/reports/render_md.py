"""Reports as Markdown: readable as plain text, and in any Markdown viewer."""

from __future__ import annotations

import textwrap

from .debrief import Debrief
from .text import cut, md_cell, md_safe, numbered_labels, safe_url, source_line

VERDICT = {
    "followed": "= followed history",
    "left": "x left history",
    "none-of-these": "x history did none of these",
    "never-faced": "~ history never faced this",
    "automatic": "- not the players' decision",
}


def _sources_md(sources, heading: str = "Sources") -> list[str]:
    if not sources:
        return []
    out = [f"*{heading}:*"]
    for source in sources:
        link = safe_url(source.url)
        out.append(
            f"- {md_safe(source_line(source))} [{source.tier.value}]"
            + (f" <{link}>" if link else "")
        )
    return [*out, ""]


def _cited_md(cited, heading: str = "Sources") -> list[str]:
    if cited is None:
        return []
    out = []
    if cited.basis:
        out += [f"*[{cited.basis}]*", ""]
    if cited.rests_on:
        out += [f"*Rests on:* {md_safe(cited.rests_on)}", ""]
    return out + _sources_md(cited.sources, heading)


def _step_md(row) -> list[str]:
    out = [
        f"### {row.number}. {md_safe(row.title)}" + (" (event)" if row.kind == "event" else ""),
        "",
    ]
    meta = [row.date]
    if row.kind == "decision" and row.deciders:
        meta.append(f"decided by {row.deciders}")
    meta = [x for x in meta if x]
    if meta:
        out += [f"*{md_safe(' · '.join(meta))}*", ""]
    out += [f"**News given at this step:** {md_safe(text)}" for text in row.news]
    if row.news:
        out.append("")
    if row.kind == "event":
        if row.event_text:
            out += [md_safe(row.event_text), ""]
        out += _cited_md(row.event)
    else:
        line = f"**Chosen:** {md_safe(row.choice)}"
        if row.how:
            line += f" ({row.how})"
        if row.seconds is not None:
            line += f", after {row.seconds:.0f} s"
        out += [line, ""]
        if any(o.voices or o.hands is not None for o in row.options):
            for option in row.options:
                head = (
                    f"**{md_safe(option.label)}** (chosen)"
                    if option.chosen
                    else md_safe(option.label)
                )
                if option.hands is not None:
                    head += f": {option.hands} hand{'s' if option.hands != 1 else ''}"
                out.append(f"- {head}")
                for voice in option.voices:
                    did = voice.did + (" (dissent)" if voice.who in row.dissent else "")
                    text = f"  - {md_safe(voice.who)} {did}"
                    out.append(text + (f": “{md_safe(voice.reason)}”" if voice.reason else "."))
            out.append("")
        out += _sources_md(row.node_sources, "Sources for this decision")
    part = row.step.consequence
    if part and row.step.narration:
        if row.chance:
            out += [f"**Chance outcome** (led to {md_safe(row.led_to)}):", ""]
        out += [md_safe(row.step.narration), ""]
    out += _cited_md(row.consequence)
    for label, before, after in row.changes:
        out.append(f"- {md_safe(label)}: {before} → {after}")
    for why in row.why:
        out.append(f"- *Why:* {md_safe(why)}")
    if row.changes or row.why:
        out.append("")
    c = row.comparison
    if c and c.history:
        h = c.history
        out += [
            f"**What actually happened** ({md_safe(c.date or '')}) — "
            f"{VERDICT[c.verdict]}; history: {md_safe(c.history_label)}",
            "",
            md_safe(h.text),
            "",
            f"*Basis: {h.basis}*",
            "",
        ]
        for number, (text, sources) in enumerate(row.accounts, start=1):
            out += [f"> Account {number}: {md_safe(text)}", ""]
            out += _sources_md(sources, f"Sources for account {number}")
        if h.rests_on:
            out += [f"*Rests on:* {md_safe(h.rests_on)}", ""]
        out += _sources_md(row.history_sources)
    return out


def _path_cell(row) -> str:
    if row.kind == "decision":
        text = md_cell(row.choice)
        return text + (f"; then chance: led to {md_cell(row.led_to)}" if row.chance else "")
    return f"*chance: led to {md_cell(row.led_to)}*" if row.chance else "*event*"


def debrief_markdown(report: Debrief) -> str:
    game = report.game
    s = report.scenario
    out = [f"# Debrief: {md_safe(s.title)}", ""]
    if s.subtitle:
        out += [f"*{md_safe(s.subtitle)}*", ""]
    role = s.role(game.role) if game.role else None
    facts = [
        ("Period", s.period.label or s.period.start),
        ("Group", report.group),
        # a class lists who played each role below instead
        ("Played as", f"{role.name} ({role.side})" if role else "" if report.players else "every side"),
        ("Lesson preset", report.preset),
        ("Seed", str(game.seed)),
    ]
    out += [f"- **{k}:** {md_safe(v)}" for k, v in facts if v]
    for role_id, names in report.players.items():
        r = s.role(role_id)
        out.append(f"- **{md_safe(r.name if r else role_id)}:** {md_safe(', '.join(names))}")
    ending = game.ending
    if ending:
        out.append(f"- **Ending:** {md_safe(ending.title)} ({ending.category.value})")
    else:
        out.append(f"- **Not finished:** stopped at {md_safe(game.node.title)}")
    out += [f"- **Divergence from history:** {report.divergence.describe()}", ""]

    out += ["## The path against history", ""]
    if report.rows:
        out += [
            "| # | Date | Step | Chosen, or what happened | History's choice | |",
            "|---|---|---|---|---|---|",
        ]
        for row in report.rows:
            c = row.comparison
            out.append(
                f"| {row.number} | {md_cell(row.date)} | {md_cell(row.title)} | "
                f"{_path_cell(row)} | {md_cell(c.history_label if c else '')} | "
                f"{VERDICT[c.verdict] if c else ''} |"
            )
        out.append("")
    else:
        out += ["No decisions were taken.", ""]
    if report.chance_rows:
        out += ["## What chance decided", ""]
        for row in report.chance_rows:
            basis = (
                f" *[{row.consequence.basis}]*" if row.consequence and row.consequence.basis else ""
            )
            text = " ".join((row.step.narration or "").split())
            line = f"- **{row.number}. {md_safe(row.title)}:** {md_safe(text)}{basis} → {md_safe(row.led_to)}"
            out.append(line + (" **(this led to the ending)**" if row.led_to_ending else ""))
        out.append("")

    for row in report.rows:
        out += _step_md(row)
    if report.late_news:
        out += ["### News given at the end", ""]
        out += [f"- {md_safe(text)}" for text in report.late_news] + [""]

    if report.abandoned:
        out += ["## Paths tried and abandoned (rewinds)", ""]
        out += [
            f"- {md_safe(' → '.join(branch) or '(no decisions)')}" for branch in report.abandoned
        ]
        out.append("")
    if report.timeouts:
        out += ["## Time ran out", ""] + [f"- {md_safe(t)}" for t in report.timeouts] + [""]
    if report.interventions:
        out += ["## Facilitator's interventions", ""]
        out += [f"- {md_safe(text)}" for text in report.interventions]
        out.append("")
    if report.series:
        out += ["## Escalation track", ""]
        header = "| Step | " + " | ".join(md_cell(s.label) for s in report.series) + " |"
        out += [header, "|" + "---|" * (len(report.series) + 1)]
        for index in range(len(report.series[0].values)):
            cells = " | ".join(str(s.values[index]) for s in report.series)
            out.append(f"| {'start' if index == 0 else index} | {cells} |")
        out.append("")
    if ending:
        out += ["## Ending", "", f"**{md_safe(ending.title)}** ({ending.category.value})", ""]
        if report.rows:
            last = report.rows[-1]
            how = ", by a chance outcome" if last.chance else ""
            out += [f"*Reached at step {last.number}, {md_safe(last.title)}{how}.*", ""]
            if report.chance_rows:
                turns = "; ".join(
                    f"step {row.number}, {md_safe(row.title)} ({md_safe(row.led_to)})"
                    for row in report.chance_rows
                )
                out += [f"*Chance on the way:* {turns}.", ""]
        if ending.epilogue:
            out += [md_safe(ending.epilogue), ""]
        if ending.basis:
            out += [f"*[{ending.basis.value}]*", ""]
        if ending.rests_on:
            out += [f"*Rests on:* {md_safe(ending.rests_on)}", ""]
        out += _sources_md(report.ending_sources, "Sources for this ending")
    if report.questions:
        out += ["## Discussion questions", ""]
        for title, questions in report.questions:
            out += [f"**{md_safe(title)}**", ""] + [f"- {md_safe(q)}" for q in questions] + [""]
    if report.sources:
        out += ["## Sources", ""]
        for source in report.sources:
            link = safe_url(source.url)
            url = f" <{link}>" if link else ""
            out.append(f"- {md_safe(source_line(source))} [{source.tier.value}]{url}")
        out.append("")
    return "\n".join(out)


def bar(count: int, total: int, width: int = 20) -> str:
    filled = round(width * count / total) if total else 0
    return "█" * filled + "·" * (width - filled)


LABEL_WIDTH = 44


def tally_lines(tally) -> list[str]:
    """One line per choice, with a bar; a full bar and its count always fit on one line."""
    labels = numbered_labels([label for _, label, _ in tally.counts], LABEL_WIDTH)
    width = max(len(label) for label in labels)
    digits = len(str(max((n for _, _, n in tally.counts), default=0)))
    out = []
    for (choice_id, _, n), label in zip(tally.counts, labels, strict=True):
        star = "★" if choice_id == tally.history_choice else " "
        out.append(f"{star} {label:<{width}} {bar(n, tally.total)} {n:>{digits}}")
    return out


def full_labels(tally) -> list[str]:
    """The whole label of every choice whose label was cut in the bars."""
    labels = numbered_labels([label for _, label, _ in tally.counts], LABEL_WIDTH)
    return [
        f"{n}. {full}"
        for n, ((_, full, _), short) in enumerate(zip(tally.counts, labels, strict=True), start=1)
        if short.endswith("…")
    ]


def _automatic_line(tally) -> str | None:
    if not tally.automatic:
        return None
    groups = "group" if tally.automatic == 1 else "groups"
    return f"Played automatically (not by the class) for {tally.automatic} {groups}: not counted."


def _timeout_line(tally) -> str | None:
    """Groups whose clock ran out here: nobody chose, so nothing is counted as their choice."""
    if not tally.timeouts:
        return None
    default = f" ({tally.default})" if tally.default else ""
    return (
        f"Time ran out for {', '.join(tally.timeouts)}: the default{default} was taken; "
        "not counted as a choice."
    )


def _groups_line(report) -> str:
    n = len(report.groups)
    return f"{n} group{'' if n == 1 else 's'}. History's choice is marked ★."


def _when(tally) -> str:
    return f" · {tally.date}" if tally.date else ""


def class_report_markdown(report) -> str:
    from .classreport import group_divergence

    s = report.scenario
    out = [f"# Class report: {md_safe(s.title)}", "", _groups_line(report), ""]
    out += [
        "## Groups",
        "",
        "| Group | Players | Date | Lesson, seed | Ending | Divergence from history |",
        "|---|---|---|---|---|---|",
    ]
    for group in report.groups:
        out.append(
            f"| {md_cell(group.name)} | {md_cell(group.players or '—')} | {md_cell(group.date)} | "
            f"{md_cell(group.lesson)} | {md_cell(group.ending)} | {group_divergence(group)} |"
        )
    out.append("")
    out += [f"- {md_safe(line)}" for line in report.merged]
    if report.merged:
        out.append("")
    out += ["## Endings reached", ""]
    out += [f"- {md_safe(ending)}: {n}" for ending, n in report.endings]
    out.append("")
    out += ["## Decision by decision", ""]
    for tally in report.tallies:
        out += [
            f"### {md_safe(tally.title)}{md_safe(_when(tally))}",
            "",
            "```",
            *tally_lines(tally),
            "```",
            "",
        ]
        if tally.who_chose:
            out += [f"Each group's choice: {md_safe(tally.who_chose)}", ""]
        if full_labels(tally):
            out += ["In full:", ""]
            out += [f"- {md_safe(line)}" for line in full_labels(tally)] + [""]
        for line in (_timeout_line(tally), _automatic_line(tally)):
            if line is not None:
                out += [md_safe(line), ""]
        if tally.reasons:
            out += ["Reasons given, under the choice each person wanted:", ""]
            number = None
            for reason in tally.reasons:
                if reason.number != number:
                    number = reason.number
                    out.append(f"- **{reason.number}. {md_safe(reason.label)}**")
                out.append(f"  - “{md_safe(reason.text)}” ({md_safe(reason.said_by)})")
            out.append("")
    for line in report.skipped:
        out.append(f"- Not included: {md_safe(line)}")
    problems = [(g.name, p) for g in report.groups for p in g.problems]
    if problems:
        out += ["", "## Notes", ""] + [f"- {md_safe(n)}: {md_safe(p)}" for n, p in problems]
    return "\n".join(out) + "\n"


TEXT_WIDTH = 78
NBSP = "\u00a0"


def _wrap(text: str, indent: str = "", hang: str = "  ") -> list[str]:
    """A line for a terminal of 80 columns: wrapped at words, continuation lines indented.
    A no-break space holds words together (a group's name) and is printed as a space."""
    lines = textwrap.wrap(
        " ".join(text.split(" ")),
        TEXT_WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + hang,
        break_on_hyphens=False,
    )
    return [line.replace(NBSP, " ") for line in lines] or [indent]


def class_report_text(report) -> str:
    """The class report for a terminal: plain lines of at most 78 characters, no Markdown."""
    from .classreport import group_divergence

    s = report.scenario

    def heading(text: str, rule: str = "-") -> list[str]:
        return [text, rule * min(len(text), TEXT_WIDTH)]

    out = heading(f"Class report: {s.title}", "=")
    out += [*_wrap(_groups_line(report)), ""]
    out += heading("Groups")
    for group in report.groups:
        out += _wrap(" · ".join(x for x in (group.name, group.date) if x))
        if group.players:
            out += _wrap(f"Players: {group.players}", "  ", "    ")
        out += _wrap(f"Ending: {group.ending}", "  ", "    ")
        out += _wrap(f"Lesson: {group.lesson}", "  ", "    ")
        out += _wrap(group_divergence(group), "  ", "    ")
    for line in report.merged:
        out += _wrap(f"Note: {line}", "", "  ")
    out += ["", *heading("Endings reached")]
    total = len(report.groups)
    width = max((len(cut(e, 50)) for e, _ in report.endings), default=0)
    digits = len(str(total))
    out += [f"  {cut(e, 50):<{width}} {bar(n, total)} {n:>{digits}}" for e, n in report.endings]
    out += ["", *heading("Decision by decision")]
    for tally in report.tallies:
        out += _wrap(tally.title + _when(tally))
        out += [f"  {line}" for line in tally_lines(tally)]
        if tally.who_chose:
            out += _wrap(f"Each group's choice: {tally.who_chose}", "  ", "    ")
        if full_labels(tally):
            out.append("  In full:")
            for line in full_labels(tally):
                out += _wrap(line, "    ", "   ")
        for line in (_timeout_line(tally), _automatic_line(tally)):
            if line is not None:
                out += _wrap(line, "  ", "  ")
        if tally.reasons:
            out.append("  Reasons given, under the choice each person wanted:")
            number = None
            for reason in tally.reasons:
                if reason.number != number:
                    number = reason.number
                    out += _wrap(f"{reason.number}. {reason.label}", "    ", "   ")
                said_by = reason.said_by.replace(" ", NBSP)
                out += _wrap(f"“{reason.text}” ({said_by})", "       ", " ")
        out.append("")
    for line in report.skipped:
        out += _wrap(f"Not included: {line}")
    problems = [(g.name, p) for g in report.groups for p in g.problems]
    if problems:
        out += ["", *heading("Notes")]
        for name, problem in problems:
            out += _wrap(f"{name}: {problem}", "  ", "  ")
    return "\n".join(out) + "\n"
