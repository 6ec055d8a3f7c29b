"""Naive plain-text dumps of HTML pages, as people hand them to newsfacts.

Two styles, both made from the page's parse tree with lxml, both keeping *all* visible text
(menus, share bars, related links, cookie notices, footers, comments) because that is what a
person gets who saves a page as text:

- ``browser``: what "select all, copy" in a desktop browser gives. Block elements start a new
  line; paragraphs, headings, lists, tables and figures are set off by a blank line; inline
  elements (links, emphasis, spans) run together; table cells are tab-separated.
- ``lynx``: what ``lynx -dump -nolist`` / ``html2text`` give: the same blocks, hard-wrapped at
  76 columns, paragraphs indented by three spaces, list items as ``  * `` bullets with hanging
  indent, headings flush left, and a blank line between blocks.

Hidden text is left out only where the markup itself says so (``hidden``, inline
``display:none``/``visibility:hidden``, ``<template>``, scripts and styles); text that a style
sheet hides (mobile menus, off-canvas panels) is in the dump, as it would be in a lynx dump.
The dumps are generated in the bench run, never stored.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import lxml.html
from lxml import etree

DumpStyle = Literal["browser", "lynx"]
STYLES: tuple[DumpStyle, ...] = ("browser", "lynx")


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


_SKIP = _tags(
    "head script style noscript template svg math iframe object embed canvas select option "
    "input textarea audio video map area link meta base title"
)
# Blocks a browser sets off with a blank line (their default CSS margins).
_SPACED = _tags("p h1 h2 h3 h4 h5 h6 ul ol dl table blockquote figure pre hr address form fieldset")
_BLOCK = _SPACED | _tags(
    "div section article header footer nav aside main li dt dd tr figcaption caption details "
    "summary legend center body html"
)
_HEADINGS = _tags("h1 h2 h3 h4 h5 h6")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0]+")
_WIDTH = 76


@dataclass(frozen=True, slots=True)
class _Break:
    blank: bool  # a blank line (paragraph margin) rather than a line break


@dataclass(frozen=True, slots=True)
class _Block:
    """One line-level run of text and the element that opened it."""

    text: str
    kind: str  # "heading", "item", "cell" or "text"
    spaced: bool  # set off by a blank line


def _hidden(element: etree._Element) -> bool:
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _walk(element: etree._Element) -> Iterator[str | _Break | tuple[str, str]]:
    """Text pieces, breaks and ("open", tag) markers in document order."""
    tag = element.tag if isinstance(element.tag, str) else ""
    tag = tag.lower()
    if not tag or tag in _SKIP or _hidden(element):
        if element.tail:
            yield element.tail
        return
    if tag == "br":
        yield _Break(blank=False)
    elif tag in _BLOCK:
        yield _Break(blank=tag in _SPACED)
        yield ("open", tag)
    elif tag in ("td", "th"):
        yield "\t"
    if element.text:
        yield element.text
    for child in element:
        yield from _walk(child)
    if tag in _BLOCK:
        yield _Break(blank=tag in _SPACED)
    if element.tail:
        yield element.tail


def _blocks(html: bytes) -> list[_Block]:
    """The page's visible text as line-level blocks."""
    try:
        root = lxml.html.document_fromstring(html.decode("utf-8", errors="replace"))
    except (etree.ParserError, ValueError):
        return []
    blocks: list[_Block] = []
    pieces: list[str] = []
    kind = "text"
    spaced = False
    pending_blank = False

    def flush() -> None:
        nonlocal pieces, kind, spaced
        text = _SPACE.sub(" ", "".join(pieces)).strip()
        if text:
            blocks.append(_Block(text=text, kind=kind, spaced=spaced or pending_blank))
        pieces = []

    for item in _walk(root):
        if isinstance(item, _Break):
            had_text = bool("".join(pieces).strip())
            flush()
            if had_text:
                pending_blank = False
                kind, spaced = "text", False
            pending_blank = pending_blank or item.blank
        elif isinstance(item, tuple):
            tag = item[1]
            if tag in _HEADINGS:
                kind = "heading"
            elif tag == "li":
                kind = "item"
            elif tag == "tr":
                kind = "cell"
        else:
            pieces.append(item)
    flush()
    return blocks


def browser_copy(html: bytes) -> str:
    """The page as a browser's "select all, copy" gives it."""
    out: list[str] = []
    for block in _blocks(html):
        if out and block.spaced:
            out.append("")
        out.append(block.text.replace(" \t ", "\t").strip())
    return "\n".join(out) + "\n"


def lynx_dump(html: bytes) -> str:
    """The page as ``lynx -dump -nolist`` gives it: hard-wrapped, indented blocks."""
    out: list[str] = []
    for block in _blocks(html):
        text = block.text.replace("\t", " ").strip()
        if block.kind == "heading":
            lines = textwrap.wrap(text, _WIDTH)
        elif block.kind == "item":
            lines = textwrap.wrap(
                text, _WIDTH, initial_indent="     * ", subsequent_indent="       "
            )
        else:
            lines = textwrap.wrap(text, _WIDTH, initial_indent="   ", subsequent_indent="   ")
        if out and (block.spaced or block.kind == "heading"):
            out.append("")
        out.extend(lines)
    return "\n".join(out) + "\n"


def dump(html: bytes, style: DumpStyle) -> str:
    return browser_copy(html) if style == "browser" else lynx_dump(html)
