"""A class report: many groups' games of one scenario, side by side with history."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from ..engine.game import Game, How
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
    stamp: str = ""  # when the game began, to keep two groups of one name in order

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
    def lesson(self) -> str:
        """The lesson preset by its name and the seed: "The short lesson (about 15 minutes);
        seed 7", or "the whole scenario; seed 7"."""
        preset = self.game.preset_info()
        return f"{preset.name if preset else 'the whole scenario'}; seed {self.game.seed}"

    @property
    def ending(self) -> str:
        ending = self.game.ending
        return f"{ending.title} ({ending.category.value})" if ending else "(not finished)"


@dataclass(frozen=True)
class Reason:
    """One reason, as the people who wanted `label` gave it; said alike by `groups`."""

    number: int  # the choice's number in the tally
    label: str
    text: str
    groups: tuple[str, ...]  # the group of each person who gave it (a name may repeat)

    @property
    def times(self) -> int:
        return len(self.groups)

    @property
    def said_by(self) -> str:
        """Which groups gave it: "Table 1", "Table 1 ×2, Table 3"."""
        counted = Counter(self.groups)
        return ", ".join(f"{g} ×{n}" if n > 1 else g for g, n in counted.items())


@dataclass
class Tally:
    node_id: str
    title: str
    date: str
    history_choice: str | None
    counts: list[tuple[str, str, int]]  # choice id, label, groups
    reasons: list[Reason]  # in the order of the choices, the most given first
    automatic: int = 0  # groups for whom nobody played it (another side, the lesson plan)
    timeouts: list[str] = field(default_factory=list)  # groups whose clock ran out here
    default: str = ""  # what the clock takes when it runs out
    chosen_by: dict[str, list[str]] = field(default_factory=dict)  # choice id -> groups

    @property
    def who_chose(self) -> str:
        """Each group's choice by its number in the tally: "Table 1: 4 · Table 2: 6"."""
        numbers = {choice_id: n for n, (choice_id, _, _) in enumerate(self.counts, start=1)}
        picks = [
            (group, numbers[choice_id])
            for choice_id, groups in self.chosen_by.items()
            if choice_id in numbers
            for group in groups
        ]
        return " · ".join(f"{group}: {number}" for group, number in sorted(picks, key=_order))

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


def _order(pick: tuple[str, int]) -> list[tuple[int, str]]:
    return _natural(pick[0])


def _natural(text: str) -> list[tuple[int, str]]:
    """Sorting words with numbers as people do: Table 2 before Table 10."""
    return [
        (int(part), "") if part.isdigit() else (0, part.lower())
        for part in re.split(r"(\d+)", text)
    ]


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
    """A decision the group itself took: not one played for it by history or the plan, nor
    the default a clock took when nobody chose in time."""
    return step.choice is not None and step.entry.how not in (*AUTOMATIC, How.TIMEOUT)


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
            str(save.data.get("created") or ""),
        )
        report.groups.append(group)
        if len(copies) > 1:
            names = ", ".join(c.path.name for c in copies)
            report.merged.append(
                f"{group.name}: {len(copies)} saves of the same game ({names}) count once; "
                f"the newest, {save.path.name}, is used"
            )
    report.groups.sort(key=lambda g: (_natural(g.name), g.stamp))
    _tell_apart(report.groups)
    chosen: dict[str, Counter[str]] = {}
    chosen_by: dict[str, dict[str, list[str]]] = {}
    automatic: Counter[str] = Counter()
    timeouts: dict[str, list[str]] = {}
    # node -> (choice id, reason as compared) -> the reason as first written, and who gave it
    reasons: dict[str, dict[tuple[str, str], tuple[str, list[str]]]] = {}
    for group in report.groups:
        for step in group.game.state.steps:
            if step.choice is None:
                continue
            if step.entry.how == How.TIMEOUT:
                timeouts.setdefault(step.node_id, []).append(group.name)
                continue
            if not _played(step):
                automatic[step.node_id] += 1
                continue
            chosen.setdefault(step.node_id, Counter())[step.choice.id] += 1
            by = chosen_by.setdefault(step.node_id, {}).setdefault(step.choice.id, [])
            by.append(group.name)
            for choice_id, text in _reasons(step):
                key = (choice_id, _normal(text))
                said = reasons.setdefault(step.node_id, {}).setdefault(key, (text.strip(), []))
                said[1].append(group.name)
    for node_id, node in loaded.scenario.nodes.items():
        if not isinstance(node, DecisionNode) or not (node_id in chosen or node_id in timeouts):
            continue
        numbers = {c.id: n for n, c in enumerate(node.choices, start=1)}
        labels = {c.id: c.label for c in node.choices}
        counts = [(c.id, c.label, chosen.get(node_id, Counter())[c.id]) for c in node.choices]
        given = [
            Reason(numbers.get(choice_id, 0), labels.get(choice_id, choice_id), text, tuple(who))
            for (choice_id, _), (text, who) in reasons.get(node_id, {}).items()
        ]
        given.sort(key=lambda r: (r.number, -r.times))
        report.tallies.append(
            Tally(
                node_id,
                node.title,
                " ".join(x for x in (node.date, node.time) if x),
                node.history.choice if node.history else None,
                counts,
                given,
                automatic[node_id],
                timeouts.get(node_id, []),
                labels.get(node.timer.default, "") if node.timer else "",
                chosen_by.get(node_id, {}),
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
