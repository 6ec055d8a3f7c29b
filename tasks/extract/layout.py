"""Page layout repairs made on the parsed HTML around trafilatura's reading of it.

trafilatura picks the first element that looks like an article body (an ``article__body``
class, an ``itemprop=articleBody``) and reads that one element. Some templates set the article
in several such containers, one after the other with an advertisement or a newsletter box
between them; trafilatura then keeps the first part and drops the rest. The article's parts
share the template's markup: the same tag and the same class, close together in the tree,
each holding paragraphs of prose. Those are moved into the first of them, in page order, so
the whole article is the one body trafilatura reads; whatever sat between them stays where it
was and is judged as before. This is done only when trafilatura's text holds the first part
and lacks a later one, so a page it already reads whole is not reordered.

Inside an article body, a list of other stories' titles ("More from ...", "Related") is a
teaser list, not the article's own list: every item, or nearly every one, is a link and little
else. Those lists are removed before trafilatura reads the page, and so are picture credits:
a short block that is, or ends in, a credit ("Photo: Jane Doe / Agency", "(Foto: dpa)",
"© Agency"; labels in tasks/data/credit_labels.txt). An embedded social post is set as one
quoted paragraph credited to its author (see quote_embedded_posts).

Pure functions over an lxml tree; nothing here knows about the pipeline.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from lxml.html import HtmlElement

from tasks.data import read_list

# A paragraph a reader reads as prose: long enough, and ending as a sentence ends.
_PROSE_MIN_WORDS = 12
_PROSE_END = (".", "!", "?", '"', "”", "’", "»", ")", ":", "。", "！", "？")
# A container counts as a part of the article when it holds at least this much prose...
_PART_MIN_WORDS = 25
# ...and parts of one article sit close: their common ancestor is at most this many levels up.
_PART_MAX_DEPTH = 3
# Containers are the block elements templates wrap article text in.
_CONTAINERS = frozenset({"div", "section", "article", "main"})
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
# Words that identify a paragraph in an extraction's text.
_OPENING_WORDS = 8


def _fold(text: str) -> str:
    """Runs of whitespace as one space, none at the ends."""
    return _SPACE.sub(" ", text).strip()


def _prose_words(paragraph: HtmlElement) -> int:
    text = _fold(paragraph.text_content())
    words = len(text.split())
    return words if words >= _PROSE_MIN_WORDS and text.endswith(_PROSE_END) else 0


def _signature(element: HtmlElement) -> tuple[str, str] | None:
    """Tag and class, the template's name for a kind of box; None for an unnamed box."""
    classes = " ".join((element.get("class") or "").split())
    if element.tag not in _CONTAINERS or not classes:
        return None
    return element.tag, classes


def _ancestors(element: HtmlElement) -> list[HtmlElement]:
    chain = []
    parent = element.getparent()
    while parent is not None:
        chain.append(parent)
        parent = parent.getparent()
    return chain


def _close(first: HtmlElement, other: HtmlElement) -> bool:
    """Whether both share an ancestor at most _PART_MAX_DEPTH levels above each of them."""
    above_first = _ancestors(first)[:_PART_MAX_DEPTH]
    return any(node in above_first for node in _ancestors(other)[:_PART_MAX_DEPTH])


def split_body_parts(tree: HtmlElement) -> list[list[HtmlElement]]:
    """Groups of same-named containers, close together, in page order: one article's parts.

    At least two parts of a group hold an article's worth of prose. Within a group no member
    contains another (the outermost box of a name counts, once).
    """
    prose: dict[HtmlElement, int] = defaultdict(int)
    paragraphs: list[tuple[int, set[HtmlElement]]] = []  # prose <p>s in page order
    for paragraph in tree.iter("p"):
        words = _prose_words(paragraph)
        if words:
            above = _ancestors(paragraph)
            paragraphs.append((words, set(above)))
            for ancestor in above:
                prose[ancestor] += words
    by_signature: dict[tuple[str, str], list[HtmlElement]] = defaultdict(list)
    for element in prose:
        signature = _signature(element)
        if signature is not None:
            by_signature[signature].append(element)
    order = {element: index for index, element in enumerate(tree.iter())}
    groups: list[list[HtmlElement]] = []
    for members in by_signature.values():
        if sum(prose[member] >= _PART_MIN_WORDS for member in members) < 2:
            continue
        member_set = set(members)
        outermost = [m for m in members if not any(a in member_set for a in _ancestors(m))]
        outermost.sort(key=order.__getitem__)
        group = [outermost[0]]
        for member in outermost[1:]:
            if _close(group[-1], member) and not _prose_between(group[-1], member, paragraphs):
                group.append(member)
            else:
                groups.append(group)
                group = [member]
        groups.append(group)
    return [group for group in groups if _substantial(group, prose)]


def _substantial(group: list[HtmlElement], prose: dict[HtmlElement, int]) -> bool:
    """At least two parts hold an article's worth of prose; a short part may join them."""
    return sum(prose[member] >= _PART_MIN_WORDS for member in group) >= 2


def _prose_between(first: HtmlElement, second: HtmlElement, paragraphs) -> bool:  # type: ignore[no-untyped-def]
    """Whether a part's worth of prose stands between two parts, outside both.

    What separates the parts of one article is an advertisement, a newsletter box, a video:
    not prose. Prose there is a part of the page the parts belong with, and moving them past
    it would reorder the page.
    """
    words, inside = 0, False
    for count, above in paragraphs:
        if second in above:
            break
        if first in above:
            inside = True
        elif inside:
            words += count
    return words >= _PART_MIN_WORDS


def parts_left_out(groups: list[list[HtmlElement]], text: str) -> list[list[HtmlElement]]:
    """The groups of which `text` (an extraction) holds the first part but lacks a later one.

    A part is held when the opening words of its first prose paragraph are in the text. A
    group whose parts were all read (the extractor took their common ancestor) is left alone:
    joining it would only reorder what sits between the parts.
    """
    held = " ".join(_WORD.findall(text))
    left_out = []
    for group in groups:
        opened = [_opening(member) in held for member in group]
        if opened[0] and not all(opened):
            left_out.append(group)
    return left_out


def _opening(member: HtmlElement) -> str:
    for paragraph in member.iter("p"):
        if _prose_words(paragraph):
            return " ".join(_WORD.findall(paragraph.text_content())[:_OPENING_WORDS])
    return ""


def join_split_bodies(groups: list[list[HtmlElement]]) -> int:
    """Move the later parts of each split article into its first part; the number moved."""
    moved = 0
    for first, *rest in groups:
        for part in rest:
            if part.text and part.text.strip():
                _append_text(first, part.text)
                part.text = None
            for child in list(part):
                first.append(child)  # lxml moves the child, its tail with it
            moved += 1
    return moved


def _append_text(element: HtmlElement, text: str) -> None:
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + text
    else:
        element.text = (element.text or "") + text


# A list is a teaser list when it has at least this many items and every item is a link with
# next to nothing beside it: the titles of other stories, not an article's own list.
_TEASER_MIN_ITEMS = 3
_TEASER_LINK_SHARE = 0.9
# ...or nearly every item: a promo line may sit among the titles.
_TEASER_ITEM_SHARE = 0.75
# Outside <ul>/<ol>, a teaser box is a box of such items, one block tag for all of them (a row
# of <article> cards, a column of <div>s); each item a headline's length, so paragraphs of a
# report that a page happens to wrap whole in links are not taken for titles.
_TEASER_BOXES = frozenset({"div", "section", "article", "aside", "nav"})
_TEASER_TITLE_WORDS = 30


def _link_share(element: HtmlElement) -> float:
    text = len(_SPACE.sub("", element.text_content()))
    if not text:
        return 0.0
    linked = sum(len(_SPACE.sub("", link.text_content())) for link in element.iter("a"))
    return linked / text


def _teaser_items(listing: HtmlElement) -> list[HtmlElement]:
    """The items of a list-like box: a list's <li>s, or a box's children of one block tag."""
    if listing.tag in ("ul", "ol"):
        return [child for child in listing if child.tag == "li"]
    children = [child for child in listing if isinstance(child.tag, str)]
    if (
        not children
        or {child.tag for child in children} - _TEASER_BOXES
        or len({child.tag for child in children}) != 1
    ):
        return []
    return children


def _title(item: HtmlElement) -> bool:
    """An item that is a link and little else, short as a headline is."""
    if item.tag != "li" and len(item.text_content().split()) > _TEASER_TITLE_WORDS:
        return False
    return _link_share(item) >= _TEASER_LINK_SHARE


def drop_teaser_lists(tree: HtmlElement) -> int:
    """Remove lists and boxes of story titles, every item only a link; the number removed."""
    dropped = 0
    for listing in list(tree.iter("ul", "ol", *_TEASER_BOXES)):
        if listing.getparent() is None:
            continue
        items = _teaser_items(listing)
        if len(items) < _TEASER_MIN_ITEMS or any(item.find(".//ul") is not None for item in items):
            continue
        titles = sum(_title(item) for item in items)
        if titles >= _TEASER_MIN_ITEMS and titles >= _TEASER_ITEM_SHARE * len(items):
            listing.drop_tree()
            dropped += 1
    return dropped


# A credit is a short block, or ends one (a caption's last words): the label, a name or two,
# an agency, and no sentence end after the label.
_CREDIT_MAX_WORDS = 40
_CREDIT_MAX_CHARS = 400
_CREDIT_MAX_BLOCK_CHARS = 4000  # with the markup's whitespace, before folding
_CREDIT_BLOCKS = (
    "p",
    "div",
    "span",
    "small",
    "figcaption",
    "cite",
    "em",
    "i",
    "strong",
    "b",
    "h5",
    "h6",
    "font",
)


# Elements whose own text no reader sees (code, styles, comments).
_NOT_TEXT = frozenset({"script", "style", "noscript", "template"})


@cache
def _credit_labels() -> str:
    labels = sorted(read_list("credit_labels.txt"), key=len, reverse=True)
    return "|".join(re.escape(label) for label in labels)


@cache
def _credit_line() -> re.Pattern[str]:
    return re.compile(
        rf"(?:^|[\s(\[])(?:(?:{_credit_labels()})\s*(?:[:/|©]|by\s)|©)[^.!?]{{0,60}}[)\]]?$",
        re.IGNORECASE,
    )


@cache
def _credit_word() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{_credit_labels()})\b|©", re.IGNORECASE)


def _label_owners(tree: HtmlElement) -> list[HtmlElement]:
    """Elements with a credit label in their own text: a credit block is one or holds one.

    A text run longer than a credit's block can be is not read at all.
    """
    word = _credit_word()
    owners = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in _NOT_TEXT:
            continue
        text, tail = element.text, element.tail
        if text and not text.isspace() and len(text) <= _CREDIT_MAX_CHARS and word.search(text):
            owners.append(element)
        if tail and not tail.isspace() and len(tail) <= _CREDIT_MAX_CHARS and word.search(tail):
            parent = element.getparent()
            if parent is not None:
                owners.append(parent)
    return owners


def drop_credit_lines(tree: HtmlElement) -> int:
    """Remove short blocks that are a picture's credit ("Photo: X / Agency"); the number removed.

    From each element holding a label, the blocks around it are read outwards while they stay
    short; the outermost of them that reads as a credit goes.
    """
    pattern = _credit_line()
    blocks = frozenset(_CREDIT_BLOCKS)
    found: list[HtmlElement] = []
    for owner in _label_owners(tree):
        credit, element = None, owner
        while element is not None:
            raw = element.text_content()
            if len(raw) > _CREDIT_MAX_BLOCK_CHARS:
                break
            text = _fold(raw)
            if len(text.split()) > _CREDIT_MAX_WORDS:
                break
            if element.tag in blocks and pattern.search(text):
                credit = element
            element = element.getparent()
        if credit is not None:
            found.append(credit)
    dropped = 0
    for credit in found:
        if credit.getparent() is not None and all(a not in found for a in _ancestors(credit)):
            credit.drop_tree()
            dropped += 1
    return dropped


# Embedded social posts
# --------------------------------------------------------------------------------------------
# A platform's embed code is a blockquote: the post's words in <p>, then the author line
# ("— Jane Doe (@janedoe) May 1, 2024"). Read as it stands, it is a paragraph in the outlet's
# own voice, and the author line a stray fragment; trafilatura keeps it on some pages and not
# on others. It is the author's words that the outlet quotes: set as one paragraph, the post in
# quotation marks and its author line after it, the way a pull quote is credited.
_POST_CLASSES_FILE = "embedded_post_classes.txt"


@cache
def _post_classes() -> frozenset[str]:
    return frozenset(read_list(_POST_CLASSES_FILE))


def quote_embedded_posts(tree: HtmlElement) -> int:
    """Set each embedded post as one quoted, credited paragraph; the number set."""
    classes = _post_classes()
    quoted = 0
    for post in list(tree.iter("blockquote")):
        if post.getparent() is None or not classes & set((post.get("class") or "").split()):
            continue
        for line_break in post.iter("br"):  # a line break inside a post is a space between words
            line_break.tail = " " + (line_break.tail or "")
        paragraphs = [text for p in post.iter("p") if (text := _fold(p.text_content()))]
        if not paragraphs:
            continue
        words = " ".join(paragraphs)
        credit = _fold(post.text_content())
        for text in paragraphs:
            credit = credit.replace(text, " ", 1)
        credit = _fold(credit)
        replacement = post.makeelement("p", {})
        replacement.text = f"“{words}”" + (f" {credit}" if credit else "")
        replacement.tail = post.tail
        post.getparent().replace(post, replacement)
        quoted += 1
    return quoted
