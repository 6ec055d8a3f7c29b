"""Word lists the rules share: predicates, counted nouns, speech verbs, demonyms.

Kept in one place so a new way of saying "killed" is one edit, and the extractor version bumps.
"""

from __future__ import annotations

import re


def _words(text: str) -> list[str]:
    """A word list written as one string, to keep long lists readable."""
    return text.split()


# What is counted: head noun -> class used to compare subjects across reports.
PERSON_HEADS: dict[str, str] = {
    **dict.fromkeys(
        _words(
            "troops soldiers servicemen servicemembers personnel fighters infantrymen commandos "
            "paratroopers marines conscripts recruits reservists men officers snipers pilots "
            "operators gunners crews mercenaries"
        ),
        "troops",
    ),
    **dict.fromkeys(["engineers", "sappers", "deminers"], "engineers"),
    **dict.fromkeys(["workers", "laborers", "labourers", "builders"], "workers"),
    **dict.fromkeys(
        _words(
            "protesters demonstrators migrants refugees passengers villagers journalists "
            "patients students policemen police guards cadets miners fishermen sailors crew "
            "crewmen defectors hostages detainees inmates victims citizens nationals"
        ),
        "people",
    ),
    "civilians": "civilians",
    "people": "people",
    "residents": "civilians",
    "children": "children",
    "women": "women",
    "prisoners": "prisoners",
    "captives": "prisoners",
    "pows": "prisoners",
    "specialists": "specialists",
    "instructors": "advisers",
    "advisers": "advisers",
    "advisors": "advisers",
    "volunteers": "volunteers",
    "members": "members",
    "units": "units",
    "battalions": "units",
    "brigades": "units",
    "regiments": "units",
    "divisions": "units",
    "bodies": "remains",
    "remains": "remains",
    "coffins": "remains",
    "lives": "lives",
    "casualties": "casualties",
    "losses": "casualties",
    "deaths": "deaths",
    "fatalities": "deaths",
    "dead": "deaths",
    "injuries": "injuries",
    "soldier": "troops",
    "person": "people",
    "civilian": "civilians",
    "engineer": "engineers",
    "worker": "workers",
    "prisoner": "prisoners",
    "officer": "troops",
    "member": "members",
}
THING_HEADS: dict[str, str] = {
    **dict.fromkeys(
        _words(
            "shells rounds missiles rockets weapons drones howitzers launchers guns grenades "
            "mines munitions artillery ammunition pieces systems"
        ),
        "munitions",
    ),
    **dict.fromkeys(["tanks", "vehicles", "trucks", "trains", "containers"], "vehicles"),
}
# Heads that carry their own predicate ("600 casualties", "nine deaths").
NOUN_PREDICATES: dict[str, str] = {
    "casualties": "casualties",
    "losses": "casualties",
    "deaths": "killed",
    "fatalities": "killed",
    "dead": "killed",
    "injuries": "wounded",
}
# Military units: "members of the regiment" are troops.
UNIT_NOUNS = frozenset(
    (
        "regiment", "unit", "units", "battalion", "brigade", "division", "corps", "army", "forces",
        "force", "contingent", "detachment", "company", "platoon", "squad",
    )
)  # fmt: skip

# After the counted noun (passive or intransitive): "600 soldiers have been killed".
PREDICATE_AFTER: dict[str, str] = {
    "killed or wounded": "casualties",
    "killed and wounded": "casualties",
    "killed or injured": "casualties",
    "killed and injured": "casualties",
    "dead or wounded": "casualties",
    "killed in action": "killed",
    "lost their lives": "killed",
    "missing in action": "missing",
    "taken prisoner": "captured",
    "taken captive": "captured",
    "taken prisoners": "captured",
    "came home": "returned",
    "come home": "returned",
    "returned home": "returned",
    "welcomed home": "returned",
    "took part": "fought",
    "were sent": "deployed",
    **dict.fromkeys(["killed", "dead", "died", "die", "perished", "slain"], "killed"),
    **dict.fromkeys(["wounded", "injured", "hurt", "maimed"], "wounded"),
    **dict.fromkeys(
        _words(
            "deployed sent dispatched stationed posted transferred mobilized mobilised rotated "
            "involved serving deploying arrived arrive arriving"
        ),
        "deployed",
    ),
    **dict.fromkeys(["fought", "fighting", "fight", "battled", "participated"], "fought"),
    **dict.fromkeys(["captured", "surrendered"], "captured"),
    **dict.fromkeys(["returned", "repatriated"], "returned"),
    "missing": "missing",
    "unaccounted": "missing",
}
# Before the number (verb + object): "dispatched several thousand troops".
PREDICATE_BEFORE: list[tuple[str, str]] = [
    (r"(?:killed|killing)\s+(?:or|and)\s+(?:wounded|wounding|injured|injuring)", "casualties"),
    (
        r"(?:supplied|supplying|supplies|provided|providing|provides)\s+(?:[A-Z][\w’'-]*\s+){1,3}with",
        "supplied",
    ),
    (r"(?:rotated|rotating|brought|bringing|sent|sending|moved|moving)\s+in", "deployed"),
    (
        r"agreed\s+(?:to|on)\s+(?:an?\s+|the\s+)?(?:additional\s+|further\s+|new\s+)?"
        r"(?:send(?:ing)?|deploy(?:ing)?|dispatch(?:ing)?|provide|supply|deployment\s+of|dispatch\s+of)",
        "agreed_to_send",
    ),
    (
        r"agreed\s+that\s+(?:[\w’'-]+\s+){1,3}(?:will|would|could|is\s+to|are\s+to)\s+"
        r"(?:send|deploy|dispatch|provide)",
        "agreed_to_send",
    ),
    (
        r"(?:pledged|promised|offered|committed|decided|plans?|planning|agreement)\s+to\s+"
        r"(?:send|deploy|dispatch|provide)",
        "agreed_to_send",
    ),
    (r"(?:deployment|dispatch|transfer|arrival)\s+of", "deployed"),
    (r"(?:deaths?|killing|loss|losses)\s+of", "killed"),
    (r"(?:return|repatriation|homecoming)\s+of", "returned"),
    (r"capture\s+of", "captured"),
    (
        r"(?:sent|send|sends|sending|deployed|deploy|deploys|deploying|dispatched|dispatch"
        r"|dispatches|dispatching|mobilized|mobilised|mobilizing|transferred|transferring"
        r"|stationed|rotated|rotating)",
        "deployed",
    ),
    (
        r"(?:killed|kill|kills|killing|eliminated|eliminating|eliminate|neutralized"
        r"|neutralised|lost|losing|lose|loses)",
        "killed",
    ),
    (r"(?:wounded|wounding|injured|injuring|injure|wound)", "wounded"),
    (r"(?:captured|capturing|capture|captures|took\s+prisoner|taken\s+prisoner)", "captured"),
    (r"(?:repatriated|repatriating|repatriate|welcomed\s+home|welcoming\s+home)", "returned"),
    (r"(?:suffered|suffering|sustained|sustaining|inflicted|incurred)", "casualties"),
    (
        r"(?:supplied|supplying|shipped|shipping|delivered|delivering|provided|providing)",
        "supplied",
    ),
]
# Words that may stand between a verb and its counted object: "sent an additional 6,000".
OBJECT_FILLER = (
    r"(?:(?:an?|the|some|another|additional|an\s+additional|a\s+further|further|extra|more|its|"
    r"their|his|her|over|at\s+least|as\s+many\s+as|up\s+to|roughly|about|around|nearly|almost|"
    r"approximately|an\s+estimated|estimated|only|just|also|already|reportedly|allegedly)\s+)*"
)
# Between the counted noun and its predicate: "are believed to have been", "were reportedly".
AUX_FILLER = re.compile(
    r"^(?:\s*,?\s*(?:have|has|had|were|was|are|is|been|being|be|will|would|could|may|might|"
    r"more|reportedly|allegedly|already|also|all|now|since|later|recently|believed\s+to\s+have|"
    r"thought\s+to\s+have|said\s+to\s+have|estimated\s+to\s+have|feared|likely|probably|"
    r"expected\s+to|due\s+to|set\s+to|about\s+to|"
    r"confirmed|officially|who|that|which|subsequently|eventually|either|were\s+either))*\s+",
    re.IGNORECASE,
)
DURATION_NOUNS = frozenset(
    (
        "deployment", "deployments", "mission", "missions", "tour", "tours", "operation",
        "operations", "dispatch", "stint", "rotation", "assignment", "posting", "campaign",
    )
)  # fmt: skip

# Verbs that attribute a claim to their subject.
SPEECH_VERBS = frozenset(
    (
        "said", "says", "say", "told", "tells", "estimated", "estimates", "estimate", "believes",
        "believe", "reported", "reports", "claimed", "claims", "claim", "announced", "announces",
        "stated", "states", "confirmed", "confirms", "added", "adds", "noted", "notes", "wrote",
        "writes", "assessed", "assesses", "disclosed", "discloses", "revealed", "reveals",
        "briefed", "warned", "warns", "acknowledged", "acknowledges", "admitted", "admits",
        "suggested", "suggests", "indicated", "indicates", "calculated", "calculates", "predicted",
        "predicts", "explained", "explains", "put", "puts", "reporting", "estimating", "assessing",
    )
)  # fmt: skip
# Further verbs that can introduce a quotation (besides SPEECH_VERBS).
QUOTE_VERBS = SPEECH_VERBS | frozenset(
    (
        "thanked", "praised", "called", "calls", "described", "describes", "referred", "refers",
        "urged", "urges", "vowed", "vows", "declared", "declares", "spoke", "speaks", "shouted",
        "chanted", "promised", "pledged", "asked", "replied", "responded", "stressed", "emphasized",
        "emphasised", "hailed", "lauded", "recalled", "insisted",
    )
)  # fmt: skip
# Participles whose subject is the clause's main subject: "..., referring to them as "heroes"".
QUOTE_PARTICIPLES = frozenset(
    (
        "saying", "calling", "describing", "referring", "reading", "adding", "noting", "praising",
        "vowing", "urging",
    )
)  # fmt: skip

# Nationality words: stripped from subjects, and allowed in "South Korean, U.S., and ...".
DEMONYMS = frozenset(
    (
        "north", "south", "korean", "korean", "russian", "ukrainian", "american", "u.s.", "us",
        "chinese", "western", "foreign", "japanese", "british", "european", "allied", "pyongyang's",
        "seoul's", "moscow's", "kyiv's",
    )
)  # fmt: skip
# Subject words that carry no class information.
SUBJECT_NOISE = frozenset(
    (
        "the", "a", "an", "more", "additional", "other", "extra", "further", "new", "fresh",
        "specialized", "specialised", "elite", "fallen", "dead", "deceased", "returning",
        "returned", "dispatched", "deployed", "remaining", "surviving", "wounded", "injured", "its",
        "their", "his", "her", "of", "some", "those", "these", "such", "military",
    )
)  # fmt: skip

# Words that end a noun phrase when scanning backwards from a verb.
NP_BOUNDARY = frozenset(
    (
        "that", "which", "where", "when", "as", "while", "because", "since", "but", "if", "though",
        "although", "after", "before", "so", "then", "than", "of", "in", "on", "at", "by", "with",
        "for", "from", "to", "into", "about", "against", "during", "over", "under", "between",
        "among", "without", "within", "including", "like", "unlike", "via", "per", "is", "are",
        "was", "were", "has", "have", "had", "be", "been", "being", "do", "does", "did", "not",
        "also",
    )
)  # fmt: skip
PRONOUNS = {"he": "person", "she": "person", "they": "plural", "it": "org"}
