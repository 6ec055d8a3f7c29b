"""Find the article in a plain-text page dump the way a reader does.

A saved or copied page ("select all, copy", ``lynx -dump``, ``html2text``) holds all of the page's
visible text: menus, share bars, teaser lists, cookie notices, footers and comments around the
report. A reader skips to the longest stretch of running prose and reads from its headline down.
This module does the same, before the chrome cleaner (tasks/clean/text/) removes what is left
inside that stretch (appeals, newsletter boxes, "Read more" links, bylines):

1. **Paragraphs** come from the cleaner's own unit builder, so hard-wrapped dumps are re-joined
   the same way everywhere.
2. **Each paragraph is classified as jusText does it** (``justext.core``: context-free classes
   from length and stop-word density in the page's language, then the context-sensitive
   revision that lets short lines between good paragraphs stay and short lines between bad
   ones go). jusText's 100 stop-word lists are used as they ship; the page's language comes
   from the identifier the pipeline already uses. A plain-text dump has no links, so the link
   density jusText reads is replaced by what marks a line as a link title or a label in text:
   no sentence end, few words, title-cased words, separators.
3. **The article is the best run** of good paragraphs: the contiguous stretch that maximises
   good words minus the chrome in between (Kadane over paragraphs), so one caption or "Read
   more" line does not split the report while a menu or a teaser list ends it.
4. **The head** above the run (headline, standfirst, byline, date line) is kept when it sits
   right above the first good paragraph, so the cleaner can read the title, author and date
   from it; it drops those lines from the body itself.
5. **Comment threads** after the report read like prose; a comment-section header after the
   run's first good paragraph ends the run there.
6. **Lists that read like prose** are set aside and the next best run is taken: a teaser list
   (every blurb under its own link title, no two prose paragraphs touching), a list under a
   "You may also like" header (tasks/data/list_headers.txt), and the site footer's disclaimers
   above the page's closing rights notice. A short line the page repeats (a share bar under
   every item, an "Advertisement" slot between paragraphs) is a widget: never kept, never a
   heading, and it does not part two paragraphs of the report.

A dump with no run of prose at all (a home page, an index, a login wall, a 404 page) has no
article: :func:`locate_article` returns None and the caller rejects it as "no article text".
A text shorter than any article is passed on whole, so the word-count rule can say how short.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import justext
from justext.core import classify_paragraphs, revise_paragraph_classification

from tasks.clean.text import paragraph_units
from tasks.extract.language import detect_language

# A run needs at least this many words of good paragraphs to be an article, not a blurb.
MIN_ARTICLE_WORDS = 40
# Chrome between two good paragraphs costs this many words each (plus its own words), so a
# menu of ten labels outweighs a short paragraph but one caption does not split the report.
_CHROME_COST = 4
_CHROME_CAP = 10
_ISOLATED_SHARE = 0.5
# jusText's 200 characters for a "good" paragraph leaves a brief of short paragraphs with none.
LENGTH_HIGH = 120
LENGTH_LOW = 50
# A short line printed this many times in one page is a widget: a share bar under every item,
# an "Advertisement" or "Article content" slot between every paragraph. Its class is WIDGET:
# it is never kept, and in the best run it costs little and does not part two paragraphs.
_REPEATED_LINE = 3
WIDGET = "widget"
# How many times a run found to be a teaser list or the page footer is set aside for the next.
_RETRIES = 3
_HEADER_END = re.compile(r"[\s.:!…]+$")
# A page's rights notice: "© 2019 …", "Copyright 2020 …", "All rights reserved".
_RIGHTS = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b", re.IGNORECASE)
_RIGHTS_MAX_WORDS = 60
# The site footer's rights notice sits in the last tenth of the page's paragraphs.
_FOOTER_SHARE = 0.9
# The language is read from prose paragraphs of at least this many words, this many characters
# of them: 600 characters of sentences say as much as 1,000 of a page's first lines.
_SAMPLE_MIN_WORDS = 12
_SAMPLE_CHARS = 600
# Lines the cleaner can use for metadata, taken from right above the run.
_HEAD_UNITS = 3
# Hard-wrapped dumps: lines no longer than this, ending within this many columns of the edge.
_MAX_WRAP = 100
_WRAP_SLACK = 12
# An initial or a short abbreviation ("Jonathan P.", "Mr.", "U.S.") ends no sentence.
_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Z]\.)+$|(?:^|\s)[A-Z][a-z]{0,2}\.$")
_BULLET = re.compile(r"^(?:[*+•·-]|\d{1,3}[.)])\s")
# Arrows a page prints before a link, set off by a space ("» Next race preview"); the same
# guillemet opens a quotation in Danish or German, but against its first word ("»Jeg …").
_LINK_MARK = re.compile(r"^[»›→▶►]\s")
_SENTENCE_END = frozenset('.!?…。！？।॥؟۔"”’»«)')
_TOKEN = re.compile(r"\w+(?:['’]\w+)?")
_EDGE = ".,;:!?\"'“”‘’()[]«»"
# Paragraph texts have their whitespace folded to single spaces: only " | " and the like are left.
_SEPARATORS = re.compile(r"\s[|•·/]\s")
_COMMENT_HEADER = re.compile(
    r"^\W*(?:\d+\s+)?(?:comments?|responses?|replies|thoughts? on\b.*|leave a (?:comment|reply)"
    r"|join the (?:discussion|conversation)|(?:show|view|read|top rated) (?:all )?comments"
    r"|comments? \(\d+\))\W*(?:\(\d+\))?\W*$",
    re.IGNORECASE,
)

# The line a comment system puts above each comment: "Alex on September 17, 2018 at 6:34 am
# said:", "Jane Doe says:". Only with a date or time in it, or in the present tense, so "the
# minister said:" before a quoted statement in a report is not one.
_COMMENT_SIGNATURE = re.compile(
    r"^(?=.{3,90}$)(?:[^.!?]*\d[^.!?]*\b(?:said|says|wrote)|[^.!?]{1,40}\bsays):$", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class LocatedArticle:
    """The article's paragraphs as text, ready for the chrome cleaner."""

    text: str
    language: str | None
    words: int  # words in its good paragraphs


@dataclass(frozen=True, slots=True)
class _Page:
    """A dump's paragraphs and what every step reads of them, worked out once."""

    texts: list[str]
    words: list[int]  # whitespace-separated words
    ends: list[bool]  # ends like a sentence

    @classmethod
    def of(cls, units: Sequence[str]) -> _Page:
        """The page of paragraph_units' paragraphs, whose whitespace is folded to single
        spaces: a paragraph's words are its spaces plus one, with no list of them built."""
        texts = [unit for unit in units if unit.strip()]
        return cls(
            texts=texts,
            words=[text.count(" ") + 1 for text in texts],
            ends=[text[-1] in _SENTENCE_END for text in texts],
        )


def _language_sample(page: _Page) -> str:
    """What the language is read from: the page's first sentences of prose (menus and labels
    are often English on any page), as many characters as the identifier reads; the page's
    first characters when it has no prose."""
    sample: list[str] = []
    length = 0
    for text, words, ends in zip(page.texts, page.words, page.ends, strict=True):
        if ends and words >= _SAMPLE_MIN_WORDS:
            sample.append(text)
            length += len(text) + 1
            if length >= _SAMPLE_CHARS:
                break
    return " ".join(sample) if sample else " ".join(page.texts[:50])


class _Paragraph:
    """What jusText's classifier reads of a paragraph, for a line of plain text."""

    __slots__ = (
        "cf_class",
        "chars_count_in_links",
        "class_type",
        "dom_path",
        "heading",
        "lower",
        "text",
    )

    def __init__(self, text: str, lower: str, *, heading: bool, link_like: bool) -> None:
        self.text = text
        self.lower = lower
        # jusText marks a paragraph "bad" above 20 % of its characters in links; a line that
        # reads like a link title counts as all link.
        self.chars_count_in_links = len(text) if link_like else 0
        self.dom_path = "body.h2" if heading else "body.p"
        self.heading = heading
        self.cf_class = ""
        self.class_type = ""

    def __len__(self) -> int:
        return len(self.text)

    @property
    def is_heading(self) -> bool:
        return self.heading

    def stopwords_density(self, stopwords: frozenset[str]) -> float:
        """Share of stop words, counted on word tokens: jusText splits at spaces only, which
        hides "“All" and "you—both" from its lists."""
        if self.chars_count_in_links or len(self.text) < LENGTH_LOW:
            return 0.0  # jusText decides these on links or length before reading the share
        tokens = _TOKEN.findall(self.lower)
        if not tokens:
            return 0.0
        return sum(map(stopwords.__contains__, tokens)) / len(tokens)

    def links_density(self) -> float:
        return self.chars_count_in_links / len(self.text) if self.text else 0.0


@cache
def _stoplist_names() -> dict[str, str]:
    table = resources.files("tasks.data").joinpath("stoplist_languages.tsv")
    names = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            code, name = line.split("\t")
            names[code] = name
    return names


@cache
def _consent_words() -> frozenset[str]:
    table = resources.files("tasks.data").joinpath("consent_words.txt")
    lines = table.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def _consent_gate() -> re.Pattern[str]:
    """Any of the words anywhere in a lower-cased line: one scan, which most lines fail."""
    words = sorted(_consent_words(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def _notice(lower: str) -> bool:
    """Cookie, consent or browser-support text (a whole word from the list), lower-cased."""
    if _consent_gate().search(lower) is None:
        return False
    consent = _consent_words()
    return any(word.strip(_EDGE) in consent for word in lower.split())


@cache
def _list_headers() -> frozenset[str]:
    table = resources.files("tasks.data").joinpath("list_headers.txt")
    lines = table.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def list_header(text: str) -> bool:
    """A header over a list of other stories ("You may also like", "Leia também")."""
    return len(text) <= 60 and _HEADER_END.sub("", text.lower()) in _list_headers()


@cache
def _stoplist(language: str | None) -> frozenset[str]:
    name = _stoplist_names().get(language or "")
    return frozenset(word.lower() for word in justext.get_stoplist(name)) if name else frozenset()


def _ends_sentence(text: str) -> bool:
    return text[-1] in _SENTENCE_END


def _link_marked(text: str) -> bool:
    return _LINK_MARK.match(text) is not None


def _has_separator(text: str) -> bool:
    """Whether one of _SEPARATORS' characters is in the text: four substring scans in C, where
    a set of the text's characters costs a hash per character."""
    return "|" in text or "/" in text or "•" in text or "·" in text


def _link_like(text: str, count: int) -> bool:
    """A label, a menu row or a link title rather than a sentence (`count` words); a line
    marked as a link ("» More from the columnist") is one whatever follows (_link_marked)."""
    if _has_separator(text) and _SEPARATORS.search(text):
        return count < 25
    if _ends_sentence(text) or count > 20:
        return False
    if count <= 3:
        return True
    capitalised = sum(1 for word in text.split() if word[0].isupper())
    return capitalised >= 0.6 * count


def _classify(page: _Page, stoplist: frozenset[str]) -> list[str]:
    """jusText's classes ("good"/"bad") for each paragraph text.

    A short line the page prints again and again ("Share on WhatsApp Facebook", "Read more")
    is a widget, never a heading, however long the paragraph under it.
    """
    texts, counts, ends = page.texts, page.words, page.ends
    repeats = Counter(text for text, count in zip(texts, counts, strict=True) if count <= 15)
    repeated = {text for text, seen in repeats.items() if seen >= _REPEATED_LINE}
    repeated = {text for text in repeated if text[-1] not in _SENTENCE_END}
    paragraphs = []
    last = len(texts) - 1
    for position, text in enumerate(texts):
        following = counts[position + 1] if position < last else 0
        titled = text in repeated or _link_marked(text)
        heading = not titled and not ends[position] and counts[position] <= 15 and following >= 15
        lower = text.lower()
        # The consent scan reads the whole line: the cheaper shape tests go first.
        chrome = titled or (not heading and _link_like(text, counts[position])) or _notice(lower)
        paragraphs.append(_Paragraph(text, lower, heading=heading, link_like=chrome))
    if stoplist:
        classify_paragraphs(paragraphs, stoplist, length_low=LENGTH_LOW, length_high=LENGTH_HIGH)
    else:  # no stop-word list for this language: length and shape only, at jusText's floor
        classify_paragraphs(
            paragraphs,
            frozenset(),
            length_high=LENGTH_HIGH,
            stopwords_low=0.0,
            stopwords_high=0.0,
        )
    revise_paragraph_classification(paragraphs)
    return [
        WIDGET if text in repeated else paragraph.class_type
        for text, paragraph in zip(texts, paragraphs, strict=True)
    ]


def _best_run(page: _Page, classes: Sequence[str]) -> tuple[int, int] | None:
    """[start, end) of the stretch with most good words net of the chrome inside it.

    Only the first len(classes) paragraphs are read (the comment thread is cut off).
    """
    best: tuple[float, int, int] | None = None
    best_total = 0.0
    total, start = 0.0, 0
    prose_before = False
    words_of, ends = page.words, page.ends
    for position, kind in enumerate(classes):
        if kind == "good":
            if total <= 0:
                total, start = 0.0, position
            # Prose ends its sentences; a teaser's blurb or a label does not, so it may sit
            # inside the report (a subhead) but does not make a stretch the report.
            # A report's paragraphs follow one another; a teaser list puts a title between
            # every blurb, so a paragraph after a non-prose line counts for half.
            if ends[position]:
                total += (
                    words_of[position] if prose_before else words_of[position] * _ISOLATED_SHARE
                )
                prose_before = True
            else:
                prose_before = False
            if best is None or total > best_total:
                best, best_total = (total, start, position + 1), total
        elif kind == WIDGET:
            # An ad slot or share bar between two paragraphs does not part them, but the
            # dates and labels of a teaser list repeat too: it costs a little.
            total -= _CHROME_COST
        else:
            total -= min(words_of[position], _CHROME_CAP) + _CHROME_COST
            prose_before = False
    return (best[1], best[2]) if best else None


def _prose_pairs(page: _Page, classes: Sequence[str], start: int, end: int) -> int:
    """How many prose paragraphs of a run follow another one (widget lines between)."""
    pairs = 0
    previous_prose = False
    for position in range(start, end):
        if classes[position] == WIDGET:
            continue
        prose = classes[position] == "good" and page.ends[position]
        pairs += prose and previous_prose
        previous_prose = prose
    return pairs


def _teaser_list(page: _Page, classes: Sequence[str], start: int, end: int) -> bool:
    """A run of blurbs each under its own title line: a teaser or quote list, not a report.

    A report's paragraphs follow one another; in a list every blurb has a link title (or a
    share bar) above it, so no two prose paragraphs touch. One paragraph alone is a brief.
    (Called with the classes as jusText revised them, which rescues headings, not titles.)
    """
    prose = [
        position
        for position in range(start, end)
        if classes[position] == "good" and page.ends[position]
    ]
    if len(prose) < 2 or _prose_pairs(page, classes, start, end):
        return False
    # A subhead above each paragraph (a round-up of deals, a listicle) reads as a heading,
    # and one chrome line repeated between paragraphs ("Advertisement") is the report's
    # ad slots: only a different chrome line (a link title) above every blurb makes a list.
    above = [page.texts[position - 1] for position in prose if position > 0]
    under_titles = len(above) == len(prose) and len(set(above)) == len(above)
    return under_titles and all(classes[position - 1] == "bad" for position in prose)


def _page_footer(page: _Page, classes: Sequence[str], start: int, end: int) -> int | None:
    """Where the site footer starts in a run that ends at the page's rights notice at the very
    end of the page (None if it does not): its disclaimers (terms, trademarks, medical or
    investment notices) read like prose. The footer is what follows the last stretch of
    chrome in the run before the notice; the report above that stretch is not the footer's.
    A wire report's own notice ("© 2019 Associated Press") ends the report, with the page's
    comments, teasers and footer still below it: it is not at the page's end.
    """
    length = len(page.texts)
    edge = _FOOTER_SHARE * length
    for position in range(max(start, end - 2, math.ceil(edge)), min(len(classes), end + 2)):
        if page.words[position] <= _RIGHTS_MAX_WORDS and _RIGHTS.search(page.texts[position]):
            for inside in range(min(position, end) - 1, start, -1):
                if classes[inside] == "bad" and classes[inside - 1] == "bad":
                    return inside + 1
            return start
    return None


def _article_run(page: _Page, classes: Sequence[str]) -> tuple[int, int] | None:
    """The best run that is neither a teaser list, nor a list under a "related" header, nor
    the page footer.

    Such a run is set aside and the next best is looked for; a list with nothing else on the
    page is no article, a footer with nothing else is kept (a bare page of notices).
    """
    classes = list(classes)
    run = _best_run(page, classes)
    for _ in range(_RETRIES):
        if run is None:
            return None
        start, end = run
        listed = _teaser_list(page, classes, start, end) or _under_list_header(page, classes, start)
        footer = None if listed else _page_footer(page, classes, start, end)
        if not listed and footer is None:
            return run
        cut = start if footer is None else footer
        classes[cut:end] = ["bad"] * (end - cut)
        following = _best_run(page, classes)
        if following is None or _run_words(page, classes, following) < MIN_ARTICLE_WORDS:
            return None if listed else run
        run = following
    return run


def _under_list_header(page: _Page, classes: Sequence[str], start: int) -> bool:
    """A run that opens right under a "You may also like" header (share bars between)."""
    for position in range(start - 1, -1, -1):
        if classes[position] != WIDGET:
            return list_header(page.texts[position])
    return False


def _run_words(page: _Page, classes: Sequence[str], run: tuple[int, int]) -> int:
    start, end = run
    return sum(page.words[i] for i in range(start, end) if classes[i] == "good")


def _comments_start(page: _Page, classes: Sequence[str]) -> int:
    """Where the comment thread starts: the first comment header or signature after the report.

    A comment link in the share bar above the report is not the thread: good prose must come
    before it.
    """
    prose = 0
    for position, kind in enumerate(classes):
        if prose >= MIN_ARTICLE_WORDS:
            text = page.texts[position]
            # The signature pattern reads only lines of at most 90 characters ending in ":".
            if len(text) <= 90 and text[-1] == ":" and _COMMENT_SIGNATURE.match(text):
                return position
            # A header alone is also a link in a share bar ("Join the conversation"): it
            # ends the report only after more than a brief's worth of prose.
            if prose >= 3 * MIN_ARTICLE_WORDS and _COMMENT_HEADER.match(text):
                return position
        if kind == "good" and page.ends[position]:
            prose += page.words[position]
    return len(classes)


def _wrap_width(lines: Sequence[str]) -> int:
    """The column a hard-wrapped dump (lynx, html2text) fills its lines to, or 0 if it has none.

    A wrapping tool fills every line of a paragraph to within a word of one width, so many
    lines end just short of it; free text has no such edge.
    """
    lengths = [len(line.rstrip()) for line in lines if len(line.strip()) >= 20]
    fitting = [length for length in lengths if length <= _MAX_WRAP]
    if len(fitting) < 10 or len(fitting) < 0.9 * len(lengths):
        return 0
    width = max(fitting)
    near_edge = sum(width - _WRAP_SLACK <= length for length in fitting)
    return width if near_edge >= 0.3 * len(fitting) else 0


def _unwrap(text: str) -> str:
    """A hard-wrapped dump's paragraphs on one line each.

    A line break is a wrap exactly when the next line's first word would not have fitted on
    the line: that is how a wrapping tool fills lines, so it holds in any language with spaces.
    """
    lines = text.splitlines()
    width = _wrap_width(lines)
    if not width:
        return text
    out: list[str] = []
    previous = ""  # the last physical line, which decides whether the next one continues it
    previous_end = ""  # the same without trailing spaces
    for line in lines:
        stripped = line.strip()
        if previous_end and stripped and not _BULLET.match(stripped):
            # A full line that ends a sentence may end a paragraph in a dump without blank
            # lines between blocks; keeping it apart costs a paragraph split at worst.
            ends = previous_end[-1] in _SENTENCE_END and not _ABBREVIATION.search(previous)
            first = stripped.split(None, 1)[0]
            if not ends and len(previous_end) + 1 + len(first) > width:
                out[-1] = f"{out[-1].rstrip()} {stripped}"
                previous, previous_end = line, line.rstrip()
                continue
        out.append(line)
        previous, previous_end = line, line.rstrip()
    return "\n".join(out)


def locate_article(text: str) -> LocatedArticle | None:
    """The dump's article stretch (head lines included), or None when it has no article."""
    page = _Page.of(paragraph_units(_unwrap(text)))
    texts = page.texts
    if not texts:
        return None
    language = detect_language(_language_sample(page))
    total_words = sum(page.words)
    if total_words < MIN_ARTICLE_WORDS:
        # Too short to be a page with chrome around an article: the cleaner and min_words
        # judge it as it is (and say how short it is).
        return LocatedArticle(text="\n\n".join(texts), language=language, words=total_words)
    classes = _classify(page, _stoplist(language))
    cut = _comments_start(page, classes)
    run = _article_run(page, classes[:cut])
    if run is None:
        return None
    start, end = run
    for position in range(start + 1, end):
        if _COMMENT_HEADER.match(texts[position]):
            end = position
            break
    kept = [position for position in range(start, end) if classes[position] == "good"]
    words = sum(page.words[position] for position in kept)
    if words < MIN_ARTICLE_WORDS:
        return None
    head = []
    for position in range(start - 1, max(-1, start - 1 - _HEAD_UNITS), -1):
        if classes[position] == "good" or page.words[position] > 60:
            break
        if classes[position] != WIDGET:  # a share bar or ad slot is not the headline
            head.append(texts[position])
    body = [texts[position] for position in kept]
    return LocatedArticle(
        text="\n\n".join([*reversed(head), *body]), language=language, words=words
    )
