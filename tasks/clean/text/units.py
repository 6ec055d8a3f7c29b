"""Lexical features of a paragraph and the paragraph builder (step 1 and 2 of the cleaner).

Part of the plain-text cleaner; see the package docstring for how the steps fit.
"""

from __future__ import annotations

import re
import string
import tomllib
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources

# The cleaner's vocabulary, as data beside the code (words.toml): one named list per rule.
WORDS: dict[str, str] = tomllib.loads(
    resources.files("tasks.clean.text").joinpath("words.toml").read_text(encoding="utf-8")
)

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


_ADDRESS_WORDS = _with_contractions(WORDS["address_words"], "re ve ll d")
_SELF_WORDS = _with_contractions(WORDS["self_words"], "m ve ll d")
_US = re.compile(r"\bus\b")
_APPEAL_TOKENS = _set(WORDS["appeal_tokens"])
_APPEAL_PHRASES = (
    "make a difference",
    "world of difference",
    "your help",
    "thank you",
    "free to read",
    "per month",
)
# Words that make an address to the reader an ask for money rather than a chatty sentence.
_ASK_TOKENS = _set(WORDS["ask_tokens"])
_ASK_PHRASES = ("your help", "your support", "support us", "support our")
_NEWSLETTER_TOKENS = _set(WORDS["newsletter_tokens"])
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
_CTA_FIRST = _set(WORDS["cta_first"])
_CTA = re.compile(
    r"^(?:please\s+)?(?:support|donate|subscribe|contribute|join|become|give|chip in|help us"
    r"|sign ?up|sign in|log ?in|register|get|download|follow|share|click|tap|read|watch|listen"
    r"|try|start|upgrade|unlock|remind me|continue reading|don['’]t miss|never miss|see more"
    r"|enter your|choose|select|keep reading|consider|like this)\b",
    re.IGNORECASE,
)
_STOPWORDS = _set(WORDS["stopwords"])


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
    # Lower-case whitespace-separated words, punctuation attached. A list: a gate's
    # isdisjoint() reads it as it would a set, and most units are read by only a few gates.
    tokens: list[str]
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
        tokens=lower.split(),
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


def _blocks(lines: Sequence[str]) -> list[list[int]]:
    """Runs of non-blank line numbers separated by blank lines."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for line_no, line in enumerate(lines):
        # A line is blank when it holds nothing but spaces and zero-width characters.
        stripped = line.strip()
        if len(stripped) > 4 or (stripped and _INVISIBLE.sub("", stripped).strip()):
            current.append(line_no)
        elif current:
            blocks.append(current)
            current = []
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
        if len(block) == 1:  # most blocks of a page dump: nothing to join
            yield block, [lines[block[0]]]
            continue
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
    return [
        " ".join((chunk[0] if len(chunk) == 1 else " ".join(chunk)).split())
        for _, chunk in _paragraph_chunks(_split_lines(text))
    ]


# --------------------------------------------------------------------------------------------

# A social-media handle (@name): contact lines and, in dates, not a timestamp line.
_HANDLE = re.compile(r"(?<![\w.])@\w{2,}")
