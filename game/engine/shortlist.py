"""Listing only the first few warnings of each kind, without placing the rest in the file.

`crisis validate` shows the first few warnings of each code and counts the others: a scenario
written without `history` blocks can have thousands of W501, and finding each one's line and
column is most of what a warning costs. A `Shortlist` asks the checks to place only the warnings
that can be among the first few, and to count the rest.

Which can be among the first is known from the data without the text: in a file the fast reader
read, every top-level section's entries (a node, a role, a source) are written one after another,
each over a stretch of text of its own, in the data's order. So the warnings in the earliest
entries come first, whatever their place inside the entry. Those entries' warnings are placed
whole (their order inside an entry is the text's to say), and so are warnings that are not
inside an entry; every later entry's warnings are only counted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .yamlsafe import Document, PathKey

# What the checks note of a finding: its code, message, path, where on the path, and hint.
Finding = tuple[str, str, PathKey, str, "str | None"]


@dataclass
class Shortlist:
    """List the first `per_code` warnings of each code; the others are counted in `left_out`,
    by code, and never placed. Errors are always listed in full."""

    per_code: int
    left_out: dict[str, int] = field(default_factory=dict)

    def chosen(self, findings: Sequence[Finding], document: Document) -> list[int]:
        """The findings to place, by index: every one but the warnings that cannot be among the
        first `per_code` of their code (those are counted in `left_out`)."""
        by_code: dict[str, list[int]] = {}
        for n, finding in enumerate(findings):
            by_code.setdefault(finding[0], []).append(n)
        heavy = {
            code: ns
            for code, ns in by_code.items()
            if code.startswith("W") and len(ns) > self.per_code
        }
        # Only a file read value for value, in the text's order, says where its entries are.
        if not heavy or not document.quick or type(document.data) is not dict:
            return list(range(len(findings)))
        entry_of = _entries(document)
        dropped: set[int] = set()
        for code, ns in heavy.items():
            later = _past_the_first(ns, [entry_of(findings[n][2]) for n in ns], self.per_code)
            if later:
                self.left_out[code] = self.left_out.get(code, 0) + len(later)
                dropped.update(later)
        return [n for n in range(len(findings)) if n not in dropped]


def _past_the_first(ns: list[int], entries: list[tuple[int, int] | None], wanted: int) -> list[int]:
    """Of one code's findings (and the entry each is in), those that cannot be among the first
    `wanted` in the file: a finding outside every entry may be anywhere, so it is never one of
    them; of the rest, the earliest entries are taken whole until they hold `wanted` findings,
    and the findings in later entries are the answer."""
    inside = sorted((where, n) for n, where in zip(ns, entries, strict=True) if where is not None)
    later: list[int] = []
    taken = 0
    last: tuple[int, int] | None = None
    for where, n in inside:
        if taken >= wanted and where != last:
            later.append(n)
        else:
            taken += 1
            last = where
    return later


def _entries(document: Document) -> Callable[[PathKey], tuple[int, int] | None]:
    """For a path, the entry of a top-level section that holds it, as (the section's place
    among the top-level keys in the file, the entry's place in the section); None for a path
    that is not inside an entry the data has."""
    data: dict[Any, Any] = document.data  # type: ignore[assignment]  # (checked by the caller)
    # The sections in the text's order: the data's own order can differ (a file read a node at
    # a time gets its nodes last).
    places = document.locate({(key,) for key in data})
    section_rank = {
        path[0]: rank for rank, path in enumerate(sorted(places, key=lambda p: places[p][0]))
    }
    entry_rank: dict[Any, dict[Any, int]] = {}

    def entry(path: PathKey) -> tuple[int, int] | None:
        if len(path) < 2:
            return None
        section_key, part = path[0], path[1]
        rank = section_rank.get(section_key)
        if rank is None:
            return None
        section = data[section_key]
        if type(section) is dict:
            ranks = entry_rank.get(section_key)
            if ranks is None:
                ranks = entry_rank[section_key] = {key: n for n, key in enumerate(section)}
            at = ranks.get(part)
            return None if at is None else (rank, at)
        if type(section) is list and type(part) is int and 0 <= part < len(section):
            return rank, part
        return None

    return entry
