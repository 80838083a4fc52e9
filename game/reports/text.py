"""Scenario text made safe for reports: Markdown with raw HTML neutralised, HTML escaped."""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup

from ..engine.model import Source
from ..engine.text import printable


def md_safe(text: str | None) -> str:
    """Scenario Markdown for a Markdown report: formatting kept, raw HTML shown as text.
    Only the angle brackets need neutralising; an `&` stays readable."""
    if not text:
        return ""
    # `\![…](…)` is no longer an image: a report read in a viewer fetches nothing remote.
    text = printable(text).replace("![", "\\![")
    return text.replace("<", "&lt;").replace(">", "&gt;").strip()


def md_cell(text: str | None) -> str:
    """One table cell: one line, no pipes, no HTML."""
    return md_safe(" ".join((text or "").split())).replace("|", "\\|")


@lru_cache(maxsize=1)
def _renderer():
    from markdown_it import MarkdownIt

    # Raw HTML in scenario text is escaped, and markdown-it refuses javascript:, vbscript:,
    # file: and data: links, so no script can travel from a scenario into a report.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.add_render_rule("image", _image_as_text)
    return md


def _image_as_text(self, tokens, idx, options, env) -> str:
    """An image stays text: its description and its address, never a remote `<img>` that a
    browser would fetch when the report is opened."""
    from markdown_it.common.utils import escapeHtml

    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    src = str(token.attrGet("src") or "")
    shown = f"{alt} ({src})" if alt and src else alt or src
    return f'<span class="image-as-text">{escapeHtml(shown)}</span>'


def md_to_html(text: str | None) -> Markup:
    if not text:
        return Markup("")
    return Markup(_renderer().render(printable(text)))


def source_line(source: Source) -> str:
    who = source.byline()
    return source.title + (f" ({who})" if who else "")


def safe_url(url: str | None) -> str | None:
    """A web address fit to print as a link: http(s) only, nothing that could end the link."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    return None if any(ch in url for ch in "<>\"'` ") else url


def cut(text: str, width: int) -> str:
    """Shorten a label to `width` characters at a word boundary, marking the cut with '…'."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    head = text[: width - 1]
    if " " in head[width // 2 :]:
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,;:—-") + "…"


def numbered_labels(labels: list[str], width: int) -> list[str]:
    """Labels for a narrow column, numbered so that two labels cut to the same words can still
    be told apart ('1. Strike the missile sites…', '2. Strike the missile sites…')."""
    digits = len(str(len(labels)))
    room = width - digits - 2
    return [f"{n:>{digits}}. {cut(label, room)}" for n, label in enumerate(labels, start=1)]
