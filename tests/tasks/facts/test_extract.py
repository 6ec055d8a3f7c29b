"""The parser-based extractor on the kinds of sentences issue 11 names, quotes in every mark,
and bad input that must give no facts and a reason (real model, loaded once per session)."""

from __future__ import annotations

import pytest

from tasks.facts import Fact

NUMERIC = ("count", "money", "measure", "percent")


def the(extract, text: str, number: str) -> Fact:
    facts = [f for f in extract(text).facts if f.kind in NUMERIC and number in f.text]
    assert len(facts) == 1, [f.text for f in extract(text).facts]
    return facts[0]


@pytest.mark.parametrize(
    ("text", "number", "kind", "value", "subject", "lemma", "event", "source"),
    [
        (
            "Rescue teams pulled 17 survivors from collapsed buildings, according to the Red "
            "Crescent.",
            "17", "count", 17, "survivor", "pull", "rescued", "the Red Crescent",
        ),
        (
            "Officials said about 8,000 homes had been destroyed.",
            "8,000", "count", 8000, "home", "destroy", "destroyed", "Officials",
        ),
        (
            "The interior ministry said 312 demonstrators were detained overnight.",
            "312", "count", 312, "demonstrator", "detain", "arrested", "The interior ministry",
        ),
        (
            "The ministry said 40 firefighters were killed.",
            "40", "count", 40, "firefighter", "kill", "killed", "The ministry",
        ),
        (
            "88,000 positions were added last month, according to Statistics Canada.",
            "88,000", "count", 88000, "position", "add", "increased", "Statistics Canada",
        ),
        (
            "JPMorgan earned $4.9 billion.",
            "4.9", "money", 4.9e9, None, "earn", "earned", None,
        ),
        (
            "The fire has burned more than 12,000 acres and forced 3,000 residents to evacuate.",
            "12,000", "measure", 12000, None, "burn", "destroyed", None,
        ),
        (
            "12 members of North Korea's 528th Regiment were killed, Interior Minister Farid "
            "Osmani said.",
            "12", "count", 12, "member", "kill", "killed", "Interior Minister Farid Osmani",
        ),
    ],
)  # fmt: skip
def test_what_is_counted_what_happened_and_who_says_so(
    extract, text, number, kind, value, subject, lemma, event, source
) -> None:
    fact = the(extract, text, number)
    assert (fact.kind, fact.value, fact.subject_key) == (kind, value, subject)
    assert (fact.predicate_lemma, fact.predicate, fact.source) == (lemma, event, source)


def test_a_measure_has_its_unit_and_a_percentage_what_it_is_of(extract) -> None:
    assert the(extract, "The quake had a magnitude of 7.8.", "7.8").unit == "magnitude"
    fact = the(extract, "The jobless rate fell to 6.6 per cent.", "6.6")
    assert (fact.kind, fact.subject_key, fact.predicate_lemma) == ("percent", "rate", "fall")


def test_unmapped_predicates_are_their_own_class(extract) -> None:
    fact = the(extract, "The club has signed 3 goalkeepers.", "3")
    assert (fact.predicate_lemma, fact.predicate) == ("sign", "sign")


def test_the_death_toll_is_an_event_noun(extract) -> None:
    fact = the(extract, "The death toll was 40, officials said.", "40")
    assert (fact.predicate_lemma, fact.predicate, fact.source) == ("toll", "killed", "officials")


def test_figures_inside_a_quotation_belong_to_its_speaker(extract) -> None:
    fact = the(extract, "“We pulled 17 people out alive,” said fire chief Ana Ruiz.", "17")
    assert fact.source == "fire chief Ana Ruiz"


def quotes(extract, body: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.source) for f in extract(body).facts if f.kind == "quote"]


@pytest.mark.parametrize(("open_", "close"), [("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'")])
def test_quotes_in_every_mark_with_the_speaker_after(extract, open_, close) -> None:
    body = f"{open_}We will rebuild every home in this town,{close} Mayor Jane Doe said."
    assert quotes(extract, body) == [("We will rebuild every home in this town", "Mayor Jane Doe")]


def test_speaker_before_the_quotation_and_short_names_joined(extract) -> None:
    body = (
        "Interior Minister Farid Osmani spoke on Monday.\n\n"
        "Osmani said: “The operation will continue until every family is safe.”"
    )
    assert quotes(extract, body) == [
        ("The operation will continue until every family is safe.", "Farid Osmani")
    ]


def test_a_quotation_across_paragraphs_is_one_quote(extract) -> None:
    body = (
        "“We heard the walls crack and ran outside with the children.\n\n"
        "“Then the whole building came down behind us,” said resident Maria Lopez."
    )
    (quote,) = quotes(extract, body)
    assert quote[0].startswith("We heard") and quote[0].endswith("behind us")
    assert quote[1] == "resident Maria Lopez"


def test_he_is_the_last_person_who_was_a_subject_in_the_paragraph(extract) -> None:
    body = (
        "President Ahmed Karim visited the site on Tuesday. Resident Omar Haddad lost his home.\n\n"
        "“We have nothing left at all,” he said."
    )
    assert quotes(extract, body) == [("We have nothing left at all", "Omar Haddad")]


def test_unsure_speakers_stay_null_and_apostrophes_are_not_quotes(extract) -> None:
    body = "The workers' union and the drivers' union met. “This cannot go on like this.”"
    assert quotes(extract, body) == [("This cannot go on like this.", None)]
    assert quotes(extract, "She called it ‘Star Wars’ and left.") == []


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("🔥🔥🔥 😱😱 🙏", "no text"),
        (
            "Die Feuerwehr hat am Montag 40 Menschen aus den Trümmern gerettet, teilte die "
            "Polizei mit. Mehr als 300 Häuser wurden nach Angaben der Behörden zerstört.",
            "language: de",
        ),
        ("word " * 100_000, "too long"),
    ],
)
def test_bad_input_gives_no_facts_and_a_reason(extractor, body, reason) -> None:
    found = extractor.extract(body)
    assert found.facts == () and found.skipped is not None and found.skipped.startswith(reason)


def test_a_huge_table_like_sentence_is_skipped_not_parsed(extractor) -> None:
    table = " ".join(f"{n} units" for n in range(2000))
    found = extractor.extract(f"{table}\n\nOfficials said 40 people died.")
    assert found.sentences_skipped == 1
    assert [f.value for f in found.facts if f.kind == "count"] == [40]


def test_entities_from_the_model_join_short_forms(extractor) -> None:
    found = extractor.extract(
        "Interior Minister Farid Osmani said 40 people died. Osmani said 12 were missing."
    )
    people = {(m.text, m.name) for m in found.mentions if m.label == "PERSON"}
    assert ("Osmani", "Farid Osmani") in people
