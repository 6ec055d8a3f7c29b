"""The passes over a text's paragraphs, zones (step 4) and assembly of the result.

Part of the plain-text cleaner; see the package docstring for how the steps fit.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from tasks.clean.text.dates import _Stamp
from tasks.clean.text.reasons import (
    APPEAL,
    BROADCAST_MARKER,
    BYLINE,
    COMMENTS,
    CREDIT,
    NEWSLETTER,
    SYNDICATION,
    TIMESTAMP,
    TITLE,
    WIDGET,
)
from tasks.clean.text.rules import (
    _BARE_COMMENTS,
    _INLINE_AGENCY,
    _NAME_IN_PLACE,
    _NAME_LINE,
    _PROGRAM_TAG,
    _ROLE_LINE,
    _clean_names,
    _comments_header,
    _Found,
    _headline_like,
    _intrinsic,
    _looks_like_credit,
    _tail_rule,
    _timestamp,
    _Verdict,
)
from tasks.clean.text.units import (
    _QUOTE_CHARS,
    WORDS,
    _ends_with_period,
    _paragraphs,
    _set,
    _split_lines,
    _stopword_share,
    _Unit,
)
from tasks.records import CleanedText, DroppedLine, InputKind

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
_NAME_STOP = _set(WORDS["name_stop"])


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
