"""A class report: many groups' games of one scenario, side by side with history."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..engine.game import Game
from ..engine.history import divergence
from ..engine.loader import LoadedScenario
from ..engine.model import DecisionNode
from ..engine.saves import SaveFile, restore


@dataclass
class Group:
    name: str
    game: Game
    problems: list[str]

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

    @property
    def scenario(self):
        return self.loaded.scenario


def _normal(text: str) -> str:
    return re.sub(r"[^\w ]+", "", text.lower()).strip()


def latest_per_game(saves: list[SaveFile]) -> list[SaveFile]:
    """One save per game: an autosave and a named save of the same game count once."""
    newest: dict[str, SaveFile] = {}
    for save in saves:
        key = str(save.data.get("game_id") or save.path)
        if key not in newest or str(save.data.get("updated")) > str(
            newest[key].data.get("updated")
        ):
            newest[key] = save
    return list(newest.values())


def build(loaded: LoadedScenario, saves: list[SaveFile]) -> ClassReport:
    report = ClassReport(loaded)
    for save in latest_per_game(saves):
        if save.scenario_id != loaded.scenario.id:
            report.skipped.append(
                f"{save.path.name}: a save of '{save.scenario_id}', not of '{loaded.scenario.id}'"
            )
            continue
        restored = restore(save, loaded)
        name = str(save.data.get("extra", {}).get("group") or save.name)
        report.groups.append(Group(name, restored.game, restored.problems))
    chosen: dict[str, Counter[str]] = {}
    reasons: dict[str, Counter[tuple[str, str]]] = {}
    for group in report.groups:
        for step in group.game.state.steps:
            if step.choice is None:
                continue
            chosen.setdefault(step.node_id, Counter())[step.choice.id] += 1
            entry = step.entry
            given = [entry.reason] if entry.reason else []
            given += [r for r in (entry.reasons or {}).values() if r]
            for text in given:
                reasons.setdefault(step.node_id, Counter())[(step.choice.label, text.strip())] += 1
    for node_id, node in loaded.scenario.nodes.items():
        if not isinstance(node, DecisionNode) or node_id not in chosen:
            continue
        counts = [(c.id, c.label, chosen[node_id][c.id]) for c in node.choices]
        grouped: Counter[tuple[str, str]] = Counter()
        shown: dict[tuple[str, str], str] = {}
        for (label, text), n in reasons.get(node_id, Counter()).items():
            key = (label, _normal(text))
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
            )
        )
    endings = Counter(group.ending for group in report.groups)
    report.endings = endings.most_common()
    return report


def group_divergence(group: Group) -> str:
    return divergence(group.game).describe()
