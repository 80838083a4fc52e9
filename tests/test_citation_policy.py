"""The citation policy (docs/citation-policy.md) holds for every bundled scenario and example.

The deny list is read from the policy page itself, so what authors are told and what is checked
are the same list."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from game.engine.loader import load_file
from game.engine.model import DecisionNode, Scenario, Tier

from .conftest import ROOT

POLICY = ROOT / "docs" / "citation-policy.md"
FILES = sorted((ROOT / "scenarios").glob("*.yaml")) + sorted(
    (ROOT / "docs" / "examples").glob("*.yaml")
)


def deny_list() -> list[str]:
    block = re.search(r"```deny-hosts\n(.*?)```", POLICY.read_text(encoding="utf-8"), re.S)
    assert block is not None, "the policy has no deny-hosts block"
    lines = (line.strip() for line in block.group(1).splitlines())
    return [line.lower() for line in lines if line and not line.startswith("#")]


def denied_by(url: str, entries: list[str]) -> str | None:
    """The deny-list entry that covers `url`: its host or a parent domain, and its path when the
    entry gives one."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    for entry in entries:
        entry_host, _, entry_path = entry.partition("/")
        if host != entry_host and not host.endswith("." + entry_host):
            continue
        if entry_path and not parts.path.lstrip("/").startswith(entry_path):
            continue
        return entry
    return None


def policy_problems(scenario: Scenario) -> list[str]:
    entries = deny_list()
    problems = []
    for source in scenario.sources:
        if source.url:
            entry = denied_by(source.url, entries)
            if entry:
                problems.append(f"source {source.id}: {source.url} is on the deny list ({entry})")
        elif not (source.title and source.year and (source.author or source.publisher)):
            problems.append(
                f"source {source.id}: a source with no url needs a title, a year and "
                "an author or publisher"
            )
    for node_id, node in scenario.nodes.items():
        if not isinstance(node, DecisionNode) or node.history is None:
            continue
        history = node.history
        ids = list(history.sources) + [i for a in history.accounts for i in a.sources]
        cited = [s for s in (scenario.source(i) for i in ids) if s is not None]
        if not any(s.tier != Tier.secondary for s in cited):
            problems.append(
                f"node {node_id}: its history block rests only on secondary sources"
                if cited
                else f"node {node_id}: its history block cites no source"
            )
    return problems


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_scenario_follows_the_citation_policy(path: Path) -> None:
    problems = policy_problems(load_file(path).scenario)
    assert not problems, "\n".join(problems)


def test_the_deny_list_catches_subdomains_and_paths_only_where_it_says() -> None:
    entries = deny_list()
    assert denied_by("https://denmark.news-pravda.com/x", entries) == "news-pravda.com"
    assert denied_by("https://trantor.is/content/abc", entries) == "trantor.is"
    assert denied_by("https://digitalarchive.wilsoncenter.org/search?q=x", entries)
    assert denied_by("https://digitalarchive.wilsoncenter.org/document/115065", entries) is None
    assert (
        denied_by("https://history.state.gov/historicaldocuments/frus1961-63v11/d80", entries)
        is None
    )
    assert denied_by("https://www.pbs.org/wgbh/americanexperience/", entries) is None
    assert denied_by("https://staging.pbs.org/x", entries) == "staging.pbs.org"


def test_a_book_without_a_publisher_or_year_and_a_secondary_only_history_are_reported(
    write_yaml,
) -> None:
    path = write_yaml(
        """\
        format: 1
        id: t
        title: T
        period: {start: "1962-10-01"}
        summary: s
        minutes: 1
        authors: [a]
        licence: CC-BY-4.0
        sources:
          - {id: blog, title: A blog, url: "https://example.org/a", tier: secondary}
          - {id: book, title: A book, tier: reputable}
          - {id: farm, title: Copy, url: "https://ug.nowurthinking.com/p", tier: secondary}
        roles: [{id: r, name: R, side: S, briefing: b}]
        start: d
        nodes:
          d:
            kind: decision
            title: D
            choices: [{id: a, label: A, goto: e, sources: [book, farm]}]
            history: {choice: a, text: t, basis: documented, sources: [blog]}
          e: {kind: ending, title: E, category: other}
        """
    )
    problems = policy_problems(load_file(path).scenario)
    assert any("farm" in p and "nowurthinking.com" in p for p in problems)
    assert any("source book" in p for p in problems)
    assert any("node d" in p and "secondary" in p for p in problems)
