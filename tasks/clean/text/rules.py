"""The rules: metadata found on the way, names, intrinsic and positional chrome shapes.

Part of the plain-text cleaner; see the package docstring for how the steps fit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tasks.clean.text.dates import (
    _NAMED_DATE,
    _NUMERIC_DATE,
    _SLASH_DATE,
    _TIME,
    _is_timestamp_line,
    _Stamp,
    _stamp_of,
)
from tasks.clean.text.reasons import (
    APPEAL,
    BROADCAST_MARKER,
    BYLINE,
    CREDIT,
    DATELINE,
    NEWSLETTER,
    SYNDICATION,
    TIMESTAMP,
    WIDGET,
)
from tasks.clean.text.units import (
    _ADDRESS_WORDS,
    _ASK_TOKENS,
    _HANDLE,
    _ONLY_PUNCT,
    _SPACE,
    WORDS,
    _ends_with_period,
    _gate,
    _make_unit,
    _set,
    _stopword_share,
    _Unit,
)
from tasks.dates import YEAR

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
_ROLE_WORDS = _set(WORDS["role_words"])
_AFFILIATION = re.compile(r"^\s*[,|–—-]\s*(?P<outlet>[A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,2})\s*$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|org|net|co\.kr|kr)/\S*", re.I)
_PAREN = re.compile(r"\([^()]*\)")
_NOT_A_NAME = _set(WORDS["not_a_name"])


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
    rf"copyright|©|ⓒ|\(c\)|\b{YEAR}\b|all rights reserved\.?|[-–,.]\s*$|무단.*$"
    r"|\s[-–]\s.*$|this material.*$",
    re.IGNORECASE,
)
_COMMENTS_FIRST = _set(WORDS["comments_first"])
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
_SCRIPT_WORDS = _set(WORDS["script_words"])
_CREDIT_MARKER = re.compile(r"^[\[(]\s*(?:photo|image|video|graphic|credit)\b", re.IGNORECASE)
_CREDIT_FIRST = _set(WORDS["credit_first"])
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
_WIDGET_FIRST = _set(WORDS["widget_first"])
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
_LINK_FIRST = _set(WORDS["link_first"])
_LINK_PREFIX = re.compile(
    r"^also on [\w-]+\.[a-z]{2,}\b|^(?:filed under|posted in|tagged(?: with)?|categor(?:y|ies))\s*:"
    r"|^\[?(?:read more|related(?: post| article| story)?|see more|also read|see also|more|also|"
    r"also on [\w.]+|watch|listen|recommended|related coverage|read also|explore more|"
    r"leggi anche|관련기사)\s*:",
    re.IGNORECASE,
)
# Gate words: a rule runs on a line only if the line has one of its gate words (a set test),
# so the common report sentence skips the regular expressions.
_ORIGINALLY_GATE = _gate(WORDS["originally_gate"])
_BYLINE_GATE = _gate(WORDS["byline_gate"])
_NEWSLETTER_GATE = _gate(WORDS["newsletter_gate"])
# What a newsletter box talks about besides signing up: a longer sentence without any of these
# is about some other sign-up (a trial, a service, a programme), not a box of chrome.
_MAIL_GATE = _gate(WORDS["mail_gate"])
_ASK_GATE = _gate(" ".join(_ASK_TOKENS) + " help support")
_ATTRIBUTION_GATE = _gate(WORDS["attribution_gate"])
_ADDRESS_GATE = _gate(" ".join(_ADDRESS_WORDS))
_RIGHTS_GATE = _gate(WORDS["rights_gate"])
_LONG_UNIT_GATE = _NEWSLETTER_GATE | _ASK_GATE
_MID_UNIT_GATE = _LONG_UNIT_GATE | _ORIGINALLY_GATE
_SELLING_VERB = re.compile(
    r"^(?:please\s+)?(?:become|subscribe|donate|contribute|sign up|upgrade|join|give)\b", re.I
)
_LINK_END = re.compile(r"\bhere\W*$", re.IGNORECASE)
_IMPERATIVE_OBJECTS = _set(WORDS["imperative_objects"])
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
_SALUTATION_FIRST = _set(WORDS["salutation_first"])
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
