"""Keys that are allowed where they are but were most likely meant one level deeper.

Un-indenting a choice's last key by one level moves it to the node (a choice's `sources` becomes
the node's `sources`), and the file stays valid. The order of keys tells such a slip apart
cheaply: a key that the list items also accept, written after the list at the list's own level.
Positions are looked up only for the few keys found, so a clean file pays one pass over its nodes.
"""

from __future__ import annotations

from typing import Any

from .diagnostics import Diagnostic
from .yamlsafe import Document, PathKey

# Keys both a list's owner and the list's items accept, by list.
SHARED = ("text", "text_others", "basis", "rests_on", "sources", "effects")
_OWNERS = {"choices": "choice", "outcomes": "outcome", "variants": "variant"}
_SHARED_BY = {
    "choices": SHARED,
    "outcomes": SHARED,
    "variants": ("text", "text_others", "basis", "rests_on", "sources"),
}


Suspect = tuple[PathKey, str, PathKey]  # (the key's path, the list's name, its last item's path)


def misplaced_keys(document: Document) -> list[Diagnostic]:
    data = document.data
    nodes = data.get("nodes") if isinstance(data, dict) else None
    if not isinstance(nodes, dict):
        return []
    suspects: list[Suspect] = []
    for node_id, node in nodes.items():
        if isinstance(node, dict):
            note_misplaced(node_id, node, suspects)
    return misplaced_report(document, suspects)


def note_misplaced(node_id: str, node: dict[str, Any], suspects: list[Suspect]) -> None:
    """Note the keys of one node's data that may have slipped a level."""
    _scan(node, ("nodes", node_id), suspects)
    choices = node.get("choices")
    for i, choice in enumerate(choices if type(choices) is list else ()):
        if type(choice) is not dict or choice.keys().isdisjoint(_OWNERS):
            continue  # (most choices): no key of it can have slipped out of a list
        _scan(choice, ("nodes", node_id, "choices", i), suspects)
        for j, outcome in enumerate(_items(choice, "outcomes")):
            _scan(outcome, ("nodes", node_id, "choices", i, "outcomes", j), suspects)
    if "outcomes" in node:
        for j, outcome in enumerate(_items(node, "outcomes")):
            _scan(outcome, ("nodes", node_id, "outcomes", j), suspects)


def misplaced_report(document: Document, suspects: list[Suspect]) -> list[Diagnostic]:
    """The noted keys that are written where a slip would put them, as warnings."""
    if not suspects:
        return []
    positions = document.locate({p for s in suspects for p in (s[0], s[2])})
    lines = document.text.split("\n")
    found = []
    for key_path, list_name, item_path in suspects:
        if key_path not in positions or item_path not in positions:
            continue
        (line, column), _ = positions[key_path]
        _, (item_line, item_column) = positions[item_path]
        if lines[item_line - 1][item_column - 1 : item_column] == "{":
            continue  # the last item is written {…} on one line: nothing to un-indent from
        depth = item_column - column
        owner = "node" if len(key_path) == 3 else _OWNERS[str(key_path[-3])]
        item = _OWNERS[list_name]
        found.append(
            Diagnostic(
                "W510",
                f"this '{key_path[-1]}:' is at the {owner}'s level, after its {list_name}",
                document.path,
                line,
                column,
                f"if it belongs to the last {item}, indent it by {depth} "
                f"space{'s' if depth != 1 else ''}; if it belongs to the {owner}, move it "
                f"above '{list_name}:'",
            )
        )
    return found


def _items(mapping: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The mappings of a list such as `choices` (anything malformed is left to the loader)."""
    items = mapping.get(key)
    if not isinstance(items, list):
        return []
    return [item if isinstance(item, dict) else {} for item in items]


def _scan(mapping: dict[str, Any], path: PathKey, suspects: list[Suspect]) -> None:
    after: str | None = None
    for key in mapping:
        if key in _OWNERS:
            items = mapping[key]
            after = key if isinstance(items, list) and items else None
        elif after is not None and key in _SHARED_BY[after]:
            items = mapping[after]
            suspects.append(((*path, key), after, (*path, after, len(items) - 1)))
