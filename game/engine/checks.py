"""Whole-scenario checks: references, conditions, the shape of the story, sourcing.

These run on a model that is already well-formed, so they can assume types and concentrate on
meaning. Each finding names a path into the file; positions are looked up once at the end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial

from .conditions import Compiled, ConditionError, compile_condition
from .coverage import never_first, passes_through, uncovered, variable_types
from .dates import check_dates
from .diagnostics import Diagnostic, Suggester, did_you_mean
from .model import (
    Basis,
    Choice,
    Consequence,
    ConsequenceVariant,
    DecisionNode,
    DecisionRule,
    Display,
    EndingNode,
    EventNode,
    NodeBase,
    Outcome,
    Scenario,
    TextVariant,
)
from .shortlist import Shortlist
from .yamlsafe import Document, PathKey


class Reporter:
    """Collects findings by path, then turns them into positioned diagnostics in one pass."""

    def __init__(self, document: Document):
        self.document = document
        self.findings: list[tuple[str, str, PathKey, str, str | None]] = []
        self.inside: dict[int, tuple[str, int]] = {}  # finding -> (its value, offset in it)

    def add(
        self,
        code: str,
        message: str,
        path: PathKey,
        *,
        at: str = "value",
        hint: str | None = None,
        inside: tuple[str, int] | None = None,
    ) -> None:
        if inside is not None:
            self.inside[len(self.findings)] = inside
        self.findings.append((code, message, tuple(path), at, hint))

    def finish(self, shortlist: Shortlist | None = None) -> list[Diagnostic]:
        """The findings as diagnostics, placed in the file; with a shortlist, only those it
        may list (it counts the rest)."""
        if not self.findings:
            return []
        findings = self.findings
        chosen = (
            range(len(findings))
            if shortlist is None
            else shortlist.chosen(findings, self.document)
        )
        positions = self.document.locate({findings[n][2] for n in chosen})
        out = []
        inside, file = self.inside, self.document.path
        for n in chosen:
            code, message, path, at, hint = findings[n]
            found = positions.get(path)  # (most paths are in the file as they are)
            if found:
                line, col = found[0] if at == "key" else found[1]
            else:
                line, col = _nearest(positions, path, at)
            if inside and n in inside:
                col = _within(self.document.text, line, col, *inside[n])
            out.append(Diagnostic(code, message, file, line, col, hint))
        return out


def _nearest(
    positions: dict[PathKey, tuple[tuple[int, int], tuple[int, int]]], path: PathKey, at: str
) -> tuple[int, int]:
    for cut in range(len(path), -1, -1):
        found = positions.get(path[:cut])
        if found:
            return found[0] if at == "key" and cut == len(path) else found[1]
    return 1, 1


def _quoted(condition: str) -> str:
    """A condition inside a message, in quotes that are not part of it."""
    return f"'{condition}'" if '"' in condition and "'" not in condition else f'"{condition}"'


def _within(text: str, line: int, col: int, value: str, offset: int) -> int:
    """The column of character `offset` of `value` when the value is written whole on its line
    (plain or in quotes) at `col`; otherwise `col`, the start of the value."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return col
    start = col - 1
    if lines[line - 1][start : start + 1] in ("'", '"'):
        start += 1
    if lines[line - 1][start : start + len(value)] != value:
        return col
    return start + offset + 1


# The fields `_plain` looks at. A part that was not given a field holds its default, and none
# of these defaults is anything to check: a choice given none of them is plain without a look at
# its values (the set of given fields is shared by every part of that shape, see the loader).
_OWN_CHECKS = frozenset(
    {"text", "text_others", "basis", "sources", "effects", "variants", "condition", "outcomes"}
)
# A decision's fields that its rule, timer and default are checked in; with none given, each
# holds a default that passes.
_RULED_BY = frozenset({"rule", "leader", "fallback", "default", "timer"})


def _plain(choice: Choice) -> bool:
    """Whether a choice has nothing of its own to check: no text, condition, sources, effects,
    variants or outcomes."""
    if choice.__pydantic_fields_set__.isdisjoint(_OWN_CHECKS):
        return True
    return not (
        choice.text
        or choice.text_others
        or choice.basis is not None
        or choice.sources
        or choice.effects is not None
        or choice.variants
        or choice.condition is not None
        or choice.outcomes
    )


def _choices(node: DecisionNode) -> list[str]:
    return [c.id for c in node.choices]


def check_scenario(
    scenario: Scenario, report: Reporter, broken: set[str] | None = None
) -> dict[str, Compiled]:
    """Run every check, reporting into `report`; returns the compiled conditions.

    `broken` names nodes left out because they are malformed: references to them are not
    reported, and the story's shape is not judged while parts of it are missing."""
    broken = broken or set()
    nodes = scenario.nodes
    roles = {r.id for r in scenario.roles}
    sources = {s.id for s in scenario.sources}
    variables = {v.id: v for v in scenario.variables}
    cited: Counter[str] = Counter()
    node_hint = Suggester(nodes)
    variable_hint = Suggester(variables)
    source_hint = Suggester(sources)

    _unique(report, "roles", [r.id for r in scenario.roles], "role")
    _unique(report, "sources", [s.id for s in scenario.sources], "source")
    _unique(report, "variables", [v.id for v in scenario.variables], "variable")
    _unique(report, "presets", [p.id for p in scenario.presets], "preset")

    def node_ref(node_id: str, path: PathKey) -> None:
        if node_id not in nodes and node_id not in broken:
            report.add("E201", f"there is no node '{node_id}'", path, hint=node_hint(node_id))

    def role_ref(role_id: str, path: PathKey, at: str = "value") -> None:
        if role_id not in roles:
            report.add(
                "E202",
                f"there is no role '{role_id}'",
                path,
                at=at,
                hint=did_you_mean(role_id, roles),
            )

    def source_refs(ids: Iterable[str], path: PathKey) -> None:
        for i, source_id in enumerate(ids):
            cited[source_id] += 1
            if source_id not in sources:
                report.add(
                    "E203",
                    f"there is no source '{source_id}' in `sources`",
                    (*path, i),
                    hint=source_hint(source_id),
                )

    node_ref(scenario.start, ("start",))
    for i, role in enumerate(scenario.roles):
        source_refs(role.sources, ("roles", i, "sources"))
    for i, preset in enumerate(scenario.presets):
        for j, node_id in enumerate(preset.skip):
            node_ref(node_id, ("presets", i, "skip", j))
            if node_id in nodes and not isinstance(nodes[node_id], DecisionNode):
                report.add(
                    "E201",
                    f"'{node_id}' is not a decision node; only decisions can be skipped",
                    ("presets", i, "skip", j),
                )

    var_types = variable_types(scenario)
    compiled: dict[str, Compiled] = {}

    def condition(text: str | None, path: PathKey) -> None:
        if text is None or text in compiled:
            return
        try:
            result = compile_condition(text, var_types)
        except ConditionError as exc:
            report.add(
                exc.code,
                f"in condition {_quoted(text)} at character {exc.offset + 1}: {exc}",
                path,
                hint=exc.hint,
                inside=(text, exc.offset),
            )
            return
        for node_id in sorted(result.nodes):
            if node_id not in nodes and node_id not in broken:
                report.add(
                    "E201",
                    f"the condition names a node '{node_id}' that does not exist",
                    path,
                    hint=node_hint(node_id),
                )
        for node_id, choice_id in sorted(result.choices):
            target = nodes.get(node_id)
            if isinstance(target, DecisionNode) and choice_id not in _choices(target):
                report.add(
                    "E205",
                    f"node '{node_id}' has no choice '{choice_id}'",
                    path,
                    hint=did_you_mean(choice_id, _choices(target)),
                )
            elif target is not None and not isinstance(target, DecisionNode):
                report.add(
                    "E205", f"'{node_id}' is not a decision node, so nothing is chosen there", path
                )
        compiled[text] = result

    def effects(owner: NodeBase | Consequence, path: PathKey) -> None:
        fx = owner.effects
        if fx is None:
            return
        base = (*path, "effects")
        if fx.sources:
            source_refs(fx.sources, (*base, "sources"))
        shown = False
        for name, value in fx.set.items():
            var = variables.get(name)
            if var is None:
                report.add(
                    "E204",
                    f"there is no variable '{name}'",
                    (*base, "set", name),
                    at="key",
                    hint=variable_hint(name),
                )
                continue
            shown = shown or var.display in (Display.gauge, Display.meter)
            ok = (
                (var.type == "integer" and isinstance(value, int) and not isinstance(value, bool))
                or (var.type == "boolean" and isinstance(value, bool))
                or (var.type == "choice" and value in (var.values or []))
            )
            if not ok:
                expected = {
                    "integer": f"a whole number from {var.min} to {var.max}",
                    "boolean": "true or false",
                }.get(var.type, "one of " + ", ".join(var.values or []))
                report.add(
                    "E207",
                    f"'{name}' cannot be set to {value!r}: it takes {expected}",
                    (*base, "set", name),
                )
            elif var.type == "integer" and not (var.min or 0) <= value <= (var.max or 0):  # type: ignore[operator]
                report.add(
                    "E207",
                    f"'{name}' cannot be set to {value}: it runs from {var.min} to {var.max}",
                    (*base, "set", name),
                )
        for name in fx.add:
            var = variables.get(name)
            if var is None:
                report.add(
                    "E204",
                    f"there is no variable '{name}'",
                    (*base, "add", name),
                    at="key",
                    hint=variable_hint(name),
                )
            elif var.type != "integer":
                report.add(
                    "E207",
                    f"'add' works on numbers, but '{name}' is a {var.type} variable",
                    (*base, "add", name),
                )
            else:
                shown = shown or var.display in (Display.gauge, Display.meter)
        if shown and not fx.why:
            report.add(
                "W506",
                "this changes a gauge the players can see; say `why` for the escalation track",
                base,
            )

    # The story's graph: each node's exits, taken as the loop below comes to the node, while
    # its parts are still at hand (a second pass over ten thousand nodes' choices costs as much
    # again), or all at once when it is needed before the loop has come to every node.
    links: dict[str, list[str]] = {}

    def graph() -> dict[str, list[str]]:
        if len(links) < len(nodes):
            links.update(_links(nodes))
        return links

    def gap(texts: list[str], at: str) -> str | None:
        """A state in which none of the conditions holds (None if they cover every state)."""
        if broken or any(t not in compiled for t in texts):
            return None  # an unreadable condition is reported already
        conditions = [compiled[t] for t in texts]
        watched = {n for c in conditions for n in c.nodes}
        certain = {n for n in watched if passes_through(scenario.start, n, at, graph())}
        return uncovered(scenario, at, conditions, certain)

    def consequence(item: Consequence, path: PathKey) -> None:
        if item.sources:
            source_refs(item.sources, (*path, "sources"))
        if item.effects is not None:
            effects(item, path)
        if item.basis is None:
            if item.text or item.text_others:
                report.add(
                    "W502",
                    "this text does not say its `basis` (documented, contested, "
                    "counterfactual or fictional)",
                    (*path, "text"),
                )
        else:
            _basis(report, item.basis, item.rests_on, item.sources, path)
        if item.variants:
            variants(item, path)

    def variants(owner: NodeBase | Consequence, path: PathKey) -> None:
        """Text variants: their conditions, their text, their sourcing, and whether each can
        ever be the one told."""
        items: Sequence[TextVariant | ConsequenceVariant] = owner.variants
        if not items:
            return
        node_id = str(path[1])
        for i, variant in enumerate(items):
            vpath = (*path, "variants", i)
            condition(variant.when, (*vpath, "when"))
            texts: list[str | None] = [variant.text]
            if isinstance(variant, ConsequenceVariant):
                texts.append(variant.text_others)
            if not any(t and t.strip() for t in texts):
                report.add(
                    "E212",
                    "this text variant has no text: write what is told instead when its "
                    "condition holds",
                    (*vpath, "text") if variant.text is not None else (*vpath, "when"),
                    at="value" if variant.text is not None else "key",
                    hint="under `when:`, add `text:` and the text",
                )
            if variant.sources is not None:
                source_refs(variant.sources, (*vpath, "sources"))
            if isinstance(owner, DecisionNode):
                for key in ("basis", "rests_on"):
                    if getattr(variant, key) is not None:
                        report.add(
                            "E101",
                            f"a decision's text takes no '{key}' (only events, endings, "
                            "choices and outcomes have one)",
                            (*vpath, key),
                            at="key",
                            hint=f"remove '{key}:' from this variant",
                        )
                continue
            own_basis: Basis | None = getattr(owner, "basis", None)
            own_rests: str | None = getattr(owner, "rests_on", None)
            # as the engine tells it: a basis of its own keeps none of the owner's evidence
            cites: Sequence[str]
            basis, rests_on, cites = own_basis, own_rests, owner.sources
            if variant.basis is not None:
                basis, rests_on, cites = variant.basis, None, ()
            rests_on = variant.rests_on if variant.rests_on is not None else rests_on
            cites = variant.sources if variant.sources is not None else cites
            given = (variant.basis, variant.rests_on, variant.sources)
            if any(g is not None for g in given):
                _basis(report, basis, rests_on, cites, vpath)
            if (
                isinstance(owner, Consequence)
                and basis is None
                and any(texts)
                and not (owner.text or owner.text_others)
            ):
                report.add(
                    "W502",
                    "this text does not say its `basis` (documented, contested, "
                    "counterfactual or fictional)",
                    (*vpath, "text"),
                )
        if broken or any(v.when not in compiled for v in items):
            return  # an unreadable condition is reported already
        conditions = [compiled[v.when] for v in items]
        watched = {n for c in conditions for n in c.nodes}
        certain = {n for n in watched if passes_through(scenario.start, n, node_id, graph())}
        for i in never_first(scenario, node_id, conditions, certain):
            alone = never_first(scenario, node_id, [conditions[i]], certain)
            report.add(
                "W511",
                "this variant is never told: "
                + (
                    "its condition can never hold here"
                    if alone
                    else "whenever its condition holds, a variant above it holds too, and "
                    "only the first that holds is told"
                ),
                (*path, "variants", i, "when"),
                hint="correct its `when:`" if alone else "move it above the variant that hides it",
            )
        if isinstance(owner, DecisionNode | EventNode) and not owner.text.strip():
            gap = uncovered(scenario, node_id, conditions, certain)
            if gap:
                report.add(
                    "W512",
                    f"when {gap}, no variant's condition holds and this node has no "
                    "`text` of its own: the players read nothing here",
                    (*path, "variants"),
                    at="key",
                    hint="add the node's own `text:`, told when no variant fits",
                )

    for node_id, node in nodes.items():
        links[node_id] = _exits_within(node, nodes)
        path: PathKey = ("nodes", node_id)
        for i, role_id in enumerate(node.deciders):
            if role_id not in roles:  # (the path is made only for a finding)
                role_ref(role_id, (*path, "deciders", i))
        for role_id in node.secrets:
            role_ref(role_id, (*path, "secrets", role_id), at="key")
        if node.sources:
            source_refs(node.sources, (*path, "sources"))
        if node.effects is not None:
            effects(node, path)
        if node.variants:
            variants(node, path)
        for i, adviser in enumerate(node.advisers):
            source_refs(adviser.sources, (*path, "advisers", i, "sources"))
            if adviser.quote and not adviser.sources:
                report.add(
                    "W507",
                    f"the quote from {adviser.who} has no source",
                    (*path, "advisers", i, "quote"),
                )
        if isinstance(node, DecisionNode):
            ids = _choices(node)
            if len(set(ids)) < len(ids):
                _unique(report, (*path, "choices"), ids, "choice")
            if "none" in ids:
                report.add(
                    "E206",
                    "'none' is kept for history blocks; give this choice another id",
                    (*path, "choices", ids.index("none"), "id"),
                )
            for i, choice in enumerate(node.choices):
                if _plain(choice) and choice.goto in nodes:
                    continue  # nothing to check but where it leads (the path is made only here)
                cpath = (*path, "choices", i)
                if choice.condition is not None:
                    condition(choice.condition, (*cpath, "condition"))
                consequence(choice, cpath)
                if choice.goto is not None and choice.goto not in nodes:
                    node_ref(choice.goto, (*cpath, "goto"))
                if choice.outcomes:
                    _outcomes(
                        report,
                        choice.outcomes,
                        cpath,
                        node_ref,
                        condition,
                        consequence,
                        partial(gap, at=node_id),
                    )
            if not node.__pydantic_fields_set__.isdisjoint(_RULED_BY):
                for key in ("default", "fallback"):
                    chosen = getattr(node, key)
                    if chosen is not None and chosen not in ids:
                        report.add(
                            "E205",
                            f"there is no choice '{chosen}' in this node",
                            (*path, key),
                            hint=did_you_mean(chosen, ids),
                        )
                if node.timer and node.timer.default not in ids:
                    report.add(
                        "E205",
                        f"there is no choice '{node.timer.default}' in this node",
                        (*path, "timer", "default"),
                        hint=did_you_mean(node.timer.default, ids),
                    )
                if node.rule is DecisionRule.leader and node.leader is None:
                    report.add(
                        "E209",
                        "the `leader` rule needs `leader:` naming the deciding role",
                        (*path, "rule"),
                    )
                if node.leader is not None:
                    role_ref(node.leader, (*path, "leader"))
                if node.rule is DecisionRule.unanimous and node.fallback is None:
                    report.add(
                        "E209",
                        "the `unanimous` rule needs `fallback:`, the choice taken when "
                        "the vote is not unanimous",
                        (*path, "rule"),
                    )
            _history(report, node, path, ids, source_refs)
        elif isinstance(node, EventNode):
            if node.next is not None:
                node_ref(node.next, (*path, "next"))
            _outcomes(
                report,
                node.outcomes,
                path,
                node_ref,
                condition,
                consequence,
                partial(gap, at=node_id),
            )
            _basis(report, node.basis, node.rests_on, node.sources, path)
        elif isinstance(node, EndingNode):
            _basis(report, node.basis, node.rests_on, node.sources, path)

    check_dates(scenario, report.add)
    if broken:
        return compiled
    for i, source in enumerate(scenario.sources):
        if cited[source.id] == 0:
            report.add("W504", f"the source '{source.id}' is never cited", ("sources", i, "id"))
    _shape(scenario, report, graph())
    _idle_roles(scenario, report)
    # The functions above refer to one another, a cycle that keeps the graph (a list per node)
    # until the paused collector runs again: let go of it here.
    links.clear()
    return compiled


def _idle_roles(scenario: Scenario, report: Reporter) -> None:
    """A preset that plays every decision of a role automatically leaves its students idle."""
    for i, preset in enumerate(scenario.presets):
        for role in scenario.idle_roles(preset.id):
            mine = scenario.decisions_of(role.id)
            report.add(
                "W601",
                f"the preset '{preset.id}' plays every decision of the role '{role.id}' "
                "automatically: that role has nothing to decide",
                ("presets", i, "skip"),
                at="key",
                hint=f"keep one of {', '.join(mine)} out of `skip`",
            )


def _unique(report: Reporter, where: str | PathKey, ids: list[str], what: str) -> None:
    base = (where,) if isinstance(where, str) else where
    seen: set[str] = set()
    for i, item in enumerate(ids):
        if item in seen:
            report.add("E206", f"the {what} id '{item}' is used twice", (*base, i, "id"))
        seen.add(item)


def _basis(
    report: Reporter,
    basis: Basis | None,
    rests_on: str | None,
    sources: Sequence[str],
    path: PathKey,
) -> None:
    if basis is Basis.counterfactual and not rests_on:
        report.add(
            "E208",
            "counterfactual text must say what it `rests_on` (the evidence behind the guess)",
            (*path, "basis"),
        )
    if basis in (Basis.documented, Basis.contested) and not sources:
        report.add("W503", f"{basis.value} text should cite `sources`", (*path, "basis"))


def _outcomes(
    report: Reporter,
    outcomes: Sequence[Outcome] | None,
    path: PathKey,
    node_ref: Callable[[str, PathKey], None],
    condition: Callable[[str | None, PathKey], None],
    consequence: Callable[[Consequence, PathKey], None],
    uncovered: Callable[[list[str]], str | None],
) -> None:
    if not outcomes:
        return
    for i, outcome in enumerate(outcomes):
        opath = (*path, "outcomes", i)
        node_ref(outcome.goto, (*opath, "goto"))
        condition(outcome.condition, (*opath, "condition"))
        consequence(outcome, opath)
    if all(o.condition for o in outcomes):
        gap = uncovered([o.condition for o in outcomes if o.condition])
        if gap:
            report.add(
                "W505",
                f"no outcome's condition holds when {gap}; the game then falls back on the "
                "last outcome",
                (*path, "outcomes"),
                hint="cover that case: make the last condition the opposite of the others "
                "(e.g. `alert > 5` and `alert <= 5`)",
            )


def _history(
    report: Reporter,
    node: DecisionNode,
    path: PathKey,
    ids: list[str],
    source_refs: Callable[[Iterable[str], PathKey], None],
) -> None:
    history = node.history
    if history is None:
        report.add(
            "W501",
            "this decision has no `history` block, so players cannot compare "
            "their choice with what happened",
            (*path, "kind"),
        )
        return
    hpath = (*path, "history")
    if history.choice != "none" and history.choice not in ids:
        report.add(
            "E205",
            f"the history block names a choice '{history.choice}' that this node does not have",
            (*hpath, "choice"),
            hint=did_you_mean(history.choice, ids),
        )
    source_refs(history.sources, (*hpath, "sources"))
    for i, account in enumerate(history.accounts):
        source_refs(account.sources, (*hpath, "accounts", i, "sources"))
    # A contested block is sourced through its accounts: each competing account cites its own.
    cited = list(history.sources) + [s for a in history.accounts for s in a.sources]
    if history.basis in ("documented", "contested") and not cited:
        report.add("W503", "a history block should cite `sources`", (*hpath, "basis"))
    elif history.basis == "contested":
        for i, account in enumerate(history.accounts):
            if not account.sources:
                report.add(
                    "W503",
                    "this account of a contested point cites no `sources`",
                    (*hpath, "accounts", i, "text"),
                )


def exits(node: NodeBase) -> Iterator[str]:
    """The ids of the nodes a node can lead to."""
    if isinstance(node, DecisionNode):
        for choice in node.choices:
            yield from _choice_exits(choice)
    elif isinstance(node, EventNode):
        if node.next is not None:
            yield node.next
        for outcome in node.outcomes or ():
            yield outcome.goto


def _choice_exits(choice: Choice) -> Iterator[str]:
    if choice.goto is not None:
        yield choice.goto
    for outcome in choice.outcomes or ():
        yield outcome.goto


def _links(nodes: Mapping[str, NodeBase]) -> dict[str, list[str]]:
    """Each node's exits to nodes that exist."""
    return {node_id: _exits_within(node, nodes) for node_id, node in nodes.items()}


def _exits_within(node: NodeBase, nodes: Mapping[str, NodeBase]) -> list[str]:
    """A node's exits to nodes that exist."""
    if isinstance(node, DecisionNode):
        targets = []
        for choice in node.choices:
            if choice.goto is not None:
                targets.append(choice.goto)
            if choice.outcomes:
                targets += [outcome.goto for outcome in choice.outcomes]
    else:
        targets = list(exits(node))
    return [t for t in targets if t in nodes]


def _shape(scenario: Scenario, report: Reporter, graph: dict[str, list[str]]) -> None:
    nodes = scenario.nodes
    if scenario.start not in nodes:
        return
    reached = {scenario.start}
    frontier = [scenario.start]
    while frontier:
        for target in graph[frontier.pop()]:
            if target not in reached:
                reached.add(target)
                frontier.append(target)
    back: dict[str, list[str]] = {n: [] for n in nodes}
    for source_id, targets in graph.items():
        for target in targets:
            back[target].append(source_id)
    finishing = {n for n, node in nodes.items() if isinstance(node, EndingNode)}
    frontier = list(finishing)
    while frontier:
        for earlier in back[frontier.pop()]:
            if earlier not in finishing:
                finishing.add(earlier)
                frontier.append(earlier)
    if not nodes.keys() - (reached & finishing):
        return  # every node is reached, and leads to an ending
    for node_id, node in nodes.items():
        path = ("nodes", node_id)
        if node_id not in reached:
            if isinstance(node, EndingNode):
                report.add(
                    "W402",
                    f"the ending '{node_id}' cannot be reached from the start",
                    path,
                    at="key",
                )
            else:
                report.add(
                    "W401", f"the node '{node_id}' cannot be reached from the start", path, at="key"
                )
        elif node_id not in finishing:
            report.add(
                "E401",
                f"no ending can be reached from '{node_id}': the story gets stuck "
                "here or loops forever",
                path,
                at="key",
            )
