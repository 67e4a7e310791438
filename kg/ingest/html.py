"""The main text of an HTML page, with trafilatura.

A saved news page holds the report among navigation, share buttons, comments and footers.
trafilatura (https://trafilatura.readthedocs.io) finds the main text; kg then treats that
text as the article, so every offset in the graph points into the extracted text, which is
stored in full in ``nif:isString``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

HTML_SUFFIXES = (".html", ".htm", ".xhtml")

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class HtmlText:
    """The main text of a page and its title, if the page has one."""

    text: str
    title: str | None


def looks_like_html(data: bytes) -> bool:
    """True for bytes that start like an HTML document (a doctype or an ``<html>`` tag).

    >>> looks_like_html(b"<!DOCTYPE html><html><body>x</body></html>")
    True
    >>> looks_like_html(b"The army said")
    False
    """
    return bool(_HTML_START.match(data[:4096]))


def main_text(data: bytes) -> HtmlText | None:
    """The main text of an HTML page, or None when the page has none.

    The page's bytes are given as they are, so that trafilatura can honour the encoding the
    page declares. Comments sections are left out; tables are kept (figures often sit in
    them). trafilatura's own log messages are silenced: kg reports one line per input.
    """
    import trafilatura  # imported here: only HTML inputs need it

    log = logging.getLogger("trafilatura")
    level = log.level
    log.setLevel(logging.CRITICAL + 1)
    try:
        doc = trafilatura.bare_extraction(
            data, include_comments=False, include_tables=True, with_metadata=True, deduplicate=False
        )
    finally:
        log.setLevel(level)
    if doc is None:
        return None
    text = (getattr(doc, "text", None) or "").strip()
    if not text:
        return None
    title = (getattr(doc, "title", None) or "").strip() or None
    if title and not text.startswith(title):
        # the headline sits outside the article body: put it first, where a report has it
        text = f"{title}\n\n{text}"
    return HtmlText(text=text, title=title)
