"""Markdown, the one way: to safe HTML for pages, to plain text for calendars and mails.

Part of the shared layer: it imports no capability. Hosts write descriptions in
Markdown; on a page only harmless tags and attributes are kept (nh3), and links
get `rel="noopener noreferrer nofollow"`. Calendar clients and mails get the
readable text, with link targets written out.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from html.parser import HTMLParser

import markdown as markdown_lib
import nh3
from flask import Flask
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote",
                "code", "pre", "h3", "h4", "hr"}
LINK_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"
# Links in what visitors write (user-generated content): search engines are told so.
UGC_LINK_REL = "nofollow noopener ugc"


def markdown_to_html(text: str | None, link_rel: str = LINK_REL) -> Markup:
    """A host's Markdown as HTML, with only harmless tags and attributes left; every
    link gets `link_rel` (UGC_LINK_REL for what anyone may write)."""
    if not text:
        return Markup("")
    return Markup(_clean_html(text, link_rel))  # noqa: S704  (sanitised by nh3)


@lru_cache(maxsize=4096)
def _clean_html(text: str, link_rel: str) -> str:
    """The sanitised HTML of `text`; a pure function, so each text is converted once per
    process (a board of 500 posts spent most of its time here)."""
    html = markdown_lib.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                     url_schemes=LINK_SCHEMES, link_rel=link_rel)


_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "pre", "blockquote",
           "table", "tr"}


class _TextParser(HTMLParser):
    """Collects the text of rendered Markdown, keeping paragraphs, list items and link targets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._links: list[str | None] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skipping += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a":
            self._links.append(dict(attrs).get("href"))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self._links:
            href = self._links.pop()
            if href and href.startswith(("http://", "https://", "mailto:")):
                self.parts.append(f" ({href.removeprefix('mailto:')})")

    def handle_data(self, data: str) -> None:
        # Markdown puts a newline between block tags; that is layout, not text.
        if self._skipping or (not data.strip() and "\n" in data):
            return
        if self.parts and self.parts[-1].endswith("\n"):
            data = data.lstrip("\n")
        self.parts.append(data)


_local = threading.local()


def _render(source: str) -> str:
    # Building a Markdown converter costs more than converting a short text:
    # keep one per thread (they are not thread-safe) and reset it between texts.
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = markdown_lib.Markdown()
    return converter.reset().convert(source)


@lru_cache(maxsize=4096)
def markdown_to_text(source: str) -> str:
    """The readable text of a Markdown description: no markup, links written out.

    Tags of raw HTML in the source are dropped, their text is kept (the text of
    scripts and styles is dropped too).
    """
    if not source.strip():
        return ""
    rendered = _render(source)
    parser = _TextParser()
    parser.feed(rendered)
    parser.close()
    text = "".join(parser.parts)
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def init_app(app: Flask) -> None:
    """The `markdown` filter for templates: `{{ event.description|markdown }}`."""
    app.jinja_env.filters["markdown"] = markdown_to_html
