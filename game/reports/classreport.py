"""A class report: many groups' games of one scenario, side by side with history."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from ..engine.game import Game
from ..engine.history import AUTOMATIC, divergence
from ..engine.loader import LoadedScenario
from ..engine.model import DecisionNode
from ..engine.saves import SaveFile, restore


@dataclass
class Group:
    name: str
    game: Game
    problems: list[str]
    players: str = ""  # "Kennedy: Ann, Ben; Castro: Chloe"
    date: str = ""  # the day the game was last saved
    saves: int = 1  # how many save files of this one game were merged

    @property
    def label(self) -> str:
        """How the report names the group: its name, its players and the date."""
        parts = [self.name]
        if self.players:
            parts.append(self.players)
        if self.date:
            parts.append(self.date)
        return " · ".join(parts)

    @property
    def ending(self) -> str:
        ending = self.game.ending
        return f"{ending.title} ({ending.category.value})" if ending else "(not finished)"


@dataclass
class Tally:
    node_id: str
    title: str
    date: str
    history_choice: str | None
    counts: list[tuple[str, str, int]]  # choice id, label, groups
    reasons: list[tuple[str, str, int]]  # choice label, reason, how many gave it
    automatic: int = 0  # groups for whom nobody played it (another side, the lesson plan)

    @property
    def total(self) -> int:
        return sum(n for _, _, n in self.counts)


@dataclass
class ClassReport:
    loaded: LoadedScenario
    groups: list[Group] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)
    endings: list[tuple[str, int]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)  # games saved more than once, said so

    @property
    def scenario(self):
        return self.loaded.scenario


def _normal(text: str) -> str:
    return re.sub(r"[^\w ]+", "", text.lower()).strip()


def _by_game(saves: list[SaveFile]) -> list[list[SaveFile]]:
    """Saves grouped by game (an autosave and a named save of one game), newest first."""
    games: dict[str, list[SaveFile]] = {}
    for save in saves:
        games.setdefault(str(save.data.get("game_id") or save.path), []).append(save)
    return [
        sorted(group, key=lambda s: str(s.data.get("updated")), reverse=True)
        for group in games.values()
    ]


def latest_per_game(saves: list[SaveFile]) -> list[SaveFile]:
    """One save per game: an autosave and a named save of the same game count once."""
    return [group[0] for group in _by_game(saves)]


def _day(stamp: object) -> str:
    text = str(stamp or "")
    try:
        day = datetime.fromisoformat(text)
    except ValueError:
        return text[:10]
    return f"{day.day} {day:%B %Y}"


def _group_name(save: SaveFile, number: int) -> str:
    extra = save.data.get("extra") or {}
    return str(extra.get("group") or save.data.get("name") or f"Group {number}")


def _players(loaded: LoadedScenario, save: SaveFile) -> str:
    players = (save.data.get("extra") or {}).get("players") or {}
    out = []
    for role_id, names in players.items():
        role = loaded.scenario.role(str(role_id))
        if names:
            out.append(f"{role.name if role else role_id}: {', '.join(map(str, names))}")
    return "; ".join(out)


def _played(step) -> bool:
    """A decision the group itself took (not one played for it by history or the plan)."""
    return step.choice is not None and step.entry.how not in AUTOMATIC


def _reasons(step) -> list[tuple[str, str]]:
    """Each reason given, filed under the choice its giver wanted: an adviser's under the
    recommendation, the leader's (or the one deciding team's) under the choice taken."""
    entry = step.entry
    votes = entry.votes or {}
    out = []
    if entry.reason:
        out.append((step.choice.id, entry.reason))
    for who, text in (entry.reasons or {}).items():
        if text:
            out.append((votes.get(who, step.choice.id), text))
    return out


def build(loaded: LoadedScenario, saves: list[SaveFile]) -> ClassReport:
    report = ClassReport(loaded)
    for number, copies in enumerate(_by_game(saves), start=1):
        save = copies[0]
        if save.scenario_id != loaded.scenario.id:
            report.skipped.append(
                f"{save.path.name}: a save of '{save.scenario_id}', not of '{loaded.scenario.id}'"
            )
            continue
        restored = restore(save, loaded)
        group = Group(
            _group_name(save, number),
            restored.game,
            restored.problems,
            _players(loaded, save),
            _day(save.data.get("updated") or save.data.get("created")),
            len(copies),
        )
        report.groups.append(group)
        if len(copies) > 1:
            names = ", ".join(c.path.name for c in copies)
            report.merged.append(
                f"{group.name}: {len(copies)} saves of the same game ({names}) count once; "
                f"the newest, {save.path.name}, is used"
            )
    _tell_apart(report.groups)
    chosen: dict[str, Counter[str]] = {}
    automatic: Counter[str] = Counter()
    reasons: dict[str, Counter[tuple[str, str]]] = {}
    for group in report.groups:
        for step in group.game.state.steps:
            if step.choice is None:
                continue
            if not _played(step):
                automatic[step.node_id] += 1
                continue
            chosen.setdefault(step.node_id, Counter())[step.choice.id] += 1
            for choice_id, text in _reasons(step):
                reasons.setdefault(step.node_id, Counter())[(choice_id, text.strip())] += 1
    for node_id, node in loaded.scenario.nodes.items():
        if not isinstance(node, DecisionNode) or node_id not in chosen:
            continue
        labels = {c.id: c.label for c in node.choices}
        counts = [(c.id, c.label, chosen[node_id][c.id]) for c in node.choices]
        grouped: Counter[tuple[str, str]] = Counter()
        shown: dict[tuple[str, str], str] = {}
        for (choice_id, text), n in reasons.get(node_id, Counter()).items():
            key = (labels.get(choice_id, choice_id), _normal(text))
            grouped[key] += n
            shown.setdefault(key, text)
        report.tallies.append(
            Tally(
                node_id,
                node.title,
                " ".join(x for x in (node.date, node.time) if x),
                node.history.choice if node.history else None,
                counts,
                [(label, shown[(label, key)], n) for (label, key), n in grouped.most_common(8)],
                automatic[node_id],
            )
        )
    endings = Counter(group.ending for group in report.groups)
    report.endings = endings.most_common()
    return report


def _tell_apart(groups: list[Group]) -> None:
    """Two groups with the same name and players (two tables both called "Table 1") get a
    number, so every line of the report names one group."""
    seen: Counter[str] = Counter(g.label for g in groups)
    count: Counter[str] = Counter()
    for group in groups:
        if seen[group.label] > 1:
            count[group.label] += 1
            group.name = f"{group.name} (game {count[group.label]}, seed {group.game.seed})"


def group_divergence(group: Group) -> str:
    return divergence(group.game).describe()
