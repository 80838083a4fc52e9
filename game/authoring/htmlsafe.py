"""The one way authoring pages are rendered: Jinja2 with autoescape, Markdown with raw HTML off.

Scenario files are untrusted. Every string from one is escaped by the template; Markdown is
rendered with raw HTML disabled (markdown-it also refuses javascript:, data: and file: links);
and each page carries a Content-Security-Policy that forbids scripts and every remote load.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

# Nothing may be fetched, nothing may run: only the page's own inline style.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def md(text: str | None) -> Markup:
    """Scenario Markdown as HTML, with any HTML in it shown as text."""
    if not text:
        return Markup("")
    return Markup(_markdown().render(text))


def safe_url(url: str | None) -> str | None:
    """A web address fit to print as a link: http(s) only, nothing that could end the link."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    return None if any(ch in url for ch in "<>\"'` ") else url


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("game.authoring", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(md=md, safe_url=safe_url, csp=CSP)
    return env
