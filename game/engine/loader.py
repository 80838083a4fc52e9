"""Loading a scenario: bytes → YAML data → the model → whole-scenario checks.

Every problem becomes a `Diagnostic` with `file:line:column`; nothing a file contains can make
loading raise anything but `ScenarioError`.
"""

from __future__ import annotations

import functools
import gc
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from copy import deepcopy
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .checks import Reporter, check_scenario
from .conditions import Compiled
from .diagnostics import (
    Diagnostic,
    ScenarioError,
    Severity,
    Suggester,
    did_you_mean,
    in_file_order,
)
from .model import FORMAT_VERSION, Scenario
from .reach import confirm
from .shortlist import Shortlist
from .slips import misplaced_keys, misplaced_report, note_misplaced
from .yamlfast import fast_reading_safe, read_screened, reads_alike
from .yamlhints import ODD_SPACES
from .yamlnodes import NodeReading, NotPlain, read_by_node
from .yamlsafe import Document, PathKey, YamlProblem, decode, parse


class LoadedScenario:
    """A validated scenario, ready for the engine."""

    def __init__(
        self,
        scenario: Scenario,
        path: str,
        conditions: dict[str, Compiled],
        warnings: list[Diagnostic] | Callable[[], list[Diagnostic]] | None = None,
        content_hash: str = "",
    ):
        self.scenario = scenario
        self.path = path
        self.conditions = conditions
        self.content_hash = content_hash
        # A scenario reopened from the cache reads its warnings only when they are asked for:
        # playing never needs them, and a long scenario may have thousands.
        self._warnings = [] if warnings is None else warnings

    @property
    def warnings(self) -> list[Diagnostic]:
        if callable(self._warnings):
            self._warnings = self._warnings()
        return self._warnings

    @warnings.setter
    def warnings(self, found: list[Diagnostic]) -> None:
        self._warnings = found

    def condition(self, text: str) -> Compiled:
        return self.conditions[text]

    def _parts(self) -> tuple[object, ...]:
        return self.scenario, self.path, self.conditions, self.warnings, self.content_hash

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LoadedScenario):
            return NotImplemented
        return self._parts() == other._parts()

    __hash__ = None  # type: ignore[assignment]  # (it holds mutable parts, as a dataclass would)

    def __repr__(self) -> str:
        return f"LoadedScenario({self.scenario.id!r}, {self.path!r})"


def load_file(path: str | Path) -> LoadedScenario:
    """Load and validate a scenario file; raises ScenarioError listing every error found."""
    shown = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ScenarioError(
            [Diagnostic("E001", f"cannot read the file: {reason}", shown, 0, 0)]
        ) from None
    return load_bytes(raw, shown)


def load_bytes(raw: bytes, path: str = "<scenario>") -> LoadedScenario:
    """Load a scenario from its bytes: from the compiled cache when this exact file was loaded
    before (and the cache is on), else parsed and checked in full."""
    from .cache import default_cache

    cache = default_cache()
    if cache is not None and (cached := cache.get(raw, path)) is not None:
        return cached
    diagnostics, loaded = check_bytes(raw, path)
    errors = [d for d in diagnostics if d.severity is Severity.error]
    if errors or loaded is None:
        raise ScenarioError(errors or diagnostics)
    loaded.warnings = diagnostics
    if cache is not None:
        cache.put(raw, path, loaded)
    return loaded


def check_bytes(
    raw: bytes, path: str, shortlist: Shortlist | None = None
) -> tuple[list[Diagnostic], LoadedScenario | None]:
    """All diagnostics (errors and warnings) for a file, and the scenario when it has no errors.
    With a shortlist, warnings it would not list are counted in it, not returned.

    The bytes are let go of once the text is decoded and screened: when the caller keeps no
    reference of its own (`check_bytes(file.read_bytes(), ...)`), a long file's bytes are not
    in memory beside its model."""
    held = [raw]
    del raw
    with collector_paused():
        return _check_bytes(held, path, shortlist)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Loading makes a great many small objects and no reference cycles worth collecting; the
    cyclic collector would otherwise walk them again and again (a fifth of the load time).

    What loading leaves behind (the model) lives as long as the scenario: it is moved straight to
    the collector's oldest generation, which only its rare full collections walk, instead of
    being walked twice more as young objects once the collector is back on (as long again as
    reading a cached scenario). Nothing is exempt from collection: unlike `gc.freeze` alone,
    every object stays collectable, and what is made afterwards is collected as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:  # never undo a freeze made by someone else
                gc.freeze()
                gc.unfreeze()  # the frozen objects join the oldest generation
            gc.enable()


def _check_bytes(
    held: list[bytes], path: str, shortlist: Shortlist | None
) -> tuple[list[Diagnostic], LoadedScenario | None]:
    raw = held.pop()
    digest = content_hash(raw)
    try:
        text = decode(path, raw)
    except YamlProblem as problem:
        return [problem.diagnostic], None
    safe = fast_reading_safe(text, raw)
    del raw
    # A plain file is read by the fast reader first (see yamlfast): the same data, placed as the
    # exact reader places it, a node at a time where its nodes are laid out plainly (see
    # yamlnodes). A key that is not text (`1:`) or nesting past the exact reader's limit are
    # read otherwise; the model refuses both, and such a file's problems are explained from the
    # exact reading. So is any file whose model cannot be made, as read a node at a time.
    if safe:
        by_node = read_by_node(text)
        if by_node is not None:
            checked = _check_by_node(path, text, digest, by_node, shortlist)
            if checked is not None:
                return checked
            by_node = None  # let go of it before the file is read whole
        data = read_screened(text)
        if data is not None:
            document = Document(path, text, data, quick=True)
            diagnostics, loaded = _check_document(document, digest, shortlist)
            if loaded is not None or reads_alike(data):
                return diagnostics, loaded
    try:
        document = parse(path, text)
    except YamlProblem as problem:
        return [problem.diagnostic], None
    return _check_document(document, digest, shortlist)


def _check_by_node(
    path: str, text: str, digest: str, reading: NodeReading, shortlist: Shortlist | None
) -> tuple[list[Diagnostic], LoadedScenario | None] | None:
    """A file read a node at a time: each node's data is made into its part of the model and
    shared out (see `FieldSets`) before the next is read. None when the model cannot be made
    (the file is then read whole, and its problems explained as always)."""
    head = reading.head
    if head.get("format") != FORMAT_VERSION:
        return None
    make_node = _node_maker()
    sets = FieldSets()
    suspects: list[Any] = []
    nodes: dict[str, Any] = {}
    try:
        for key, value in reading:
            if key in nodes:
                return None
            if type(value) is dict:
                note_misplaced(key, value, suspects)
            node = nodes[sets.name(key)] = make_node(value)
            sets.share(node)
        # The nodes are models already. Taken as they are, each would still be looked at again
        # as one of the kinds a node can be (a tenth of the checks' time): the scenario is made
        # around the first node alone, and given them all once their keys are known to be ids.
        head["nodes"] = dict([next(iter(nodes.items()))]) if nodes else {}
        scenario = Scenario.model_validate(head)
        _node_keys()(nodes)
    except (NotPlain, ValidationError):
        return None
    head["nodes"] = scenario.__dict__["nodes"] = nodes
    sets.share(scenario, but="nodes")
    document = Document(path, text, head, quick=True)
    misplaced = misplaced_report(document, suspects)
    return _check_model(document, scenario, digest, [], misplaced, shortlist)


@functools.cache
def _node_keys() -> Callable[[Any], Any]:
    """Checks that every key of a mapping is a node id (raising ValidationError)."""
    from pydantic import TypeAdapter

    from .model import Id

    return TypeAdapter[Any](dict[Id, Any]).validator.validate_python


@functools.cache
def _node_maker() -> Callable[[Any], Any]:
    from pydantic import TypeAdapter

    from .model import Node

    # The compiled validator itself: the adapter's own method only passes its defaults on to
    # it, one more Python call for each node.
    return TypeAdapter[Any](Node).validator.validate_python


def _check_document(
    document: Document, digest: str, shortlist: Shortlist | None = None
) -> tuple[list[Diagnostic], LoadedScenario | None]:
    path = document.path
    diagnostics = list(document.problems)
    data = document.data
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else "a single value"
        diagnostics.append(
            Diagnostic(
                "E012",
                f"the top level must be a mapping of keys such as "
                f"'id:' and 'title:', but it is {found}",
                path,
                1,
                1,
            )
        )
        return diagnostics, None
    version = data.get("format")
    if version != FORMAT_VERSION:
        reporter = Reporter(document)
        if "format" not in data:
            reporter.add(
                "E013",
                f"add 'format: {FORMAT_VERSION}' at the top: the scenario format "
                "version is missing",
                (),
            )
        else:
            reporter.add(
                "E013",
                f"format {version!r} is not supported; this game reads format {FORMAT_VERSION}",
                ("format",),
            )
        return diagnostics + reporter.finish(), None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        diagnostics += _model_problems(document, exc)
        diagnostics += _check_what_is_valid(document, data, exc)
        diagnostics.sort(key=in_file_order)
        return diagnostics, None
    FieldSets().share(scenario)
    misplaced = misplaced_keys(document)
    return _check_model(document, scenario, digest, diagnostics, misplaced, shortlist)


def _check_model(
    document: Document,
    scenario: Scenario,
    digest: str,
    diagnostics: list[Diagnostic],
    misplaced: list[Diagnostic],
    shortlist: Shortlist | None,
) -> tuple[list[Diagnostic], LoadedScenario | None]:
    """The whole-scenario checks of a model made from the document."""
    reporter = Reporter(document)
    conditions = check_scenario(scenario, reporter)
    if not any(f[0].startswith("E") for f in reporter.findings):
        reporter.findings = confirm(scenario, conditions, reporter.findings)
    diagnostics += reporter.finish(shortlist)
    diagnostics += misplaced
    diagnostics.sort(key=in_file_order)
    if any(d.severity is Severity.error for d in diagnostics):
        return diagnostics, None
    return diagnostics, LoadedScenario(scenario, document.path, conditions, [], digest)


class FieldSets:
    """Gives the parts of the model that were given the same keys one set of those keys' names,
    and equal names (ids, `goto`s, lists of ids) one string or tuple.

    Pydantic keeps, in each part, the set of the fields the file gave. The parts are frozen, so
    the set is never changed after validation; one set per distinct shape instead of one per
    part is a third less memory for the whole model (a choice's set alone outweighs its
    values). The names are immutable and equal, so sharing them changes no value. One
    `FieldSets` shares among everything it is given."""

    def __init__(self) -> None:
        # Each set kept, by its names in the order it gives them: two sets that give the same
        # order are equal (equal sets that give different orders are merely kept apart).
        self.shapes: dict[tuple[str, ...], set[str]] = {}
        # Each class's fields that hold parts, and those that hold names.
        self.fields: dict[type, tuple[tuple[str, ...], tuple[str, ...]] | None] = {}
        # The names of nodes, choices, roles and sources that parts give (every `goto` names a
        # node), and lists of them, each kept once: they come again and again, and each reading
        # of one is a string (or a tuple) of its own.
        self.names: dict[str | tuple[str, ...], Any] = {}

    def name(self, text: str) -> str:
        """The one string kept for this name."""
        kept: str = self.names.setdefault(text, text)
        return kept

    def share(self, root: BaseModel, but: str | None = None) -> None:
        """Share the sets of `root` and of every part in it (but in its field `but`)."""
        shapes, fields, kept = self.shapes, self.fields, self.names
        put = object.__setattr__
        pending: list[Any] = [root]
        first = True
        while pending:
            part = pending.pop()
            kind = type(part)
            held = fields.get(kind)
            if held is None:
                if kind in fields:
                    continue  # a value beside the models in a field that may hold either
                held = fields[kind] = _fields_of(kind) if issubclass(kind, BaseModel) else None
                if held is None:
                    continue
            given = part.__pydantic_fields_set__
            shared = shapes.setdefault(tuple(given), given)
            if shared is not given:
                put(part, "__pydantic_fields_set__", shared)
            values = part.__dict__
            holding, naming = held
            for name in naming:
                text = values[name]
                if text:  # (None and empty tuples are one object each already)
                    values[name] = kept.setdefault(text, text)
            if first:
                first = False
                if but is not None:
                    holding = tuple(name for name in holding if name != but)
            for name in holding:
                value = values[name]
                if not value:
                    continue  # None, or no parts in the tuple or the mapping
                of = type(value)
                if of is tuple:
                    pending += value
                elif of is dict:
                    pending += value.values()
                else:
                    pending.append(value)


# Fields that name a node, a choice, a role or sources.
_NAMING = ("id", "goto", "next", "leader", "deciders", "sources")


def _fields_of(model: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fields of a model class that can hold other models, and those that hold a name."""
    holding = _parts_in(model)
    naming = tuple(n for n in _NAMING if n in model.model_fields and n not in holding)
    return holding, naming


@functools.cache
def _parts_in(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model class that can hold other models."""

    def holds_models(annotation: object) -> bool:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return True
        return any(holds_models(arg) for arg in typing.get_args(annotation))

    return tuple(name for name, info in model.model_fields.items() if holds_models(info.annotation))


def _check_what_is_valid(
    document: Document, data: dict[str, Any], exc: ValidationError
) -> list[Diagnostic]:
    """When only some nodes are malformed, still check references in all the others, so one run
    reports as much as it can. References to the malformed nodes are not reported.

    A malformed node whose faults are all in keys that can be left out (an unknown key, a
    mistyped optional value) is checked without them, so an unknown choice in its history shows
    up in the same run as the misspelt key beside it."""
    faults: dict[str, list[tuple[int | str, ...]]] = {}
    errors = exc.errors(include_url=False)
    # A misspelt required key (`titel:`) is checked as the key it was meant to be.
    extras = {(e["loc"][:-1], str(e["loc"][-1])) for e in errors if e["type"] == "extra_forbidden"}
    renames: dict[tuple[int | str, ...], str] = {}  # location of the misspelt key → meant key
    stood_for: set[tuple[int | str, ...]] = set()  # missing keys a misspelt key stands for
    for error in errors:
        loc = error["loc"]
        if error["type"] == "missing" and len(loc) > 2:
            near = [k for parent, k in extras if parent == loc[:-1]]
            if hint := did_you_mean(str(loc[-1]), near) if near else None:
                renames[(*loc[:-1], hint.split("'")[1])] = str(loc[-1])
                stood_for.add(loc)
    for error in errors:
        loc = error["loc"]
        if len(loc) < 2 or loc[0] != "nodes":
            return []
        if loc in stood_for:
            continue
        fault = () if error["type"] in ("missing", "union_tag_not_found") else loc[2:]
        faults.setdefault(str(loc[1]), []).append(fault)
    nodes = data.get("nodes")
    if not isinstance(nodes, dict):
        return []
    mended = {
        k: m for k, f in faults.items() if (m := _without(nodes.get(k), f, renames)) is not None
    }
    reporter = Reporter(document)
    partial: Scenario | None = None
    for _ in range(2):  # a mended node that still fails is left out, once
        broken = set(faults) - set(mended)
        healthy = {k: mended.get(k, v) for k, v in nodes.items() if k not in broken}
        if not healthy:
            break
        try:
            partial = Scenario.model_validate({**data, "nodes": healthy})
            break
        except ValidationError as again:
            still = {str(e["loc"][1]) for e in again.errors() if len(e["loc"]) > 1}
            if not still & set(mended):
                break
            mended = {k: v for k, v in mended.items() if k not in still}
    broken = set(faults) - set(mended) if partial is not None else set(faults)
    _raw_links(reporter, nodes, broken)
    if partial is not None:
        check_scenario(partial, reporter, broken=broken)
        # Warnings about a mended node may come from the parts left out: not reported.
        reporter.findings = [
            f
            for f in reporter.findings
            if not (f[0].startswith("W") and len(f[2]) > 1 and f[2][:2] in _in(mended))
        ]
        # A key un-indented out of a list's last item (E101 says so) is missing from that item:
        # "counterfactual text must say what it `rests_on`" there is the same slip, not another.
        for item, key in _moved_out(data, errors):
            reporter.findings = [
                f
                for f in reporter.findings
                if not (f[2][: len(item)] == item and f"`{key}`" in f[1])
            ]
    return reporter.finish()


def _moved_out(data: object, errors: list[Any]) -> list[tuple[PathKey, str]]:
    """(last item's path, key) for each unknown key that `_after_list` explains."""
    out = []
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        path = _data_path(data, error["loc"])
        if not _after_list(data, path):
            continue
        parent: object = data
        for part in path[:-1]:
            parent = parent[part] if isinstance(parent, (dict, list)) else None  # type: ignore[call-overload]
        if not isinstance(parent, dict):
            continue
        keys = list(parent)
        for name in ("choices", "outcomes"):
            items = parent.get(name)
            if isinstance(items, list) and items and keys.index(name) < keys.index(path[-1]):
                out.append(((*path[:-1], name, len(items) - 1), str(path[-1])))
    return out


def _in(mended: Mapping[str, object]) -> set[PathKey]:
    return {("nodes", k) for k in mended}


def _without(
    node: object,
    faults: list[tuple[int | str, ...]],
    renames: Mapping[tuple[int | str, ...], str] | None = None,
) -> dict[str, Any] | None:
    """A copy of a node without the keys at fault (a misspelt required key renamed to the key
    it was meant to be), or None when that cannot make it valid."""
    if not isinstance(node, dict) or any(not f for f in faults):
        return None
    copy = deepcopy(node)
    for fault in faults:
        path = _data_path(node, fault)
        if not path:  # the fault is the node itself (a tag of the model's own, say)
            return None
        parent: object = copy
        for part in path[:-1]:
            parent = parent[part] if isinstance(parent, (dict, list)) else None  # type: ignore[call-overload]
        if not isinstance(parent, dict) or path[-1] not in parent:
            return None
        meant = next((m for k, m in (renames or {}).items() if k[2:] == fault), None)
        value = parent.pop(path[-1])
        if meant is not None and meant not in parent:
            parent[meant] = value
    return copy


def _raw_links(reporter: Reporter, nodes: dict[str, Any], broken: set[str]) -> None:
    """Inside malformed nodes, still report links to nodes that do not exist."""
    node_hint = Suggester(nodes)

    def target(value: object, path: PathKey) -> None:
        if isinstance(value, str) and value not in nodes:
            reporter.add("E201", f"there is no node '{value}'", path, hint=node_hint(value))

    def outcomes(items: object, path: PathKey) -> None:
        for i, outcome in enumerate(items if isinstance(items, list) else []):
            if isinstance(outcome, dict):
                target(outcome.get("goto"), (*path, "outcomes", i, "goto"))

    for node_id in sorted(broken):
        node = nodes.get(node_id)
        if not isinstance(node, dict):
            continue
        path: PathKey = ("nodes", node_id)
        target(node.get("next"), (*path, "next"))
        outcomes(node.get("outcomes"), path)
        choices = node.get("choices")
        for i, choice in enumerate(choices if isinstance(choices, list) else []):
            if isinstance(choice, dict):
                target(choice.get("goto"), (*path, "choices", i, "goto"))
                outcomes(choice.get("outcomes"), (*path, "choices", i))


def content_hash(raw: bytes) -> str:
    """A fingerprint of the file as written. Hashing the bytes costs a fraction of hashing the
    parsed model; the price is that an edited comment also counts as a change, which only means
    a save says its scenario changed and replays as far as it still fits."""
    import hashlib  # here, so that starting `crisis validate` does not load it

    return hashlib.sha256(raw).hexdigest()[:16]


# -- pydantic errors → diagnostics ------------------------------------------------------------

_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a mapping (lines of 'key: value')",
    "model_type": "a mapping (lines of 'key: value')",
    "model_attributes_type": "a mapping (lines of 'key: value')",
}


def _model_problems(document: Document, exc: ValidationError) -> list[Diagnostic]:
    reporter = Reporter(document)
    seen: set[tuple[str, PathKey]] = set()
    for error in exc.errors(include_url=False):
        path = _data_path(document.data, error["loc"])
        kind = error["type"]
        name = str(path[-1]) if path else ""
        value = error.get("input")
        if kind == "extra_forbidden":
            allowed = _allowed_keys(document.data, path[:-1])
            reporter.add(
                "E101",
                f"unknown key '{name}'",
                path,
                at="key",
                hint=_odd_space_in(name)
                or _in_variant(name, path)
                or _after_list(document.data, path)
                or did_you_mean(name, allowed)
                or _list_keys(allowed),
            )
        elif kind in ("missing", "union_tag_not_found"):
            missing = error.get("ctx", {}).get("discriminator", name).strip("'")
            where = path[:-1] if kind == "missing" else path
            reporter.add("E102", f"'{missing}' is required here", where)
        elif kind in ("literal_error", "enum", "union_tag_invalid"):
            expected = _expected_values(error)
            shown = error.get("ctx", {}).get("tag", value)
            if kind == "union_tag_invalid":
                name = error["ctx"]["discriminator"].strip("'")
                path = (*path, name)
            hint = did_you_mean(str(shown), expected) if expected else None
            listed = ", ".join(expected)
            reporter.add(
                "E104",
                f"'{shown}' is not allowed for '{name or 'kind'}'; use one of: {listed}",
                path,
                hint=hint,
            )
        elif kind == "string_pattern_mismatch":
            reporter.add(
                "E104",
                f"'{value}' is not a valid {_pattern_word(path)}",
                path,
                hint=_pattern_hint(path),
            )
        elif kind == "value_error":
            message = error["msg"].removeprefix("Value error, ")
            reporter.add("E105", message, _named_key(document.data, path, message))
        elif kind in _TYPE_WORDS:
            if (kind, path) in seen:
                continue
            reporter.add(
                "E103", f"'{name}' must be {_TYPE_WORDS[kind]}, not {_describe(value)}", path
            )
        else:
            reporter.add("E104", f"'{name}': {error['msg'][0].lower()}{error['msg'][1:]}", path)
        seen.add((kind, path))
    # A misspelt required key is one slip: "unknown key 'titel' (did you mean 'title'?)" says
    # it all, so "'title' is required here" for the same mapping is not reported beside it.
    meant = {
        (f[2][:-1], m.group(1))
        for f in reporter.findings
        if f[0] == "E101" and f[4] and (m := re.match(r"did you mean '([^']+)'", f[4]))
    }
    meant |= {
        (f[2][:-1], key)
        for f in reporter.findings
        if f[0] == "E101" and len(f[2]) >= 3 and f[2][-3] == "variants"
        for key in _VARIANT_WORDS.get(str(f[2][-1]), ())
    }
    reporter.findings = [
        f
        for f in reporter.findings
        if not (
            f[0] == "E102"
            and (m := re.match(r"'([^']+)' is required", f[1]))
            and (f[2], m.group(1)) in meant
        )
    ]
    return reporter.finish()


def _odd_space_in(key: str) -> str | None:
    odd = next((c for c in key if c in ODD_SPACES), None)
    if odd is None:
        return None
    return (
        f"the key contains {ODD_SPACES[odd]} (U+{ord(odd):04X}), often pasted from a word "
        "processor: replace it with an ordinary space"
    )


# Keys an author may write in a text variant, and the keys they stand for.
_VARIANT_WORDS = {"condition": ("when",), "if": ("when",), "otherwise": ("when", "text")}


def _in_variant(name: str, path: PathKey) -> str | None:
    """In a text variant the condition is written `when:`, and the "otherwise" is the owner's
    own `text`."""
    if name == "otherwise":
        return (
            "there is no 'otherwise:': the text told when no variant fits is the plain "
            "`text:` beside 'variants:' — move this text there"
        )
    if len(path) < 3 or path[-3] != "variants" or name not in _VARIANT_WORDS:
        return None
    return f"in a text variant the condition goes after 'when:' — write 'when: …' instead of '{name}: …'"


def _after_list(data: object, path: PathKey) -> str | None:
    """A hint for a list item's key (a choice's `goto`) un-indented to the level of the list."""
    parent: object = data
    for part in path[:-1]:
        parent = parent[part] if isinstance(parent, (dict, list)) else None  # type: ignore[call-overload]
    if not isinstance(parent, dict):
        return None
    keys = list(parent)
    for list_name, item in (("choices", "choice"), ("outcomes", "outcome")):
        items = parent.get(list_name)
        if not isinstance(items, list) or not items or list_name not in keys:
            continue
        if keys.index(list_name) < keys.index(path[-1]) and str(path[-1]) in _allowed_keys(
            data, (*path[:-1], list_name, len(items) - 1)
        ):
            return (
                f"'{path[-1]}' is at the level of '{list_name}:', after the list; if it belongs "
                f"to the last {item}, indent it to line up with that {item}'s other keys"
            )
    return None


def _named_key(data: object, path: PathKey, message: str) -> PathKey:
    """Point at the key a model-level message names first (`start`, `goto`…) when it is there."""
    match = re.search(r"`(\w+)`", message)
    target: object = data
    for part in path:
        target = target[part] if isinstance(target, (dict, list)) else None  # type: ignore[call-overload]
    if match and isinstance(target, dict) and match.group(1) in target:
        return (*path, match.group(1))
    return path


def _data_path(data: object, loc: tuple[int | str, ...]) -> PathKey:
    """A pydantic location as a path into the data, without union/discriminator tags."""
    path: list[object] = []
    current = data
    for part in loc:
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            current = current[part]  # type: ignore[index]  # the test above checks the kind
            path.append(part)
        elif isinstance(current, dict) and current.get("kind") == part:
            continue
        elif isinstance(part, str) and (
            part.startswith(("function-", "literal[", "int", "bool", "str"))
            or part in ("list[str]", "dict[str,str]")
        ):
            continue  # a branch of a union such as `int | bool | str`
        else:
            path.append(part)
            current = None
    return tuple(path)


def _model_for(data: object, path: PathKey) -> type[BaseModel] | None:
    """The model class that describes the mapping at `path`, found by walking the annotations."""
    annotation: object = Scenario
    current = data
    for part in path:
        annotation = _pick_model(annotation, current)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(str(part))
            if info is None:
                return None
            annotation = info.annotation
        else:
            origin = typing.get_origin(annotation)
            args = typing.get_args(annotation)
            if origin is tuple and args:
                annotation = args[0]
            elif origin is dict and len(args) == 2:
                annotation = args[1]
            else:
                return None
        current = (
            current.get(part)
            if isinstance(current, dict)
            else (
                current[part]
                if isinstance(current, list) and isinstance(part, int) and part < len(current)
                else None
            )
        )
    model = _pick_model(annotation, current)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _pick_model(annotation: object, data: object) -> object:
    """Unwrap Annotated/Optional and pick a union member by the data's `kind`."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
            if len(members) == 1:
                annotation = members[0]
                continue
            kind = data.get("kind") if isinstance(data, dict) else None
            for model in models:
                field_info = model.model_fields.get("kind")
                if field_info and kind in typing.get_args(field_info.annotation):
                    return model
            return models[0] if len(models) == 1 else annotation
        return annotation


def _allowed_keys(data: object, parent: PathKey) -> list[str]:
    model = _model_for(data, parent)
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _list_keys(keys: list[str]) -> str | None:
    return f"allowed here: {', '.join(keys)}" if keys else None


def _expected_values(error: Mapping[str, Any]) -> list[str]:
    ctx = error.get("ctx", {})
    raw = ctx.get("expected_tags") or ctx.get("expected") or ""
    return [
        part.strip().strip("'\"") for part in raw.replace(" or ", ",").split(",") if part.strip()
    ]


def _pattern_word(path: PathKey) -> str:
    name = str(path[-1]) if path else ""
    if name == "url":
        return "web address"
    return "variable name" if "variables" in path[:1] and name == "id" else "id"


def _pattern_hint(path: PathKey) -> str | None:
    name = str(path[-1]) if path else ""
    if name == "url":
        return "it must start with http:// or https:// and contain no spaces"
    if "variables" in path[:1] or (len(path) >= 2 and path[-2] in ("set", "add")):
        return "variable names use letters, digits and '_' and start with a letter"
    return "ids use letters, digits, '-' and '_' and start with a letter or digit"


def _describe(value: object) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"
