"""Who says so: attribution of claims and speakers of quotations.

Works on the body with quotations masked out, so a verb inside a quotation never attributes
anything. Noun phrases are found by scanning words outward from a cue ("said", "according to",
"citing ... from") up to a clause boundary, then resolved to a canonical entity when the phrase
ends in an entity mention ("South Korean lawmaker Lee Seong-kweun" -> Lee Seong-kweun), through
pronouns to the last matching speaker ("he", "they"), or kept as written ("U.S. officials").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from tasks.facts.lexicon import (
    DEMONYMS,
    NP_BOUNDARY,
    PRONOUNS,
    QUOTE_PARTICIPLES,
    QUOTE_VERBS,
    SPEECH_VERBS,
)
from tasks.facts.records import Entity, Mention
from tasks.facts.trie import trie_pattern

MASK = "§"
_TOKEN = re.compile(r"[A-Za-z0-9][\w’'.\-]*|§+|\S")
_ABBREVIATIONS = frozenset(
    (
        "mr.", "mrs.", "ms.", "dr.", "gen.", "lt.", "col.", "sgt.", "maj.", "capt.", "u.s.", "u.n.",
        "n.", "s.", "st.", "jr.", "sr.", "rep.", "sen.", "gov.", "prof.", "no.", "vs.",
    )
)  # fmt: skip
_SKIP_BEFORE_VERB = re.compile(
    r"(?:\s+(?:also|reportedly|previously|earlier|later|recently|separately|again|then|further|"
    r"repeatedly|publicly|officially|first|once|had|has|have|on\s+(?:Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday)|(?:last|this)\s+(?:week|month|year)|in\s+a\s+statement|"
    r"in\s+a\s+speech))+\s*$"
)
# The last word of each _SKIP_BEFORE_VERB alternative: text ending (but for spaces) in none of
# these has nothing to skip, and the regex need not run.
_SKIP_ENDINGS = (
    "also", "reportedly", "previously", "earlier", "later", "recently", "separately", "again",
    "then", "further", "repeatedly", "publicly", "officially", "first", "once", "had", "has",
    "have", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "week",
    "month", "year", "statement", "speech",
)  # fmt: skip
_PARTICIPLE_OK = frozenset(
    (
        "specialized", "specialised", "unnamed", "unidentified", "informed", "armed", "united",
        "retired", "based", "ruling", "governing", "leading",
    )
)  # fmt: skip
_PARENTHETICAL = re.compile(
    r"(?:who|which|whose|the|a|an|his|her|its|their|\d+|aged|citing|quoting)\b", re.IGNORECASE
)
# Words that are verbs of saying or nouns: "the South's claims" is no attribution.
# Verbs of saying that are also nouns or adjectives: "the South's claims", "an estimated 600",
# "some reports suggest" are no attribution.
_NOUN_OR_VERB = frozenset(
    (
        "claims", "claim", "reports", "report", "estimates", "estimate", "notes", "states", "put",
        "estimated", "reported", "confirmed", "calculated", "predicted",
    )
)  # fmt: skip
_NOUN_CUE = re.compile(
    r"(?:\b(?:the|a|an|its|their|his|her|our|these|those|such|latest|new|recent|whose|some|many"
    r"|several|other|few|more|most|initial|early|unconfirmed)|['’]s?)\s*$",
    re.IGNORECASE,
)
# "cases reported worldwide", "deaths confirmed by officials": a participle, not a speaker's verb.
_PASSIVE_AFTER = re.compile(r"\s+(?:by|worldwide|so\s+far|to\s+date|nationwide|globally)\b")
_NOT_A_NAME = frozenset(("a", "an", "the", "some", "many", "several", "others", "this", "that"))
_DETERMINER = re.compile(r"^(?:the|a|an|The|A|An)\s+")
_QUOTED_AS = re.compile(r"(?:was|were|is|are)\s+(?:also\s+)?quoted\s+as\s+$")
_ACCORDING = re.compile(r"\b[Aa]ccording\s+to\s+")
_CITING = re.compile(
    r"\b(?:citing|cited|quoting|quoted)\s+(?:(?:what\s+it\s+said\s+was\s+)?(?:an?\s+|the\s+)?"
    r"(?:new\s+|latest\s+|recent\s+)?(?:intelligence|information|data|figures|estimates?|"
    r"reports?|sources?|assessments?|briefings?|briefed\s+information|an\s+assessment)\s+"
    r"(?:from|by|of)\s+)?"
)
_BRIEFED_BY = re.compile(r"\s(?:who\s+(?:were|was)\s+)?(?:briefed|informed|told)\s+by\s+$")
_DOCUMENT_BY = re.compile(
    r"(?:(?:an?|the|its|their)\s+)?(?:[\w-]+\s+)?(?:reports?|statements?|study|studies|"
    r"assessments?|analysis|estimates?|briefings?|survey|review|figures|data)\s+"
    r"(?:(?:received|released|published|compiled|issued|carried|seen)\s+)?(?:by|from|of)\s+"
)
_SOURCE_NOUNS = frozenset(
    (
        "official", "officials", "source", "sources", "lawmaker", "lawmakers", "officer",
        "officers", "agency", "agencies", "ministry", "intelligence", "spokesman", "spokeswoman",
        "spokesperson", "analyst", "analysts", "expert", "experts", "diplomat", "diplomats",
        "government", "military", "command", "service", "services", "commander", "commanders",
        "staff", "lawmakers'", "legislators", "legislator",
    )
)  # fmt: skip
_CITED_OBJECT = re.compile(
    r"(?:an?\s+|the\s+)?(?:new\s+|latest\s+)?(?:intelligence|information|data|figures|"
    r"estimates?|reports?|sources?|assessments?)\s+(?:from|by|of)\s+"
)
_WHO_CITED = re.compile(r"\s*,?\s*who\s+(?:had\s+)?(?:cited|quoted)\s+")
# Starts with literals (no \b) so re can skip positions by first character; the start boundary
# is checked where it is used.
_VERB_RE = re.compile(trie_pattern(QUOTE_VERBS | QUOTE_PARTICIPLES) + r"\b")
_OTHER_HEAD = re.compile(r"\b(?:and|in|from|of|at)\b|&")
_SPACES = re.compile(r"\s+")
_LEADING_AND = re.compile(r"^(?:and|&)\s+")
_WHO = re.compile(r"\s*who\b")
_SPACE_LETTER = re.compile(r"\s+[A-Za-z]")
_AND = re.compile(r"\band\b")
_MISSING = object()  # cache sentinel: None is a valid resolution


@dataclass(frozen=True, slots=True)
class Speech:
    """A verb of saying and who does it, in body offsets."""

    verb: str
    verb_start: int
    verb_end: int
    source: str | None  # resolved speaker/source
    np_text: str | None  # the phrase as written (None when implied)
    implied: bool  # subject not written: participle or "..., and praised"
    via: str | None = None  # "lawmakers briefed by the NIS said": source NIS, via lawmakers


@dataclass(frozen=True, slots=True)
class Attribution:
    source: str | None
    via: str | None


class Resolver:
    """Resolves noun phrases in one body to canonical names; remembers speakers for pronouns."""

    def __init__(self, masked: str, mentions: list[Mention], entities: dict[str, Entity]) -> None:
        self.text = masked
        self.mentions = mentions
        self._starts = [m.start_char for m in mentions]
        self._types = {e.entity_id: e.type for e in entities.values()}
        self.speeches: list[Speech] = []
        # Speeches per (start, end, quote_verbs), with len(self.speeches) when they were found if
        # finding them consulted earlier speakers ("they said"), else None: valid whatever the
        # speakers recorded since. Phrases and their resolutions depend on the text alone.
        self._speech_cache: dict[tuple[int, int, bool], tuple[list[Speech], int | None]] = {}
        self._speaker_lookups = 0  # calls that read self.speeches
        self._np_before_cache: dict[tuple[int, int], tuple[int, int] | str | None] = {}
        self._np_after_cache: dict[tuple[int, int], tuple[int, int] | None] = {}
        self._resolve_cache: dict[tuple[int, int], str | None] = {}
        self._verb_cache: dict[tuple[int, int], list[tuple[int, int, str]]] = {}

    # ---- mentions

    def mention_at(self, pos: int) -> Mention | None:
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self.mentions[i].start_char <= pos < self.mentions[i].end_char:
            return self.mentions[i]
        return None

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self._starts, start)
        found = []
        while i < len(self.mentions) and self.mentions[i].start_char < end:
            if self.mentions[i].end_char <= end:
                found.append(self.mentions[i])
            i += 1
        return found

    def first_actor(self, start: int, end: int) -> Mention | None:
        """The first person or organisation named in [start, end): a clause's likely subject."""
        for m in self.mentions_in(start, end):
            if self._types.get(m.entity_id) in ("person", "org"):
                return m
        return None

    def _last_person_before(self, pos: int) -> str | None:
        i = bisect.bisect_left(self._starts, pos) - 1
        while i >= 0:
            m = self.mentions[i]
            if self._types.get(m.entity_id) == "person":
                return m.name
            i -= 1
        return None

    def _last_speaker_before(self, pos: int, kind: str) -> str | None:
        self._speaker_lookups += 1
        for speech in reversed(self.speeches):
            if speech.verb_start >= pos or speech.source is None or speech.np_text is None:
                continue
            if speech.np_text.lower() in PRONOUNS:
                continue
            if kind == "plural" and _plural(speech.np_text):
                return speech.source
            if kind == "org" and not _plural(speech.np_text):
                return speech.source
        return None

    # ---- noun phrases

    def resolve(self, start: int, end: int) -> str | None:
        """The canonical name a phrase refers to, or the phrase as written."""
        key = (start, end)
        cached = self._resolve_cache.get(key, _MISSING)
        if cached is not _MISSING:
            return cached  # type: ignore[return-value]
        lookups = self._speaker_lookups
        found = self._resolve(start, end)
        if self._speaker_lookups == lookups:  # "they"/"it" depend on the speakers so far
            self._resolve_cache[key] = found
        return found

    def _resolve(self, start: int, end: int) -> str | None:
        raw = self.text[start:end]
        lead = len(raw) - len(raw.lstrip(" ,"))
        raw = raw.strip(" ,")
        if not raw:
            return None
        start += lead
        end = start + len(raw)
        kind = PRONOUNS.get(raw.lower())
        if kind == "person":
            return self._last_speaker_person(start)
        if kind is not None:
            return self._last_speaker_before(start, kind)
        det = _DETERMINER.match(raw)
        if det:
            start += det.end()
            raw = raw[det.end() :]
        if not raw or raw[0].isdigit() or raw.lower() in _NOT_A_NAME:
            return None  # "3248 cases reported", a bare "an" or "some"
        inside = self.mentions_in(start, end)
        if inside:
            last = inside[-1]
            head_is_entity = last.end_char >= end - 1
            # "Kim and Putin" and "officials in Seoul" are not headed by the last entity.
            other_head = _OTHER_HEAD.search(self.text[start : last.start_char])
            if head_is_entity and not other_head:
                return last.name
        return _SPACES.sub(" ", raw)

    def _last_speaker_person(self, pos: int) -> str | None:
        return self._last_person_before(pos)

    def np_before(self, sent_start: int, pos: int) -> tuple[int, int] | str | None:
        """The noun phrase that ends just before `pos`, scanning back to a clause boundary.

        Returns (start, end), None when there is none, "and" when the scan met a coordinating
        "and" first (the subject is shared with the previous verb), or "who" for a relative clause.
        """
        key = (sent_start, pos)
        if key not in self._np_before_cache:
            self._np_before_cache[key] = self._np_before(sent_start, pos)
        return self._np_before_cache[key]

    def _np_before(self, sent_start: int, pos: int) -> tuple[int, int] | str | None:
        lo = max(sent_start, pos - 120)  # what is skipped is short: never rescan the sentence
        trimmed = self.text[lo:pos].rstrip()
        if trimmed.endswith(_SKIP_ENDINGS):
            trimmed = _SKIP_BEFORE_VERB.sub("", trimmed).rstrip()
        pos = lo + len(trimmed)
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(self.text, sent_start, pos)]
        begin: int | None = None
        end = pos
        words = 0
        i = len(tokens) - 1
        while i >= 0 and words < 10:
            s, e = tokens[i]
            mention = self.mention_at(s)
            if mention is not None and mention.end_char <= pos + 1:
                begin = mention.start_char
                words += 1
                while i >= 0 and tokens[i][0] >= mention.start_char:
                    i -= 1
                continue
            tok = self.text[s:e]
            low = tok.lower()
            if tok == ",":
                prev = self.text[tokens[i - 1][0] : tokens[i - 1][1]].lower() if i > 0 else ""
                if begin is not None and prev in DEMONYMS:
                    i -= 1
                    continue
                if begin is None and i > 0 and self._who_follows(e, pos):
                    return "who"
                if begin is None:
                    # "Kim Yo Jong, the leader's sister, said" / "the prisoner, who gave ..., said"
                    return self._before_parenthetical(sent_start, s)
                break
            if not (tok[0].isalnum()):
                break
            if low == "who" and begin is None:
                return "who"
            if low in ("and", "&"):
                if begin is None:
                    return "and"
                i -= 1
                continue
            if (
                low in ("in", "from")
                and begin is not None
                and self._place_after_people(tokens, i, begin, pos)
            ):
                i -= 1
                continue  # "Officials in Seoul said"
            if low in NP_BOUNDARY:
                break
            if tok.endswith(".") and low not in _ABBREVIATIONS and len(tok) > 2:
                break
            if tok[0].islower() and low.endswith(("ed", "ing")) and low not in _PARTICIPLE_OK:
                before = self.text[tokens[i - 1][0] : tokens[i - 1][1]].lower() if i > 0 else ""
                if before not in ("a", "an", "the"):
                    break  # a verb, unless a determiner makes it an adjective: "a captured soldier"
            begin = s
            words += 1
            i -= 1
        if begin is None:
            return None
        # Never start a phrase with a conjunction.
        phrase = self.text[begin:end]
        strip = _LEADING_AND.match(phrase)
        if strip:
            begin += strip.end()
        return (begin, end) if begin < end else None

    def _before_parenthetical(self, sent_start: int, comma: int) -> tuple[int, int] | None:
        """The phrase before an appositive or relative clause that ends at `comma`."""
        opening = self.text.rfind(",", sent_start, comma)
        if opening < 0:
            return None
        inside = self.text[opening + 1 : comma].strip()
        if not _PARENTHETICAL.match(inside):
            return None
        found = self.np_before(sent_start, opening)
        return found if isinstance(found, tuple) else None

    def _place_after_people(
        self, tokens: list[tuple[int, int]], i: int, begin: int, pos: int
    ) -> bool:
        """True for "officials in Seoul": a preposition between a plural noun and a place."""
        if i == 0:
            return False
        mention = self.mention_at(begin)
        if (
            mention is None
            or self._types.get(mention.entity_id) != "place"
            or mention.end_char < pos - 1
        ):
            return False
        prev = self.text[tokens[i - 1][0] : tokens[i - 1][1]]
        return prev.lower().endswith("s") and prev.lower() not in NP_BOUNDARY

    def _who_follows(self, comma_end: int, pos: int) -> bool:
        return bool(_WHO.match(self.text, comma_end, pos))

    def np_after(self, start: int, limit: int) -> tuple[int, int] | None:
        """The noun phrase starting at `start`, up to a clause boundary or `limit`."""
        key = (start, limit)
        if key not in self._np_after_cache:
            self._np_after_cache[key] = self._np_after(start, limit)
        return self._np_after_cache[key]

    def _np_after(self, start: int, limit: int) -> tuple[int, int] | None:
        tokens = list(_TOKEN.finditer(self.text, start, limit))
        end: int | None = None
        only_demonyms = True
        i = 0
        while i < len(tokens):
            m = tokens[i]
            mention = self.mention_at(m.start())
            if mention is not None and mention.end_char <= limit:
                end = mention.end_char
                only_demonyms = only_demonyms and mention.text.lower() in DEMONYMS
                while i < len(tokens) and tokens[i].start() < mention.end_char:
                    i += 1
                continue
            tok = m.group()
            low = tok.lower()
            if tok == ",":
                if end is not None and only_demonyms:
                    i += 1
                    continue
                break
            if not tok[0].isalnum():
                break
            if low in ("who", "which", "that", "whose", "where", "when", "while"):
                break
            if low in ("of", "for"):  # "Institute for the Study of War", "Ministry of Defense"
                nxt = tokens[i + 1] if i + 1 < len(tokens) else None
                if nxt is None or not (nxt.group()[0].isupper() or nxt.group().lower() == "the"):
                    break
            elif low in NP_BOUNDARY:
                break
            if tok.endswith(".") and low not in _ABBREVIATIONS and len(tok) > 2:
                end = m.end() - 1
                break
            if low not in ("and", "&"):
                only_demonyms = only_demonyms and low in DEMONYMS
            end = m.end()
            i += 1
        if end is None:
            return None
        return start, end

    # ---- speech

    def speeches_in(self, start: int, end: int, *, quote_verbs: bool = False) -> list[Speech]:
        """Verbs of saying in [start, end) with their resolved subjects, in order."""
        key = (start, end, quote_verbs)
        cached = self._speech_cache.get(key)
        if cached is not None and (cached[1] is None or cached[1] == len(self.speeches)):
            return cached[0]
        lookups = self._speaker_lookups
        found = self._speeches_in(start, end, quote_verbs)
        seen = len(self.speeches) if self._speaker_lookups != lookups else None
        self._speech_cache[key] = (found, seen)
        return found

    def _verbs_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """(start, end, verb) of the verbs of saying in [start, end) that start a word."""
        key = (start, end)
        found = self._verb_cache.get(key)
        if found is None:
            text = self.text
            found = [
                (match.start(), match.end(), match.group())
                for match in _VERB_RE.finditer(text, start, end)
                if not (match.start() and text[match.start() - 1].isalnum())  # not "unsaid"
            ]
            self._verb_cache[key] = found
        return found

    def _speeches_in(self, start: int, end: int, quote_verbs: bool) -> list[Speech]:
        found: list[Speech] = []
        for vstart, vend, verb in self._verbs_in(start, end):
            if not quote_verbs and verb not in SPEECH_VERBS and verb not in ("saying",):
                continue
            if verb in _NOUN_OR_VERB and _NOUN_CUE.search(
                self.text, max(start, vstart - 16), vstart
            ):
                continue
            if (
                verb.endswith("ed")
                and verb not in ("said",)
                and _PASSIVE_AFTER.match(self.text, vend, end)
            ):
                continue
            np_text: str | None = None
            source: str | None = None
            implied = False
            quoted_as = (
                _QUOTED_AS.search(self.text, max(start, vstart - 30), vstart)
                if self.text.find("quoted", max(start, vstart - 30), vstart) >= 0
                else None
            )
            vstart_np = quoted_as.start() if quoted_as else vstart
            span: tuple[int, int] | str | None = None
            if verb in QUOTE_PARTICIPLES and not quoted_as:
                actor = self.first_actor(start, vstart)
                implied = True
                if actor is not None:
                    source, np_text = actor.name, actor.text
            else:
                span = self.np_before(start, vstart_np)
                if span == "and":
                    implied = True
                    if found:
                        source, np_text = found[-1].source, found[-1].np_text
                elif span == "who":
                    comma = self.text.rfind(",", start, vstart)
                    antecedent = self.np_before(start, comma) if comma > start else None
                    if isinstance(antecedent, tuple):
                        np_text = self.text[antecedent[0] : antecedent[1]]
                        source = self.resolve(*antecedent)
                elif isinstance(span, tuple):
                    np_text = self.text[span[0] : span[1]]
                    source = self.resolve(*span)
                else:
                    # Inverted: "..., said Lee Seong-kweun." / "said a spokesman".
                    after = self.np_after(vend + 1, end) if vend < end else None
                    if after is not None and _SPACE_LETTER.match(self.text, vend, after[1]):
                        prev_char = self.text[start:vstart].rstrip()[-1:]
                        if prev_char in (",", MASK, "”", '"'):
                            np_text = self.text[after[0] : after[1]].strip()
                            source = self.resolve(*after)
            via = None
            if isinstance(span, tuple):
                lo = max(start, span[0] - 40)
                briefed = (
                    _BRIEFED_BY.search(self.text, lo, span[0])
                    if self.text.find("by", lo, span[0]) >= 0
                    else None
                )
                if briefed is not None:
                    relay = self.np_before(start, briefed.start())
                    via = self.resolve(*relay) if isinstance(relay, tuple) else None
            speech = Speech(verb, vstart, vend, source, np_text, implied, via)
            found.append(speech)
        return found

    def record(self, speeches: list[Speech]) -> None:
        """Remember speakers, in body order, so later pronouns can find them."""
        self.speeches.extend(s for s in speeches if s.np_text is not None)

    def attribution(self, start: int, end: int, at: int) -> Attribution:
        """Who the claim at `at`, inside the sentence [start, end), is attributed to.

        Only the clause holding the claim counts: in "..., according to Seoul; Kyiv puts the
        figure at 14,000" each number has its own source.
        """
        semicolon = self.text.rfind(";", start, at)
        start = semicolon + 1 if semicolon >= 0 else start
        following = self.text.find(";", at, end)
        end = following if following >= 0 else end
        # Both patterns need a word that a plain find rules out far faster than a regex scan.
        according = (
            _ACCORDING.search(self.text, start, end)
            if self.text.find("ccording", start, end) >= 0
            else None
        )
        if according is not None:
            # "according to a report by the Institute ...": the author is the source
            document = _DOCUMENT_BY.match(self.text, according.end(), end)
            span = self.np_after(document.end() if document else according.end(), end)
            if span is not None:
                who = self.resolve(*span)
                cited = _WHO_CITED.match(self.text, span[1], end)
                if cited is not None:
                    inner = self.np_after(self._after_citing(cited.end(), end), end)
                    if inner is not None:
                        return Attribution(self.resolve(*inner), who)
                return Attribution(who, None)
        speeches = [s for s in self.speeches_in(start, end) if s.source is not None]
        citing = (
            _CITING.search(self.text, start, end)
            if self.text.find("cit", start, end) >= 0 or self.text.find("quot", start, end) >= 0
            else None
        )
        if citing is not None:
            span = self.np_after(citing.end(), end)
            if span is not None and self._names_a_source(*span):
                # "Yonhap, citing a military source, reported ...": Yonhap relays it
                via = speeches[0].source if speeches else None
                return Attribution(self.resolve(*span), via)
        if not speeches:
            return Attribution(None, None)
        before = [s for s in speeches if s.verb_end <= at]
        chosen = before[-1] if before else speeches[0]
        return Attribution(chosen.source, chosen.via)

    def _names_a_source(self, start: int, end: int) -> bool:
        """ "citing the NIS" names a source; "citing satellite images" names evidence."""
        if self.mentions_in(start, end):
            return True
        words = self.text[start:end].lower().split()
        return bool(words) and words[-1].strip(".,") in _SOURCE_NOUNS

    def _after_citing(self, pos: int, end: int) -> int:
        """Where the source starts in "who cited intelligence from <source>"."""
        rest = _CITED_OBJECT.match(self.text, pos, end)
        return rest.end() if rest else pos


def _plural(phrase: str) -> bool:
    low = phrase.lower().rstrip(" .,")
    return bool(_AND.search(low)) or (low.endswith("s") and not low.endswith("ss"))
