"""Checks shared by the authoring pages: nothing is fetched or run, scenario text stays text."""

from __future__ import annotations

import re
from html import unescape

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


def assert_self_contained(html: str) -> None:
    """Nothing in the page can load or run: no scripts, no remote files, a strict CSP."""
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<iframe" not in lowered and "<object" not in lowered and "<embed" not in lowered
    assert "<img" not in lowered and "<link" not in lowered
    assert not re.search(r"\ssrc\s*=", lowered), "nothing may be loaded by src="
    assert "@import" not in lowered and not re.search(r"url\(\s*['\"]?\s*(https?:|//)", lowered)
    assert not re.search(r"""href=["']?\s*javascript:""", lowered)
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert csp is not None
    policy = unescape(csp[1])
    assert "default-src 'none'" in policy and "script-src" not in policy


def assert_no_live_markup(html: str) -> None:
    lowered = html.lower()
    for bad in ("<script", "<iframe", "<img", "<u>", "<b>src", "<style>body", "<link"):
        assert bad not in lowered, bad
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, not run
