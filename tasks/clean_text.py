"""Plain-text article cleaner: the report's own text, without the page chrome around it.

Input is article text as a person would copy it from a page (``source="text"``) or as
trafilatura extracted it (``source="html"``). Output is a :class:`CleanedText` whose body holds
only the report, plus the metadata the chrome gave away (title, publisher, author, published_at)
and an audit trail of every dropped line. Nothing here is specific to one outlet: rules key on
the *shape* of chrome, so other outlets' chrome is caught too.

How it works
------------
1. **Units.** Lines are split at ``\n``, ``\r\n`` and ``\r``; blank lines separate blocks.
   Inside a block each line is its own paragraph unless the block is hard-wrapped (lines filled
   to a common width) or a line plainly continues on the next (no closing punctuation, next line
   starts lower-case). A paragraph ("unit") is what gets classified; its lines share its fate.
2. **Features per unit**: word count; whether it ends like a sentence; its first word; reader
   address (we/our/us/you/your outside quotation marks, so a quoted "we need your help" is not
   an address); call-to-action openings (sign up, subscribe, support, donate, click, follow …);
   appeal, newsletter and attribution ("said", "told") vocabulary; list-item shape; stop-word
   share. Word lists are set lookups, and each rule is gated by a cheap word-set or first-word
   test, so an ordinary report sentence never reaches the regular expressions.
3. **Intrinsic rules** (anywhere in the text) catch chrome with a recognisable shape: calls to
   action, newsletter boxes, salutations to readers, comment-section headers, syndication and
   rights notices, "By …"/"Reporting by …" bylines, CMS timestamp lines (a date plus at most a
   few non-date words), bracketed broadcast-script markers, link/share/advertisement widgets.
   A call to action that reports speech ("…, one analyst said") is not one.
4. **Zones.** Chrome comes in clusters. An appeal, newsletter or related-links line opens a
   zone that extends over the lines after it. Mid-text a zone takes only lines that are chrome
   on their own evidence (a verdict, a call to action, reader address plus money or sign-up
   words, links under a links header); the first other line closes it, so the report resumes.
   When the zone runs to the end of the text it also takes lines that merely address the
   reader or are short widget words ("Monthly", "Continue"), unless such sentences outnumber
   the report before it (a chatty column is not an appeal); in text mode one prose line wedged
   between chrome lines goes too. A comment-section header after the report opens a zone to
   the end: comments read like prose, so nothing after the header is trusted (a bare
   "Comments" counts only in the last part of the text).
5. **Position.** The head (before the first report paragraph) may hold the title, section
   labels, photo credits, bylines and date lines; the tail (after the last report paragraph)
   may hold author bios, contact and follow lines, contributed-reporting notes and, in text
   mode, stray short widget words; a long closing paragraph that opens with a follow line or an
   appeal goes with its opener (the disclaimers after it are the promo's). These shapes are
   accepted only there, so "Lee Min-ji is a reporter for the Korea Times" mid-story is kept,
   and so is any sentence about a *former* reporter.

Repetition is deliberately not a rule: broadcast speaker captions ("Hong Min / Korea
Institute …") legitimately repeat, and a later extractor needs them as quote speakers.

``source="html"`` (text already extracted by trafilatura, which supplies title/author/date)
applies steps 1-4, tail bios/contact lines and head date lines, but no title detection, no
header credits, no dropping of unknown short lines and no wedged-line rule: a real sentence is
never removed on weak evidence there.

Metadata: the title is the first headline-shaped head line (a leading program tag such as
"[News Today] " removed), else a syndication footer's; publisher comes from a syndication
footer, a rights notice, a wire dateline, a byline's outlet or the name an appeal keeps
repeating; author from "By …", "Reporting by …", a bio or a Korean "… 기자" line;
published_at from a timestamp line (a "published" stamp over an unlabeled one over "updated"),
as printed, naive.

Dropped-line reasons
--------------------
appeal            donation/membership/subscription asks and the payment widgets inside them
newsletter        sign-up boxes, their blurbs and fine print
comments          a reader-comment header and everything after it
syndication       "The post … appeared first on …", "originally published", rights notices
byline            author lines, bios, contact/tip lines, "Reporting by …; Editing by …"
timestamp         CMS published/updated lines, bare date lines, "N hours ago", age banners
broadcast_marker  script cues such as [LEAD], [Anchor Lead], (END)
dateline          a line that is only a wire dateline such as "SEOUL (CNN) —"
widget            share/follow/print buttons, "Read more"/"Related:" links, ads, separators,
                  section labels and counters
credit            photo/video credit lines
title             the headline (text mode only)
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from tasks.records import CleanedText, DroppedLine, InputKind

APPEAL = "appeal"
NEWSLETTER = "newsletter"
COMMENTS = "comments"
SYNDICATION = "syndication"
BYLINE = "byline"
TIMESTAMP = "timestamp"
BROADCAST_MARKER = "broadcast_marker"
DATELINE = "dateline"
WIDGET = "widget"
CREDIT = "credit"
TITLE = "title"

# --------------------------------------------------------------------------------------------
# Lexical features
# --------------------------------------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n?")
_SPACE = re.compile(r"\s+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_LIST_ITEM = re.compile(r"^(?:[-–•*·▪►]|\d{1,2}[.)])\s")
_ONLY_PUNCT = re.compile(r"^[\W_]+$")

# Quoted speech is the report's sources talking, not the outlet addressing its readers.
_QUOTE_CHARS = frozenset('"“”«»„‘')
_QUOTED = re.compile(r"“[^“”]*”|\"[^\"]*\"|«[^«»]*»|„[^„“”]*[“”]|‘(?:[^‘’]|’(?=\w))*’(?!\w)")
_OPEN_QUOTE = re.compile(r"[“\"«„].*$")
# Edge punctuation stripped from whitespace-split words; hyphens inside words stay, so
# "one-off" and "reader-funded" remain one token. Contractions are listed as such.
_EDGE_PUNCT = string.punctuation + "‘’“”«»„…—–·•‹›「」『』（）［］：；，。！？、"


def _set(words: str) -> frozenset[str]:
    """A word list written as one string, for readability."""
    return frozenset(words.split())


def _words(lower: str) -> list[str]:
    return [word.strip(_EDGE_PUNCT) for word in lower.split()]


_GATE_LEADS = ("", "(", '"', "“", "‘", "'", "[")
_GATE_TRAILS = ("", ".", ",", ":", ";", "!", "?", ")", '"', "”", "’", "'", "]", "…", ".”", ",”")


def _gate(words: str) -> frozenset[str]:
    """Gate words plus the forms punctuation leaves them in after a plain split().

    A unit's gate test is then one set intersection with its split() words, so the common
    report sentence skips the costlier rules without any regular expression running on it.
    """
    base = words.split()
    return frozenset(
        [f"{lead}{word}{trail}" for word in base for lead in _GATE_LEADS for trail in _GATE_TRAILS]
    )


# Lexicons are matched per token (a set lookup) or, for phrases, as lower-case substrings:
# far cheaper than one regex alternation per feature, which matters at thousands of texts/s.
def _with_contractions(words: str, endings: str) -> frozenset[str]:
    base = words.split()
    return frozenset(
        base
        + [f"{word}{mark}{ending}" for word in base for mark in "'’" for ending in endings.split()]
    )


_ADDRESS_WORDS = _with_contractions(
    "we our ours us you your yours yourself yourselves", "re ve ll d"
)
_SELF_WORDS = _with_contractions("i me my", "m ve ll d")
_US = re.compile(r"\bus\b")
_APPEAL_TOKENS = _set(
    """support supporting supporter supporters donate donates donated donating donation
    donations donor donors contribute contributing contribution contributions journalism
    reader-funded reader-supported member members membership memberships paywall paywalls
    subscribe subscribed subscribing subscriber subscribers subscription subscriptions funding
    one-off one-time monthly annual annually payment payments premium unlock
    proposition"""
)
_APPEAL_PHRASES = (
    "make a difference",
    "world of difference",
    "your help",
    "thank you",
    "free to read",
    "per month",
)
# Words that make an address to the reader an ask for money rather than a chatty sentence.
_ASK_TOKENS = _set(
    """donate donates donating donation donations contribution contributions journalism
    reader-funded reader-supported membership paywall subscribe"""
)
_ASK_PHRASES = ("your help", "your support", "support us", "support our")
_NEWSLETTER_TOKENS = _set(
    """newsletter newsletters inbox mailbox unsubscribe briefing subscription signup
    뉴스레터 구독"""
)
_NEWSLETTER_PHRASES = (
    "sign up",
    "signing up",
    "signed up",
    "email address",
    "e-mail address",
    "privacy policy",
    "privacy notice",
    "terms of use",
    "terms of service",
    "delivered to you",
)
# First words the anchored patterns can start with: a set lookup spares the regex call.
_CTA_FIRST = _set(
    """please support donate subscribe contribute join become give chip help sign signup sign-up
    log login register get download follow share click tap read watch listen try start upgrade
    unlock remind continue don't don’t never see enter choose select keep consider like"""
)
_CTA = re.compile(
    r"^(?:please\s+)?(?:support|donate|subscribe|contribute|join|become|give|chip in|help us"
    r"|sign ?up|sign in|log ?in|register|get|download|follow|share|click|tap|read|watch|listen"
    r"|try|start|upgrade|unlock|remind me|continue reading|don['’]t miss|never miss|see more"
    r"|enter your|choose|select|keep reading|consider|like this)\b",
    re.IGNORECASE,
)
_STOPWORDS = _set(
    "a about after against all also an and are as at be been before but by can could did do "
    "does for from had has have he her his how if in into is it its more most no not of on "
    "one or other our out over said says she so some than that the their them then there "
    "these they this those to under up was were what when where which while who will with "
    "would"
)


@dataclass(slots=True)
class _Lexicon:
    address: int = 0  # we/our/us/you/your outside quotes
    self_refs: int = 0  # I/me/my outside quotes
    appeal: int = 0
    ask: int = 0
    newsletter: int = 0


@dataclass(slots=True)
class _Unit:
    """One paragraph of the input, with the features the rules read.

    Word-list features are computed on first use: most report paragraphs are decided by cheap
    shape checks and never need them.
    """

    index: int
    line_nos: tuple[int, ...]
    lines: tuple[str, ...]
    text: str
    lower: str
    words: int
    terminal: bool
    list_item: bool
    tokens: frozenset[str]  # lower-case whitespace-separated words, punctuation attached
    first: str  # first word, lower-case, without brackets, quotes or trailing punctuation
    _lex: _Lexicon | None = None
    _cta: bool | None = None

    @property
    def lex(self) -> _Lexicon:
        if self._lex is None:
            self._lex = _lexicon(_unquoted(self.text))
        return self._lex

    @property
    def address(self) -> int:
        return self.lex.address

    @property
    def self_refs(self) -> int:
        return self.lex.self_refs

    @property
    def appeal_words(self) -> int:
        return self.lex.appeal

    @property
    def ask_words(self) -> int:
        return self.lex.ask

    @property
    def newsletter_words(self) -> int:
        return self.lex.newsletter

    @property
    def cta(self) -> bool:
        """Opens with a call to action (sign up, support, click, follow …)."""
        if self._cta is None:
            self._cta = (
                self.words <= 25 and self.first in _CTA_FIRST and bool(_CTA.match(self.text))
            )
        return self._cta

    @property
    def prose(self) -> bool:
        """Reads like a sentence of running text rather than a label or a link."""
        return (self.words >= 6 and self.terminal) or self.words >= 20

    @property
    def fragment(self) -> bool:
        return not self.prose and self.words <= 15

    @property
    def chromy(self) -> bool:
        """Talks to the reader or sells something: evidence of chrome, not proof."""
        return bool(self.address or self.appeal_words or self.newsletter_words or self.cta)

    def mentions(self, gate: frozenset[str]) -> bool:
        """Cheap word-set gate in front of the costlier rules (see the `_*_GATE` sets)."""
        return not gate.isdisjoint(self.tokens)


def _unquoted(text: str) -> str:
    if _QUOTE_CHARS.isdisjoint(text):
        return text
    text = _QUOTED.sub(" ", text)
    return _OPEN_QUOTE.sub(" ", text)


_LEXICON_TOKENS = (
    _ADDRESS_WORDS | {"us"} | _SELF_WORDS | _APPEAL_TOKENS | _ASK_TOKENS | _NEWSLETTER_TOKENS
)
# A phrase can only occur where its first word does: skip the substring counts otherwise.
_PHRASE_HINTS = frozenset(
    phrase.split()[0] for phrase in _APPEAL_PHRASES + _ASK_PHRASES + _NEWSLETTER_PHRASES
)


_CLOSERS = "\"'”’»)]"
_SENTENCE_END = frozenset(".!?…。！？")


def _ends_sentence(text: str) -> bool:
    """Closed by sentence punctuation, allowing closing quotes or brackets after it."""
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _ends_with_period(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return stripped.endswith(".")


def _lexicon(own: str) -> _Lexicon:
    counts = _Lexicon()
    lowered = own.lower()
    tokens = _words(lowered)
    present = _LEXICON_TOKENS.intersection(tokens)
    for word in present:
        hits = tokens.count(word)
        if word == "us":
            hits = len(_US.findall(own))  # "US" is a country, not the reader
        if word in _ADDRESS_WORDS:
            counts.address += hits
        elif word in _SELF_WORDS:
            counts.self_refs += hits
        if word in _APPEAL_TOKENS:
            counts.appeal += hits
        if word in _ASK_TOKENS:
            counts.ask += hits
        if word in _NEWSLETTER_TOKENS:
            counts.newsletter += hits
    if _PHRASE_HINTS.intersection(tokens):
        counts.appeal += _count_phrases(lowered, _APPEAL_PHRASES)
        counts.ask += _count_phrases(lowered, _ASK_PHRASES)
        counts.newsletter += _count_phrases(lowered, _NEWSLETTER_PHRASES)
    return counts


def _count_phrases(lowered: str, phrases: Sequence[str]) -> int:
    return sum(lowered.count(phrase) for phrase in phrases)


_BULLETS = frozenset("-–•*·▪►")
_FIRST_STRIP = "[(【<\"“‘'-–•*:.,!?)]】>"


def _first_word(words: Sequence[str]) -> str:
    """ "[사진=Yonhap]" -> "사진", "Photo:" -> "photo", "“Read" -> "read"."""
    if words and words[0] in _BULLETS:
        words = words[1:]  # "- Order Reprints": the bullet is not the first word
    if not words:
        return ""
    first = words[0].lower().strip(_FIRST_STRIP)
    return first.partition("=")[0].partition(":")[0]


def _make_unit(index: int, line_nos: Sequence[int], lines: Sequence[str]) -> _Unit:
    words = (lines[0] if len(lines) == 1 else " ".join(lines)).split()
    text = " ".join(words)
    lower = text.lower()
    return _Unit(
        index=index,
        line_nos=tuple(line_nos),
        lines=tuple(lines),
        text=text,
        lower=lower,
        words=len(words),
        terminal=_ends_sentence(text),
        list_item=bool(_LIST_ITEM.match(text)),
        tokens=frozenset(lower.split()),
        first=_first_word(words),
    )


def _stopword_share(text: str) -> float:
    tokens = [token.strip(".,;:!?\"'“”‘’()").lower() for token in text.split()]
    if not tokens:
        return 0.0
    return sum(token in _STOPWORDS for token in tokens) / len(tokens)


# --------------------------------------------------------------------------------------------
# Paragraph building
# --------------------------------------------------------------------------------------------


def _split_lines(text: str) -> list[str]:
    return _NEWLINES.sub("\n", unicodedata.normalize("NFC", text)).split("\n")


def _is_blank(line: str) -> bool:
    stripped = line.strip()
    if len(stripped) > 4:
        return False
    return not stripped or not _INVISIBLE.sub("", stripped).strip()


def _blocks(lines: Sequence[str]) -> list[list[int]]:
    """Runs of non-blank line numbers separated by blank lines."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for line_no, line in enumerate(lines):
        if _is_blank(line):
            if current:
                blocks.append(current)
                current = []
        else:
            current.append(line_no)
    if current:
        blocks.append(current)
    return blocks


def _joins_next(line: str, following: str, *, wrapped_width: int) -> bool:
    """Whether the break after `line` is a wrap inside a paragraph rather than a new paragraph."""
    stripped, nxt = line.strip(), following.strip()
    if wrapped_width and len(stripped) >= 0.75 * wrapped_width:
        return True
    if _ends_sentence(stripped) or stripped.endswith(":") or len(stripped) < 30:
        return False
    return bool(nxt) and nxt[0].islower() and len(stripped.split()) >= 5


def _wrap_width(lines: Sequence[str]) -> int:
    """The common width of a hard-wrapped block, or 0 when the block is not hard-wrapped."""
    if len(lines) < 2:
        return 0
    lengths = [len(line.strip()) for line in lines]
    width = max(lengths)
    if width > 100 or width < 30:
        return 0
    filled = sum(length >= 0.6 * width for length in lengths[:-1])
    return width if filled >= 0.8 * (len(lines) - 1) else 0


def _paragraph_chunks(lines: Sequence[str]) -> Iterator[tuple[list[int], list[str]]]:
    """Each paragraph's line numbers and lines."""
    for block in _blocks(lines):
        texts = [lines[line_no] for line_no in block]
        width = _wrap_width(texts)
        start = 0
        for offset in range(len(block)):
            last = offset == len(block) - 1
            if last or not _joins_next(texts[offset], texts[offset + 1], wrapped_width=width):
                yield block[start : offset + 1], texts[start : offset + 1]
                start = offset + 1


def _paragraphs(lines: Sequence[str]) -> list[_Unit]:
    return [
        _make_unit(index, line_nos, chunk)
        for index, (line_nos, chunk) in enumerate(_paragraph_chunks(lines))
    ]


def paragraph_units(text: str) -> list[str]:
    """The text's paragraphs as the cleaner sees them: hard wraps re-joined, blocks split."""
    return [" ".join(" ".join(chunk).split()) for _, chunk in _paragraph_chunks(_split_lines(text))]


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"
_NUMERIC_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*[-./년]\s*(?P<m>\d{1,2})\s*[-./월]\s*(?P<d>\d{1,2})"
    r"(?!\d)(?:\s*[.일])?(?:\s*\(\w{1,3}\))?"
)
_SLASH_DATE = re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2})(?![\d/])")
_NAMED_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+(?P<d1>\d{{1,2}}){_ORD},?\s+(?P<y1>(?:19|20)\d{{2}})"
    rf"|(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH.replace('mon', 'mon2')},?\s+"
    r"(?P<y2>(?:19|20)\d{2}))\b",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?:(?P<pre>오전|오후)\s*)?(?<![\d:])(?P<h>\d{1,2})(?::(?P<mi>\d{2})(?::(?P<s>\d{2}))?"
    r"(?:\s*(?P<ap>[ap]\.?m\.?))?|\s*(?P<ap2>[ap]\.?m\.?))(?![\d:])",
    re.IGNORECASE,
)
_DOT_TIME = re.compile(r"(?<![\d.])(?P<h>\d{1,2})\.(?P<mi>[0-5]\d)(?![\d.])")
_RELATIVE = re.compile(
    r"\b(?:\d+|an?|one)\s+(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?\s+ago\b"
    r"|\bjust now\b|\d+\s*(?:초|분|시간|일)\s*전",
    re.IGNORECASE,
)
_PUBLISHED_LABEL = re.compile(
    r"\b(?:first\s+)?(?:published|posted|created|issued|date(?:d)?|pub(?:lished)?\s+date)\b"
    r"(?:\s+(?:on|at))?\s*:?|기사입력|입력|등록|송고",
    re.IGNORECASE,
)
_UPDATED_LABEL = re.compile(
    r"\b(?:last\s+)?(?:updated|modified|edited|revised)\b(?:\s+(?:on|at))?\s*:?|최종\s*수정|수정",
    re.IGNORECASE,
)
_DATE_FILLER = re.compile(
    r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b\.?"
    r"|\b(?:[A-Z]{1,2}[SD]?T|UTC|GMT|KST|JST|ET|PT|CT|[+-]\d{2}:?\d{2})\b"
    r"|\b(?:at|on|and|this article is more than|old|time|local)\b|[|/·•,:()\[\]–—-]",
    re.IGNORECASE,
)
_LABEL_INITIALS = frozenset("pucfdilmert입등기송수최")  # first letters of labels and the banner
_AGE_BANNER = re.compile(r"^this article is more than \w+ (?:years?|months?) old$", re.I)


@dataclass(slots=True)
class _Stamp:
    published: datetime | None = None
    updated: datetime | None = None
    undated: datetime | None = None


def _date_spans(text: str) -> list[tuple[int, int, tuple[int, int, int]]]:
    spans: list[tuple[int, int, tuple[int, int, int]]] = []
    for match in _NUMERIC_DATE.finditer(text):
        ymd = (int(match["y"]), int(match["m"]), int(match["d"]))
        spans.append((match.start(), match.end(), ymd))
    for match in _SLASH_DATE.finditer(text):
        first, second = int(match["a"]), int(match["b"])
        month, day = (second, first) if first > 12 else (first, second)  # US order unless not
        spans.append((match.start(), match.end(), (int(match["y"]), month, day)))
    for match in _NAMED_DATE.finditer(text):
        month = _MONTHS[(match["mon"] or match["mon2"]).lower()]
        if match["d1"]:
            ymd = (int(match["y1"]), month, int(match["d1"]))
        else:
            ymd = (int(match["y2"]), month, int(match["d2"]))
        spans.append((match.start(), match.end(), ymd))
    return sorted(spans)


def _time_of(text: str) -> tuple[int, int, int] | None:
    match = _TIME.search(text)
    if match is None:
        dotted = _DOT_TIME.search(text)  # "06.12 BST" as the Guardian prints it
        return (
            (int(dotted["h"]), int(dotted["mi"]), 0) if dotted and int(dotted["h"]) < 24 else None
        )
    hour, minute, second = int(match["h"]), int(match["mi"] or 0), int(match["s"] or 0)
    meridiem = (match["ap"] or match["ap2"] or "").lower().replace(".", "")
    if match["pre"] == "오후" or meridiem == "pm":
        hour = hour + 12 if hour < 12 else hour
    elif (match["pre"] == "오전" or meridiem == "am") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def _datetime_in(segment: str) -> datetime | None:
    """The first date in a segment, with the time printed next to it; naive, as printed."""
    spans = _date_spans(segment)
    if not spans:
        return None
    start, end, (year, month, day) = spans[0]
    clock = _time_of(segment[end:]) or _time_of(segment[:start]) or (0, 0, 0)
    try:
        return datetime(year, month, day, *clock)
    except ValueError:
        return None


def _stamp_of(text: str) -> _Stamp:
    """Published/updated datetimes of a timestamp line, split at its labels."""
    labels = sorted(
        [(m.start(), m.end(), "published") for m in _PUBLISHED_LABEL.finditer(text)]
        + [(m.start(), m.end(), "updated") for m in _UPDATED_LABEL.finditer(text)]
    )
    stamp = _Stamp()
    cuts = [(0, 0, "undated"), *labels]
    for position, (_, label_end, kind) in enumerate(cuts):
        stop = cuts[position + 1][0] if position + 1 < len(cuts) else len(text)
        value = _datetime_in(text[label_end:stop])
        if value is not None and getattr(stamp, kind) is None:
            setattr(stamp, kind, value)
    return stamp


def _residual_words(text: str, patterns: Iterable[re.Pattern[str]]) -> list[str]:
    for pattern in patterns:
        text = pattern.sub(" ", text)
    return [word for word in text.split() if any(ch.isalpha() for ch in word)]


_STAMP_PARTS = (
    _NUMERIC_DATE,
    _SLASH_DATE,
    _NAMED_DATE,
    _RELATIVE,
    _PUBLISHED_LABEL,
    _UPDATED_LABEL,
    _TIME,
    _DATE_FILLER,
)


def _is_timestamp_line(unit: _Unit, *, labeled_only: bool) -> bool:
    """A line that is a date (plus labels and at most a program name), not a sentence with one."""
    if unit.words > 20 or unit.text.startswith(("—", "–", "@")):
        return False  # "— Name (@handle) July 2, 2025" closes an embedded post: the report's
    text = unit.text.lstrip("-–•* ")
    if labeled_only and text[:1].lower() not in _LABEL_INITIALS:
        return False
    labeled = _starts_with_label(text)
    if labeled_only and not labeled:
        return bool(_AGE_BANNER.match(text))
    if _AGE_BANNER.match(text):
        return True
    if "@" in text and _HANDLE.search(text):
        return False
    dates = len(_date_spans(text))
    if dates > 1 and not labeled:
        return False  # "29 November 2018 | 20 January 2019" is a date range, not a CMS stamp
    has_date = dates > 0
    relative = unit.words <= 6 and bool(_RELATIVE.search(text))
    if not (has_date or relative or (labeled and _TIME.search(text))):
        return False
    # A label admits a program name ("… News Today"); a bare date line only a place or two.
    return len(_residual_words(text, _STAMP_PARTS)) <= (3 if labeled else 2)


def _starts_with_label(text: str) -> bool:
    return bool(_PUBLISHED_LABEL.match(text) or _UPDATED_LABEL.match(text))


# --------------------------------------------------------------------------------------------
# Metadata found while classifying
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Found:
    """Metadata one rule read from a chrome line; merged by priority afterwards."""

    title: str | None = None
    publisher: str | None = None
    publisher_rank: int = 9  # lower wins: 0 syndication, 1 rights notice, 2 dateline
    author: str | None = None
    author_rank: int = 9  # 0 "By", 1 "Reporting by", 2 bio, 3 Korean 기자 line
    stamp: _Stamp | None = None


@dataclass(slots=True)
class _Verdict:
    reason: str
    found: _Found = field(default_factory=_Found)


# --------------------------------------------------------------------------------------------
# Names (bylines, publishers)
# --------------------------------------------------------------------------------------------

_PARTICLES = r"(?:de|da|van|von|der|den|bin|binti|al|el|la|le|di|du|del|dos|das|ibn|ter|ten|y)"
_NAME_TOKEN = rf"(?:[A-Z][\w'’.-]*|{_PARTICLES})"
_NAME = rf"[A-Z][\w'’.-]*(?:\s+{_NAME_TOKEN}){{0,4}}"
_FULL_NAME = rf"[A-Z][\w'’.-]*(?:\s+{_NAME_TOKEN}){{1,4}}"
# "By X, Y and Z, CNN": a one-word tail after a comma is the outlet, not another author.
_NAMES = (
    rf"(?P<names>{_NAME}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*){_FULL_NAME}){{0,5}}"
    rf"|{_NAME}\s+and\s+{_NAME})"
)
_BY = re.compile(
    rf"^\(?(?i:by|words by|story by|written by|text by|posted by|reported by)\s+{_NAMES}"
    r"(?P<rest>.*)$",
)
_BY_ANYWHERE = re.compile(r"\b[Bb][Yy]\s+[A-Z]")
_DATE_ZONES = re.compile(r"\b(?:[A-Z]{1,2}[SD]?T|UTC|GMT|KST|JST|ET|PT)\b")
_ROLE_WORDS = _set(
    "correspondent reporter reporters editor editors writer writers staff contributor "
    "columnist journalist producer photographer analyst bureau chief senior political "
    "diplomatic defense defence foreign business national international security news desk "
    "special for in of at the and to with associated press wire service services digital "
    "managing deputy associate contributing global economics tech technology science"
)
_AFFILIATION = re.compile(r"^\s*[,|–—-]\s*(?P<outlet>[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,2})\s*$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|co\.kr|kr)/\S*", re.I)
_HANDLE = re.compile(r"(?<![\w.])@\w{2,}")
_PAREN = re.compile(r"\([^()]*\)")
_NOT_A_NAME = _set(
    "The A An This That These Those It He She They We You I Our Your Us Today Now Monday "
    "Tuesday Wednesday Thursday Friday Saturday Sunday Staff Free More Most"
)


def _clean_names(names: str) -> str | None:
    """Author names as a reader would write them; None for one word or a non-name."""
    names = names.strip(" ,;&")
    first = names.split()[0] if names else ""
    if not names or first.title() in _NOT_A_NAME or len(names.split()) < 2:
        return None
    if names.isupper():  # "BY KIM TONG-HYUNG": capitals are typography, not the name
        names = " ".join(word if word.lower() == "and" else word.title() for word in names.split())
        names = names.replace(" And ", " and ")
    return names


def _role_tail(rest: str) -> bool:
    """The rest of a byline: an affiliation or role ("Seoul correspondent", "| Reuters")."""
    rest = _EMAIL.sub(" ", _PAREN.sub(" ", rest))
    words = [w.strip(".,|–—-/:;") for w in rest.split()]
    words = [w for w in words if w]
    if len(words) > 8 or (_ends_with_period(rest.strip()) and len(words) > 3):
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in _ROLE_WORDS for w in words)


# --------------------------------------------------------------------------------------------
# Intrinsic rules: chrome with a recognisable shape, wherever it appears
# --------------------------------------------------------------------------------------------

_SYNDICATION = re.compile(
    r"^the post (?P<title>.+?) appeared first on (?P<pub>.+?)\.?$", re.IGNORECASE
)
_ORIGINALLY = re.compile(
    r"^(?:(?:this|the) (?:article|story|post|piece|report|column)\s+(?:was\s+|is\s+|first\s+)?"
    r"(?:originally\s+|first\s+)?(?:appeared|published|ran|posted|republished)"
    r"(?:\s+originally|\s+first)?|originally (?:published|appeared)|first (?:published|appeared)"
    r"|republished with permission)\s+(?:on|in|at|by|from|with)\s+(?P<pub>[^.;:]+?)"
    r"(?:\s+under\b.*|\s+on\s+\w+\s+\d.*|,.*)?[.!]?(?:\s+read the original article\.?)?$",
    re.IGNORECASE,
)
_RIGHTS_START = ("copyright", "©", "ⓒ", "(c)")
_RIGHTS_MARKS = (
    "all rights reserved",
    "무단전재",
    "무단 전재",
    "재배포",
    "may not be published",
    "may not be reproduced",
    "may not be redistributed",
)
_RIGHTS_NOISE = re.compile(
    r"copyright|©|ⓒ|\(c\)|\b(?:19|20)\d{2}\b|all rights reserved\.?|[-–,.]\s*$|무단.*$"
    r"|\s[-–]\s.*$|this material.*$",
    re.IGNORECASE,
)
_COMMENTS_FIRST = _set(
    """no one two three four five comment comments response responses replies reaction
    reactions thought thoughts leave post add write submit show view load see read join start
    reader user discussion tell 댓글 의견"""
)
_BARE_COMMENTS = re.compile(r"^(?:comments?|responses?|replies|reactions?)\W*$", re.IGNORECASE)
_COMMENTS_HEADER = re.compile(
    r"^(?:(?:\d[\d,.]*k?|no|one|two|three|four|five)\s+)?(?:comments?|responses?|replies"
    r"|reactions?|thoughts? on\b.*)(?:\s*\(\d+\))?:?$"
    r"|^(?:leave|post|add|write|submit|show|view|load|see|read)\s+(?:a|all|the)?\s*"
    r"(?:\d+\s+)?(?:reply|comments?|response)\b.{0,30}$"
    r"|^(?:join|start) the (?:discussion|conversation)\b.{0,30}$"
    r"|^(?:comments are closed|reader comments|user comments|discussion about this post"
    r"|comments powered by disqus|tell us what you think)\b.{0,20}$"
    r"|^(?:댓글|의견)\s*\d*\s*(?:개|건)?$",
    re.IGNORECASE,
)
_MARKER = re.compile(r"^[\[(【<]\s*[A-Z][A-Z0-9 &/'’.-]{0,30}[\])】>]$")
_SCRIPT_WORDS = _set(
    """anchor lead report reporter pkg package standup stand-up interview sot vo voiceover
    closing opening end soundbite bite sync nat natsound live"""
)
_CREDIT_MARKER = re.compile(r"^[\[(]\s*(?:photo|image|video|graphic|credit)\b", re.IGNORECASE)
_CREDIT_FIRST = _set(
    """main top lead header featured photo photos image images picture pictures video videos
    graphic graphics illustration illustrations photograph photographs credit credits 사진 영상
    그래픽"""
)
_CREDIT_LINE = re.compile(
    r"^[\[(]?\s*(?:(?:main |top |lead |header |featured )?(?:photo|image|picture|video|graphic"
    r"|illustration|photograph)s?(?:\s+credits?)?|credits?|사진|영상|그래픽)\s*[:=/]",
    re.IGNORECASE,
)
_PROGRAM_TAG = re.compile(r"^[\[【]([^\]】]{1,40})[\]】]\s*")
_DATELINE = re.compile(
    r"^(?:[A-Z][\w.,'’ -]{0,40}?\s*)?\((?P<agency>[A-Z][\w&. ]{1,24})\)\s*[-–—]{1,2}$"
)
_INLINE_AGENCY = re.compile(
    r"^(?:[A-Z][\w.,'’ -]{0,60}?\s*)?"
    r"\((?P<agency>CNN|AP|AFP|Reuters|Yonhap|UPI|Bloomberg|KCNA|NK News|dpa|Xinhua|Kyodo"
    r"|Sputnik|TASS|Interfax|Anadolu)\)\s*[-–—]{1,2}\s",
)
_WIDGET_FIRST = _set(
    """share tweet print email facebook twitter whatsapp linkedin telegram copy link save
    bookmark listen advertisement skip story continue read show load see view more related
    recommended most trending top you popular explore tags topics don't don’t like reply report
    previous next back reading tempo sponsored 공유하기 좋아요 기사 구독하기 restack restacks give
    order font text latest"""
)
_WIDGET_LINE = re.compile(
    r"^(?:share(?: this(?: article| story| post)?| on \w+)?|tweet|print(?: article)?|email|"
    r"facebook|twitter|whatsapp|linkedin|telegram|copy link|link copied|save|bookmark|"
    r"listen(?: to this article)?|advertisement|skip advertisement|story continues below"
    r"(?: advertisement)?|continue reading(?: below)?|read more|show more|load more|see more|"
    r"view more|more|related|related (?:articles|stories|posts|content|coverage|topics)|"
    r"recommended|more stories|more from \w+(?: \w+)?|most read|most popular|trending|"
    r"top stories|you may also like|you might also like|popular on \w+|explore further|tags|"
    r"topics|don['’]t miss|like|like loading|reply|report|previous|next|back to top|"
    r"(?:most read|most popular|more from|more in|latest from)(?: (?:in|on|from))?"
    r"(?: [\w&'’.-]+){0,4}|"
    r"\d+\s*min(?:ute)?s? read|reading time:?.*|tempo de leitura:?.*|sponsored|"
    r"공유하기|좋아요|기사 ?공유|구독하기|\d+ likes?|restacks?|give a gift subscription|"
    r"order reprints|print article|font size|text size)[.:!…]*$",
    re.IGNORECASE,
)
_LINK_FIRST = _set(
    """also filed posted tagged category categories read related see more watch listen
    recommended explore leggi 관련기사"""
)
_LINK_PREFIX = re.compile(
    r"^also on [\w-]+\.[a-z]{2,}\b|^(?:filed under|posted in|tagged(?: with)?|categor(?:y|ies))\s*:"
    r"|^\[?(?:read more|related(?: post| article| story)?|see more|also read|see also|more|also|"
    r"also on [\w.]+|watch|listen|recommended|related coverage|read also|explore more|"
    r"leggi anche|관련기사)\s*:",
    re.IGNORECASE,
)
# Gate words: a rule runs on a line only if the line has one of its gate words (a set test),
# so the common report sentence skips the regular expressions.
_ORIGINALLY_GATE = _gate("originally first republished appeared published")
_BYLINE_GATE = _gate("by contributing 기자 특파원 앵커 논설위원 칼럼니스트")
_NEWSLETTER_GATE = _gate(
    """newsletter newsletters inbox mailbox subscribe subscribed subscriber subscribers
    subscribing subscription subscriptions unsubscribe sign signing signed signup sign-up
    briefing briefings privacy terms email e-mail delivered 뉴스레터 구독 구독하기"""
)
# What a newsletter box talks about besides signing up: a longer sentence without any of these
# is about some other sign-up (a trial, a service, a programme), not a box of chrome.
_MAIL_GATE = _gate(
    """newsletter newsletters inbox inboxes mailbox email emails e-mail e-mails unsubscribe
    briefing briefings privacy 뉴스레터"""
)
_ASK_GATE = _gate(" ".join(_ASK_TOKENS) + " help support")
_ATTRIBUTION_GATE = _gate(
    """said say says told added noted wrote according urged urges warned asked insisted argued
    claimed explained stated announced declared pleaded shouted"""
)
_ADDRESS_GATE = _gate(" ".join(_ADDRESS_WORDS))
_RIGHTS_GATE = _gate(
    "rights reserved redistributed reproduced published copyright 무단전재 무단 재배포 재배포금지"
)
_LONG_UNIT_GATE = _NEWSLETTER_GATE | _ASK_GATE
_MID_UNIT_GATE = _LONG_UNIT_GATE | _ORIGINALLY_GATE
_SELLING_VERB = re.compile(
    r"^(?:please\s+)?(?:become|subscribe|donate|contribute|sign up|upgrade|join|give)\b", re.I
)
_LINK_END = re.compile(r"\bhere\W*$", re.IGNORECASE)
_IMPERATIVE_OBJECTS = _set(
    "us our the this a an your independent quality local free now today here it more up"
)
_CLICK = re.compile(r"\bclick (?:here|to tweet)\b|\btap here\b", re.IGNORECASE)
_SOCIAL = re.compile(
    r"\b(?:twitter|facebook|instagram|youtube|tiktok|telegram|threads|bluesky|linkedin"
    r"|mastodon|whatsapp|google news|flipboard|x)\b",
    re.IGNORECASE,
)
_SIGN_UP = re.compile(
    r"\b(?:sign up (?:for|to|here|now|today)|subscribe (?:to|for|here|now|today)|enter your e-?mail"
    r"|delivered (?:to|in) your inbox|in your inbox)\b",
    re.IGNORECASE,
)
_SALUTATION_FIRST = _set("dear a to from thanks thank")
_SALUTATION = re.compile(
    r"^(?:dear (?:readers?|friends?|subscribers?)|a (?:message|note|letter) (?:from|to) "
    r"(?:our )?\w+|to our readers|from the editors?)\b.{0,60}$"
    r"|^thanks? (?:you )?for reading\b.{0,160}$",
    re.IGNORECASE,
)
_REPORTING_BY = re.compile(
    r"^\(?(?:(?:(?:additional |further )?reporting|writing|editing|compiled|translated|produced"
    r"|edited|research)\s+by\s+|contributing\s*:)",
    re.IGNORECASE,
)
_REPORTING_AUTHOR = re.compile(
    r"^\(?reporting by\s+(?P<names>.+?)(?:\s*[;)]|,?\s+(?:with|additional|editing|writing|in)"
    r"\b|$)",
    re.IGNORECASE,
)
_KOREAN_BYLINE = re.compile(
    r"^(?:\[[^\]]{1,20}\]\s*)?(?:(?P<name>[가-힣]{2,4})\s*(?:기자|특파원|앵커|논설위원|선임기자"
    r"|칼럼니스트)|(?:칼럼니스트|기자)\s+(?P<name2>[가-힣]{2,4}))(?:\s*[=/]?\s*[\w.+-]+@[\w.-]+)?\s*=?$"
)


def _syndication(unit: _Unit) -> _Verdict | None:
    match = _SYNDICATION.match(unit.text) if unit.lower.startswith("the post ") else None
    if match:
        found = _Found(
            title=match["title"].strip(), publisher=match["pub"].strip(), publisher_rank=0
        )
        return _Verdict(SYNDICATION, found)
    if unit.words > 40:
        return None
    match = _ORIGINALLY.match(unit.text) if unit.mentions(_ORIGINALLY_GATE) else None
    if match:
        return _Verdict(SYNDICATION, _Found(publisher=match["pub"].strip(), publisher_rank=0))
    if unit.words <= 30 and _is_rights_notice(unit):
        return _Verdict(SYNDICATION, _Found(publisher=_rights_holder(unit.text), publisher_rank=1))
    return None


def _is_rights_notice(unit: _Unit) -> bool:
    lower = unit.lower
    if lower.startswith(_RIGHTS_START):
        return True
    if not unit.mentions(_RIGHTS_GATE) and "©" not in lower and "ⓒ" not in lower:
        return False
    return any(mark in lower for mark in _RIGHTS_MARKS)


def _rights_holder(text: str) -> str | None:
    holder = _RIGHTS_NOISE.sub(" ", text)
    holder = _SPACE.sub(" ", holder).strip(" .,-–|·")
    words = holder.split()
    if not words or len(words) > 6 or not words[0][0].isupper():
        return None
    return holder


def _marker(unit: _Unit) -> _Verdict | None:
    if unit.words <= 15 and unit.first in _CREDIT_FIRST and _CREDIT_LINE.match(unit.text):
        return _Verdict(CREDIT)
    if unit.words > 4 or unit.text[:1] not in "[(【<":
        return None
    if _CREDIT_MARKER.match(unit.text):
        return _Verdict(CREDIT)
    if _MARKER.match(unit.text) or _script_marker(unit):
        return _Verdict(BROADCAST_MARKER)
    return None


def _script_marker(unit: _Unit) -> bool:
    """ "[Anchor Lead]", "[Pkg]": a bracketed cue made only of script words."""
    inner = unit.lower.strip("[](){}【】<> ").split()
    return bool(inner) and unit.text[-1:] in "])】>" and all(w in _SCRIPT_WORDS for w in inner)


def _dateline(unit: _Unit) -> _Verdict | None:
    dashed = unit.words <= 8 and unit.text.endswith(("-", "–", "—"))
    match = _DATELINE.match(unit.text) if dashed else None
    if match is None:
        return None
    return _Verdict(DATELINE, _Found(publisher=match["agency"].strip(), publisher_rank=2))


def _byline(unit: _Unit) -> _Verdict | None:
    if unit.words > 30 or not unit.mentions(_BYLINE_GATE):
        return None
    if _REPORTING_BY.match(unit.text):
        match = _REPORTING_AUTHOR.match(unit.text)
        author = _clean_names(match["names"]) if match else None
        return _Verdict(BYLINE, _Found(author=author, author_rank=1))
    korean = _KOREAN_BYLINE.match(unit.text)
    if korean:
        return _Verdict(BYLINE, _Found(author=korean["name"] or korean["name2"], author_rank=3))
    return _by_line(unit)


def _by_line(unit: _Unit) -> _Verdict | None:
    """ "By X", "By X and Y, Outlet", "By X | July 2, 2025" (the date is kept as published)."""
    if unit.words > 20 or not _BY_ANYWHERE.search(unit.text):
        return None
    undated = unit.text
    for pattern in (_NUMERIC_DATE, _SLASH_DATE, _NAMED_DATE, _TIME, _DATE_ZONES):
        undated = pattern.sub(" ", undated)
    match = _BY.match(_SPACE.sub(" ", undated).strip(" |·•,-–—"))
    if match is None or not _role_tail(match["rest"]):
        return None
    stamp = _stamp_of(unit.text)
    found = _Found(author=_clean_names(match["names"]), author_rank=0)
    outlet = _AFFILIATION.match(match["rest"])
    if outlet and not _ROLE_WORDS.intersection(outlet["outlet"].lower().split()):
        found.publisher, found.publisher_rank = outlet["outlet"], 2
    if stamp.published or stamp.undated or stamp.updated:
        found.stamp = stamp
    return _Verdict(BYLINE, found)


def _timestamp(unit: _Unit, *, labeled_only: bool) -> _Verdict | None:
    if not _is_timestamp_line(unit, labeled_only=labeled_only):
        return None
    return _Verdict(TIMESTAMP, _Found(stamp=_stamp_of(unit.text)))


def _labeled_timestamp(unit: _Unit) -> _Verdict | None:
    """Anywhere in the text, a date line counts only with its label ("Updated …", "입력 …")."""
    return _timestamp(unit, labeled_only=True)


def _comments_header(unit: _Unit) -> bool:
    if unit.words > 12 or not (unit.first in _COMMENTS_FIRST or unit.first[:1].isdigit()):
        return False
    return bool(_COMMENTS_HEADER.match(unit.text))


def _newsletter(unit: _Unit) -> _Verdict | None:
    """A sign-up box line: a label, a sign-up call, or a blurb promising the reader's inbox."""
    if unit.words > 60 or not unit.mentions(_NEWSLETTER_GATE) or not unit.newsletter_words:
        return None
    short_label = unit.words <= 8 and not _ends_with_period(unit.text)
    if short_label or unit.cta:
        return _Verdict(NEWSLETTER)
    if not (unit.address or unit.self_refs):
        return None  # "Residents can sign up for the evacuation programme" is news
    if unit.words > 20 and not unit.mentions(_MAIL_GATE):
        return None  # "you can sign up for a free trial, then pay $6.99 a month": shopping advice
    if unit.newsletter_words >= 2 or _SIGN_UP.search(unit.text):
        return _Verdict(NEWSLETTER)
    return None


def _appeal(unit: _Unit) -> _Verdict | None:
    """An ask: a salutation to readers, a short call to action, or "you/we" plus money words."""
    salutation = unit.first in _SALUTATION_FIRST and _SALUTATION.match(unit.text)
    if salutation and (not unit.terminal or unit.first.startswith("thank")):
        return _Verdict(APPEAL)  # "Dear readers," but not "A message from Kim was read."
    if unit.cta and _cta_is_ask(unit):
        return _Verdict(APPEAL if unit.appeal_words else WIDGET)
    if unit.mentions(_ADDRESS_GATE) and unit.mentions(_ASK_GATE) and unit.address >= 2:
        if not unit.ask_words:
            return None
        return _Verdict(APPEAL) if unit.appeal_words >= 2 else None
    return None


def _cta_is_ask(unit: _Unit) -> bool:
    """A call to action rather than a sentence that starts with the same verb."""
    if unit.words > 20 or unit.mentions(_ATTRIBUTION_GATE):
        return False  # "…, one analyst said." reports speech; it does not ask for anything
    if unit.address or unit.self_refs or unit.words <= 3 or _LINK_END.search(unit.text):
        return True
    if unit.appeal_words and _SELLING_VERB.match(unit.text):
        return True  # "Become a member to get unlimited access …"
    if unit.text.endswith("!"):
        return unit.words <= 12 and _imperative_object(unit)  # "Support The Moscow Times!"
    return unit.words <= 12 and not _ends_with_period(unit.text)


def _imperative_object(unit: _Unit) -> bool:
    """The word after the verb is what a command takes: a name, us, our, the, now …"""
    words = unit.text.split()
    second = words[1] if len(words) > 1 else ""
    return second[:1].isupper() or second.lower().strip(".,!?") in _IMPERATIVE_OBJECTS


def _widget(unit: _Unit) -> _Verdict | None:
    short = unit.words <= 8 and (unit.first in _WIDGET_FIRST or unit.first[:1].isdigit())
    if short and _WIDGET_LINE.match(unit.text.strip(" -–•*")):
        return _Verdict(WIDGET)
    if not unit.text[:1].isalnum() and _ONLY_PUNCT.match(unit.text):
        return _Verdict(WIDGET)
    if unit.words <= 30 and unit.first in _LINK_FIRST and _LINK_PREFIX.match(unit.text):
        return _Verdict(WIDGET)
    if unit.words <= 30 and unit.lower.endswith(("opens new tab", "opens in new window")):
        return _Verdict(WIDGET)  # link text a screen reader announces: a link line
    if (
        unit.words <= 25
        and ("click" in unit.lower or "tap here" in unit.lower)
        and _CLICK.search(unit.text)
    ):
        return _Verdict(WIDGET)
    if unit.words <= 30 and unit.first == "follow" and _follow_target(unit.text):
        return _Verdict(WIDGET)
    if unit.words <= 4 and not _URL.sub(" ", _EMAIL.sub(" ", unit.text)).strip(" .,;:|"):
        return _Verdict(BYLINE if "@" in unit.text else WIDGET)  # a reporter's address
    return None


def _follow_target(text: str) -> bool:
    return bool(_SOCIAL.search(text) or _HANDLE.search(text) or _URL.search(text))


_INTRINSIC: tuple[Callable[[_Unit], _Verdict | None], ...] = (
    _syndication,
    _marker,
    _dateline,
    _byline,
    _labeled_timestamp,
    _newsletter,
    _appeal,
    _widget,
)


def _intrinsic(unit: _Unit) -> _Verdict | None:
    if unit.words > 30:
        # Every rule that can fire on a long paragraph needs one of its gate words.
        gate = _LONG_UNIT_GATE if unit.words > 40 else _MID_UNIT_GATE
        if not unit.mentions(gate) and not unit.lower.startswith("the post "):
            return None
        if unit.words > 60:
            return _appeal(unit)
    for rule in _INTRINSIC:
        verdict = rule(unit)
        if verdict is not None:
            return verdict
    return None


# --------------------------------------------------------------------------------------------
# Positional rules: shapes that are chrome only at the head or the tail
# --------------------------------------------------------------------------------------------

_BIO = re.compile(
    rf"^(?P<name>{_FULL_NAME})\s+(?:is|has been|serves as)\s+(?:a|an|the|our|[A-Z][\w.'’-]*['’]s)"
    r"\s+(?:[\w-]+\s+){0,5}?(?:reporter|correspondent|editor|writer|journalist|columnist"
    r"|contributor|producer|curator|photographer|bureau chief|anchor)\b"
    rf"|^(?P<name2>{_FULL_NAME})\s+(?:covers|reports on|writes about)\s+.+\bfor\b",
)
_CONTRIBUTED = re.compile(
    r"\bcontributed (?:reporting|to (?:this|the) (?:report|story|article))|\bcontributed\.$"
    r"|\bmay be reached at\b|^(?:have a (?:news )?tip|got a tip|contact (?:the )?(?:author|writer|"
    r"reporter)s?|email|e-mail|write to|reach|contact)\b",
    re.IGNORECASE,
)
_ROLE_LINE = re.compile(
    r"^(?:[\w-]+\s+){0,4}(?:correspondent|reporter|editor|writer|journalist|columnist)"
    r"(?:,\s*[\w ]+)?$",
    re.IGNORECASE,
)
_FOLLOW_ANY = re.compile(
    r"\bfollow (?:us|him|her|them|me|@\w+|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})"
    r" (?:on|at|via|@)",
)
_NAME_LINE = re.compile(rf"^{_NAMES}$")
_NAME_IN_PLACE = re.compile(rf"^{_NAMES} in [A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)?$")
_SELLING_SENTENCE = re.compile(
    r"(?:^|[.?!]\s+)(?:please\s+)?(?:become|subscribe|donate|contribute|sign (?:up|in)|log in"
    r"|upgrade|join|give|support us)\b",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(r"^source\s*:\s*(?P<pub>.{2,60}?)\.?$", re.IGNORECASE)


def _tail_rule(unit: _Unit) -> _Verdict | None:
    if unit.words > 40:
        return _tail_promo(unit)
    bio = _BIO.match(unit.text) if "former" not in unit.lower else None
    if bio:  # the writer's own bio; "X is a former reporter who defected" is a source
        name = _clean_names(bio["name"] or bio["name2"])
        return _Verdict(BYLINE, _Found(author=name, author_rank=2))
    if _CONTRIBUTED.search(unit.text):
        return _Verdict(BYLINE)
    if unit.words <= 25 and "@" in unit.text and _EMAIL.search(unit.text):
        return _Verdict(BYLINE)  # where to reach the reporter
    if _FOLLOW_ANY.search(unit.text) and _follow_target(unit.text):
        return _Verdict(WIDGET)
    if unit.address and (_EMAIL.search(unit.text) or _HANDLE.search(unit.text)):
        return _Verdict(WIDGET)
    selling = unit.words <= 30 and (unit.appeal_words or unit.newsletter_words)
    if selling and _sells(unit) and not unit.mentions(_ATTRIBUTION_GATE):
        return _Verdict(NEWSLETTER if unit.newsletter_words > unit.appeal_words else APPEAL)
    source = _SOURCE_LINE.match(unit.text)
    if source:
        publisher = None if "agencies" in source["pub"].lower() else source["pub"]
        return _Verdict(SYNDICATION, _Found(publisher=publisher, publisher_rank=1))
    return _timestamp(unit, labeled_only=False)


_FIRST_SENTENCE = re.compile(r"^(.+?[.!?])\s+(?=[A-Z\"“‘(\[])")
_PROMO_REASONS = frozenset({WIDGET, APPEAL})


def _tail_promo(unit: _Unit) -> _Verdict | None:
    """A long closing paragraph that opens as a promo line would: "Follow @XDeals on Twitter to
    keep up with the latest deals. Prices are subject to change …" goes with its opener.

    Only a follow/link or appeal opener counts: one shaped like a sign-up line ("you can sign up
    for a free trial") is as often shopping advice, and one like a bio or a date line is more
    likely the report's.
    """
    if unit.words > 100:
        return None
    first = _FIRST_SENTENCE.match(unit.text)
    if first is None:
        return None
    opener = _make_unit(unit.index, unit.line_nos[:1], [first.group(1)])
    if opener.words > 40:
        return None
    verdict = _intrinsic(opener) or _tail_rule(opener)
    return _Verdict(verdict.reason) if verdict and verdict.reason in _PROMO_REASONS else None


def _sells(unit: _Unit) -> bool:
    """Talks to the reader or tells them to act: "Want more? Become a member …"."""
    if unit.address or (unit.cta and _cta_is_ask(unit)):
        return True
    return bool(_SELLING_SENTENCE.search(unit.text))


def _looks_like_credit(unit: _Unit) -> bool:
    """A photo/agency credit under a headline: a few capitalised words and no sentence."""
    if unit.words > 5 or unit.terminal or unit.list_item:
        return False
    words = [w for w in unit.text.replace("/", " ").split() if any(c.isalpha() for c in w)]
    return bool(words) and all(w[0].isupper() for w in words) and _stopword_share(unit.text) == 0


def _headline_like(unit: _Unit) -> bool:
    """Short, not closed by a full stop: what a headline looks like as a line of text."""
    if unit.list_item or unit.words > 25 or len(unit.text) > 250 or unit.words < 2:
        return False
    if _ends_with_period(unit.text) and not unit.text.endswith("..."):
        return False
    return unit.words >= 3 or len(unit.text) >= 8


# --------------------------------------------------------------------------------------------
# The passes
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _State:
    units: list[_Unit]
    source: InputKind
    verdicts: dict[int, _Verdict] = field(default_factory=dict)
    title_index: int | None = None

    def drop(self, unit: _Unit, verdict: _Verdict) -> None:
        self.verdicts.setdefault(unit.index, verdict)

    def kept(self, unit: _Unit) -> bool:
        return unit.index not in self.verdicts


def _intrinsic_pass(state: _State) -> None:
    for unit in state.units:
        verdict = _intrinsic(unit)
        if verdict is not None:
            state.drop(unit, verdict)


def _first_report_index(state: _State) -> int:
    for unit in state.units:
        if state.kept(unit) and unit.prose:
            return unit.index
        if unit.index in state.verdicts and state.verdicts[unit.index].reason == BROADCAST_MARKER:
            return unit.index
    return len(state.units)


def _head_pass(state: _State) -> None:
    """Title, credits, section labels, bylines and date lines before the report starts."""
    end = _first_report_index(state)
    head = [unit for unit in state.units[:end] if state.kept(unit)]
    for unit in head:
        verdict = _timestamp(unit, labeled_only=False)
        if verdict is not None:
            state.drop(unit, verdict)
    if state.source != "text":
        return
    _head_title(state, head, end)
    after_title = [u for u in head if state.title_index is not None and u.index > state.title_index]
    _head_bylines(state, after_title)
    for unit in after_title:
        if not state.kept(unit):
            continue
        if _looks_like_credit(unit):
            state.drop(unit, _Verdict(CREDIT))
        elif not any(ch.isalpha() for ch in unit.text):
            state.drop(unit, _Verdict(WIDGET))  # like and share counters under a headline


def _head_title(state: _State, head: Sequence[_Unit], end: int) -> None:
    """The first headline-shaped line, if the report follows it; section labels above it go.

    A one- or two-word line is a section label ("World") when a longer headline follows.
    """
    if not any(state.kept(unit) for unit in state.units[end:]):
        return
    candidates = [unit for unit in head if state.kept(unit) and _headline_like(unit)]
    title = next((unit for unit in candidates if unit.words > 2), None) or next(
        iter(candidates), None
    )
    if title is None:
        return
    for unit in head:
        if unit.index >= title.index:
            break
        if state.kept(unit) and unit.words <= 2 and not unit.terminal:
            state.drop(unit, _Verdict(WIDGET))  # a section label above the headline
    state.title_index = title.index
    state.drop(title, _Verdict(TITLE, _Found(title=_title_text(title.text))))


def _head_bylines(state: _State, head: Sequence[_Unit]) -> None:
    """A bare name directly above a role line ("Seoul correspondent") or a date is a byline.

    "Justin McCurry in Tokyo" counts too, but only above a date line: on its own it could be
    a photo caption.
    """
    for unit, following in pairwise(head):
        if following.index != unit.index + 1 or not state.kept(unit):
            continue
        dated = state.verdicts.get(following.index)
        dated_next = dated is not None and dated.reason == TIMESTAMP
        name = _name_line(unit, allow_place=dated_next)
        if name is None:
            continue
        if dated_next:
            state.drop(unit, _Verdict(BYLINE, _Found(author=name, author_rank=0)))
        elif state.kept(following) and _ROLE_LINE.match(following.text):
            state.drop(unit, _Verdict(BYLINE, _Found(author=name, author_rank=0)))
            state.drop(following, _Verdict(BYLINE))


def _name_line(unit: _Unit, *, allow_place: bool) -> str | None:
    if unit.words > 8 or unit.terminal:
        return None
    match = _NAME_IN_PLACE.match(unit.text) if allow_place else None
    if match is None:
        match = _NAME_LINE.match(unit.text)
    if match is None or _stopword_share(match["names"].replace(" and ", " ")) > 0:
        return None
    return _clean_names(match["names"])


def _title_text(text: str) -> str:
    """The headline without a leading program tag such as "[News Today] "."""
    stripped = _PROGRAM_TAG.sub("", text, count=1).strip()
    return stripped or text


def _zone_opener(unit: _Unit, verdict: _Verdict | None) -> str | None:
    if verdict is not None and verdict.reason in {APPEAL, NEWSLETTER}:
        return verdict.reason
    if verdict is not None and verdict.reason == WIDGET and _opens_link_list(unit):
        return WIDGET
    return None


def _opens_link_list(unit: _Unit) -> bool:
    """Headers of related-link lists: "You may also like", "DON'T MISS", "More:"."""
    text = unit.text.lower().rstrip(".:!… ")
    return text in {
        "you may also like",
        "you might also like",
        "related",
        "related articles",
        "related stories",
        "more stories",
        "more",
        "recommended",
        "most read",
        "most popular",
        "don't miss",
        "don’t miss",
        "trending",
        "top stories",
        "read more",
        "see more",
        "explore further",
    } or text.startswith("popular on ")


def _strong_in_zone(unit: _Unit, verdict: _Verdict | None, *, at_tail: bool) -> bool:
    """Chrome on its own evidence: a verdict, or reader address together with sales words."""
    if verdict is not None:
        return verdict.reason != TITLE
    if unit.cta or (unit.address and (unit.ask_words or unit.newsletter_words >= 2)):
        return True
    if unit.fragment and not _ends_with_period(unit.text):
        return at_tail or bool(unit.appeal_words or unit.newsletter_words)
    return False


def _weak_in_zone(unit: _Unit) -> bool:
    """Fits a chrome zone but would also fit a chatty report: only trusted at the tail."""
    return bool(unit.address or unit.self_refs or unit.list_item) or (
        unit.fragment and not _ends_with_period(unit.text)
    )


_MAX_ZONE_UNITS = 80  # longer runs are not a box of chrome; the cap keeps the pass linear


@dataclass(slots=True)
class _Zone:
    start: int  # position of the opener
    labels: dict[int, str]  # position -> reason, for every unit the zone would take
    strong_run: int  # positions start+1 .. strong_run-1 are strong evidence without context
    end: int  # first position after the zone
    weak_prose: int  # sentences kept only because they address the reader


def _walk_zone(state: _State, start: int, reason: str) -> _Zone:
    units = state.units
    zone = _Zone(start=start, labels={}, strong_run=start + 1, end=start + 1, weak_prose=0)
    label, strong_so_far = reason, True
    position = start + 1
    limit = min(len(units), start + 1 + _MAX_ZONE_UNITS)
    while position < limit:
        unit = units[position]
        verdict = state.verdicts.get(unit.index)
        if verdict is None and _comments_header(unit):
            break
        link = label == WIDGET and unit.words <= 15 and not _ends_with_period(unit.text)
        strong = link or _strong_in_zone(unit, verdict, at_tail=True)
        weak = not strong and _weak_in_zone(unit)
        wedged = not (strong or weak) and state.source == "text" and _wedged(state, position)
        if not (strong or weak or wedged):
            break
        mid_strong = strong and (link or _strong_in_zone(unit, verdict, at_tail=False))
        strong_so_far = strong_so_far and mid_strong
        if strong_so_far:
            zone.strong_run = position + 1
        if (weak or wedged) and unit.prose:
            zone.weak_prose += 1
        label = _zone_opener(unit, verdict) or label
        zone.labels[position] = label
        position += 1
    zone.end = position
    return zone


def _tail_start(state: _State) -> int:
    """Where the run of chrome that ends the document begins (len(units) if there is none)."""
    start = len(state.units)
    for unit in reversed(state.units):
        if unit.index not in state.verdicts and _tail_rule(unit) is None:
            break
        start = unit.index
    return start


def _zone_pass(state: _State) -> None:
    """Extend appeal/newsletter/link zones over their widget lines; cut comments to the end.

    Mid-text a zone takes only lines that are chrome on their own evidence. At the tail it
    also takes lines that merely address the reader, unless those outnumber the report itself
    (a chatty column is not an appeal).
    """
    seen_prose = 0
    position = 0
    units = state.units
    tail_start = _tail_start(state)
    while position < len(units):
        unit = units[position]
        verdict = state.verdicts.get(unit.index)
        if seen_prose and verdict is None and _opens_comments(state, unit):
            _drop_comments(state, position)
            return
        opener = _zone_opener(unit, verdict)
        if opener is None:
            seen_prose += verdict is None and unit.prose
            position += 1
            continue
        zone = _walk_zone(state, position, opener)
        tail = zone.end >= tail_start and zone.weak_prose <= min(8, seen_prose)
        stop = zone.end if tail else zone.strong_run
        for inside in range(position + 1, stop):
            _drop_in_zone(state, units[inside], zone.labels[inside])
        position = max(stop, position + 1)


def _drop_in_zone(state: _State, unit: _Unit, reason: str) -> None:
    verdict = state.verdicts.get(unit.index)
    if verdict is not None and verdict.reason == WIDGET and unit.cta:
        state.verdicts[unit.index] = _Verdict(reason)  # a button of the zone's box
    state.drop(unit, _Verdict(reason))


def _wedged(state: _State, position: int) -> bool:
    """One prose paragraph between chrome paragraphs belongs to the chrome (text mode)."""
    if position + 1 >= len(state.units):
        return False
    following = state.units[position + 1]
    verdict = state.verdicts.get(following.index)
    return _strong_in_zone(following, verdict, at_tail=False) or following.address > 0


def _opens_comments(state: _State, unit: _Unit) -> bool:
    """A comment-section header; a bare "Comments" counts only in the last part of the text,
    where it cannot be a sub-heading of the report."""
    if not _comments_header(unit):
        return False
    if _BARE_COMMENTS.match(unit.text):
        return unit.index >= 0.6 * len(state.units)
    return True


def _drop_comments(state: _State, start: int) -> None:
    """Everything from the header on; only a syndication footer keeps its own reason."""
    for unit in state.units[start:]:
        verdict = state.verdicts.get(unit.index)
        if verdict is None or verdict.reason != SYNDICATION:
            state.verdicts[unit.index] = _Verdict(COMMENTS)  # commenters' dates are not ours


def _tail_pass(state: _State) -> None:
    """Walk back from the end over bios, contact lines and (text mode) stray widget words."""
    for unit in reversed(state.units):
        if not state.kept(unit):
            continue
        verdict = _tail_rule(unit)
        if verdict is None and state.source == "text" and unit.fragment and not unit.terminal:
            verdict = _Verdict(WIDGET) if _tail_fragment(unit, state) else None
        if verdict is None:
            return
        state.drop(unit, verdict)


def _tail_fragment(unit: _Unit, state: _State) -> bool:
    """A short non-sentence after the report, unless it is the only thing left."""
    if unit.words > 6 or len(unit.text) > 40 or not _QUOTE_CHARS.isdisjoint(unit.text):
        return False  # a short quote closing a broadcast script is the report's
    return any(state.kept(other) for other in state.units[: unit.index])


# --------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------

_ORG_WORD = r"[A-Z][\w&'’-]*(?:\.\w[\w&'’-]*)*"
_PUBLISHER_TRIGGER = re.compile(
    r"(?P<strong>\b(?:[Ss]upport(?:ing)?|[Ss]ubscribe to|[Dd]onate to|[Mm]essage from"
    r"|[Jj]ournalists (?:of|at)|[Tt]hanks for reading|[Ww]elcome to|[Jj]oin)\s+)"
    rf"(?P<name>(?:[Tt]he\s+)?{_ORG_WORD}(?:\s+(?:{_ORG_WORD}|of|&)){{0,4}})"
    rf"|(?P<weak>\b(?:from|at)\s+)(?P<wname>(?:[Tt]he\s+)?{_ORG_WORD}(?:\s+{_ORG_WORD}){{0,4}})"
)
_POSSESSIVE_TAIL = re.compile(r"(?:['’]s?|\s+(?:of|&))$")
_NAME_STOP = _set("Us Our You Your Me Today Now Free It This Them")


def _publisher_from_chrome(texts: Iterable[str]) -> str | None:
    """The outlet an appeal or newsletter box keeps naming ("Support X!", "a message from X")."""
    votes: Counter[str] = Counter()
    for text in texts:
        for match in _PUBLISHER_TRIGGER.finditer(text):
            name = (match["name"] or match["wname"] or "").rstrip(".,:;!? ")
            name = _POSSESSIVE_TAIL.sub("", name)
            if name.startswith("the "):
                name = "The " + name[4:]
            if name and name.split()[0] not in _NAME_STOP and name.split()[-1] not in _NAME_STOP:
                votes[name] += 2 if match["strong"] else 1
    if not votes:
        return None
    name, score = votes.most_common(1)[0]
    return name if score >= 2 else None


def _merge_found(state: _State) -> _Found:
    """One value per field: the head title over a footer's, by rank for publisher and author."""
    merged = _Found()
    stamps: list[_Stamp] = []
    for index in sorted(state.verdicts):
        found = state.verdicts[index].found
        if found.title and (merged.title is None or state.verdicts[index].reason == TITLE):
            merged.title = found.title
        if found.publisher and found.publisher_rank < merged.publisher_rank:
            merged.publisher, merged.publisher_rank = found.publisher, found.publisher_rank
        if found.author and found.author_rank < merged.author_rank:
            merged.author, merged.author_rank = found.author, found.author_rank
        if found.stamp is not None:
            stamps.append(found.stamp)
    merged.stamp = _pick_stamp(stamps)
    if merged.publisher is None:
        chrome = [
            state.units[index].text
            for index, verdict in state.verdicts.items()
            if verdict.reason in {APPEAL, NEWSLETTER}
        ]
        merged.publisher = _publisher_from_chrome(chrome) or _inline_agency(state)
    return merged


def _inline_agency(state: _State) -> str | None:
    """A wire dateline opening the first report paragraph: "SEOUL, July 2 (Yonhap) -- ..."."""
    for unit in state.units:
        if state.kept(unit):
            match = _INLINE_AGENCY.match(unit.text)
            return match["agency"] if match else None
    return None


def _pick_stamp(stamps: Sequence[_Stamp]) -> _Stamp | None:
    for attribute in ("published", "undated", "updated"):
        for stamp in stamps:
            if getattr(stamp, attribute) is not None:
                return _Stamp(published=getattr(stamp, attribute))
    return None


def _dropped_lines(state: _State) -> tuple[DroppedLine, ...]:
    dropped: list[DroppedLine] = []
    for unit in state.units:
        verdict = state.verdicts.get(unit.index)
        if verdict is not None:
            dropped.extend(
                DroppedLine(line_no=line_no, text=line, reason=verdict.reason)
                for line_no, line in zip(unit.line_nos, unit.lines, strict=True)
            )
    return tuple(dropped)


def clean_text(text: str, *, source: InputKind = "text") -> CleanedText:
    """The report's own paragraphs and the metadata its chrome gave away.

    `source="html"` is for text trafilatura already extracted: only chrome lines are removed,
    never a line on weak evidence, and no title is looked for.
    """
    state = _State(units=_paragraphs(_split_lines(text)), source=source)
    _intrinsic_pass(state)
    _head_pass(state)
    _zone_pass(state)
    _tail_pass(state)
    found = _merge_found(state)
    body = "\n\n".join(unit.text for unit in state.units if state.kept(unit))
    return CleanedText(
        body=body,
        title=found.title,
        publisher=found.publisher,
        author=found.author,
        published_at=found.stamp.published if found.stamp else None,
        dropped=_dropped_lines(state),
    )
