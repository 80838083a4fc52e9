"""Checks shared by the authoring pages: nothing is fetched or run, scenario text stays text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..engine.scenario_text import MINIMAL

HOSTILE = (
    MINIMAL.replace("title: Mini", 'title: "<script>alert(1)</script>"')
    .replace(
        "summary: A tiny crisis.",
        'summary: "[click](javascript:alert(1)) <img src=x onerror=alert(2)>"',
    )
    .replace("label: Stay calm", 'label: "</text><script>alert(3)</script>"')
    .replace("title: First", 'title: "First <link rel=stylesheet href=https://evil.example/x.css>"')
    .replace("text: They stayed calm.", 'text: "<iframe src=//evil></iframe> **calm**"')
    .replace(
        "{id: src, title: A source, tier: primary}",
        '{id: src, title: "<b>src</b>", tier: primary, url: "https://x.org/\\"><script>"}',
    )
    .replace(
        "briefing: Decide.", 'briefing: "<style>body{display:none}</style>[x](javascript:evil())"'
    )
    .replace("name: The Boss", 'name: "<u>Boss</u> & co"')
)


class _Tags(HTMLParser):
    """Every real tag of a page with its attributes (escaped text is not a tag)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


LOADING_TAGS = {
    "script",
    "iframe",
    "frame",
    "object",
    "embed",
    "img",
    "link",
    "base",
    "audio",
    "video",
    "source",
    "image",
    "use",
    "foreignobject",
    "form",
    "input:image",
}


def assert_self_contained(html: str) -> None:
    """Nothing in the page can load or run: no scripts, no remote files, a strict CSP."""
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in LOADING_TAGS, tag
        for name, value in attrs.items():
            assert name not in ("src", "srcset", "xlink:href", "action", "background"), (tag, name)
            assert not name.startswith("on"), (tag, name)
            assert "url(" not in value or "url(#" in value, (tag, name, value)
            if name == "href":
                assert tag == "a" and value.startswith(("#", "https://", "http://")), (tag, value)
    style = " ".join(parser.styles).lower()
    assert "@import" not in style and not re.search(r"url\(\s*['\"]?\s*(https?:|//)", style)
    metas = [
        a
        for t, a in parser.tags
        if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    ]
    assert len(metas) == 1
    policy = metas[0]["content"]
    assert "default-src 'none'" in policy and "script-src" not in policy


def assert_no_live_markup(html: str) -> None:
    lowered = html.lower()
    for bad in ("<script", "<iframe", "<img", "<u>", "<b>src", "<style>body", "<link"):
        assert bad not in lowered, bad
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, not run
