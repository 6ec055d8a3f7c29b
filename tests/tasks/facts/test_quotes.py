"""Quotations and their speakers."""

from __future__ import annotations

from collections.abc import Callable

from tasks.facts import ExtractedFacts


def quotes(extract: Callable[..., ExtractedFacts], body: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.source) for f in extract(body).by_kind("quote")]


def test_attribution_after_a_quote_that_opens_the_sentence(extract) -> None:
    body = "“Our soldiers fought bravely,” Kim Jong Un told a rally. “They will be remembered.”"
    assert quotes(extract, body) == [
        ("Our soldiers fought bravely", "Kim Jong Un"),
        ("They will be remembered", "Kim Jong Un"),
    ]


def test_the_verb_before_an_embedded_quote_names_the_speaker_not_the_outlet(extract) -> None:
    body = (
        "Kim Jong Un spoke. Kim said the soldiers had written “letters to their hometowns”, "
        "the Korean Central News Agency (KCNA) reported."
    )
    assert quotes(extract, body) == [("letters to their hometowns", "Kim Jong Un")]


def test_inverted_attribution_and_pronouns(extract) -> None:
    body = (
        "“We will never surrender,” said Vladimir Putin. Kim Jong Un arrived later. "
        "He said the troops had managed to “work a miracle”."
    )
    assert quotes(extract, body) == [
        ("We will never surrender", "Vladimir Putin"),
        ("work a miracle", "Kim Jong Un"),
    ]


def test_a_participle_quote_belongs_to_the_clause_subject(extract) -> None:
    body = 'North Korean leader Kim Jong Un honored the fallen, referring to them as "heroes."'
    assert quotes(extract, body) == [("heroes", "Kim Jong Un")]


def test_a_relative_clause_speaker_is_its_antecedent(extract) -> None:
    body = (
        "Kim received a letter from Russian President Vladimir Putin, "
        'who described the troops as "heroic."'
    )
    assert quotes(extract, body) == [("heroic", "Vladimir Putin")]


def test_appositives_and_clauses_between_speaker_and_verb_are_skipped(extract) -> None:
    body = (
        "Kim Yo Jong, the leader’s sister, said the South’s claims were “a pack of lies.” "
        "“I was told we were going to Russia,” the prisoner, who gave his age as 26, said."
    )
    assert quotes(extract, body) == [
        ("a pack of lies", "Kim Yo Jong"),
        ("I was told we were going to Russia", "prisoner"),
    ]


def test_a_colon_introduces_a_quote_in_the_next_paragraph_left_open(extract) -> None:
    body = (
        "Lee Seong-kweun told reporters:\n\n"
        '"The casualties include about 400 deaths. More than 1,000 have been wounded.\n\n'
        '"The troops are poorly prepared for drone warfare," he added.'
    )
    found = extract(body)
    assert [(f.text, f.source) for f in found.by_kind("quote")] == [
        (
            "The casualties include about 400 deaths. More than 1,000 have been wounded",
            "Lee Seong-kweun",
        ),
        ("The troops are poorly prepared for drone warfare", "Lee Seong-kweun"),
    ]
    # counts inside a quotation are the speaker's claims
    assert {(f.value, f.source) for f in found.by_kind("count")} == {
        ("400", "Lee Seong-kweun"),
        ("1000", "Lee Seong-kweun"),
    }


def test_nested_single_quotes_stay_inside_the_quotation(extract) -> None:
    body = "Kim Jong Un told the troops: \"You wrote 'victory' in your letters.\""
    assert quotes(extract, body) == [("You wrote 'victory' in your letters", "Kim Jong Un")]


def test_a_speaker_named_in_the_next_sentence(extract) -> None:
    body = '"We will send more." That was the message from Choe Son Hui during talks in Moscow.'
    assert quotes(extract, body) == [("We will send more", "Choe Son Hui")]


def test_scare_quotes_and_captions_without_a_speaker_have_none(extract) -> None:
    body = (
        "A document appeared to show plans for the “liberation of Kursk”.\n\n"
        "“Oh, our heroes.”\n\n"
        "When a song starts playing, images are shown."
    )
    assert quotes(extract, body) == [("liberation of Kursk", None), ("Oh, our heroes", None)]


def test_broadcast_speaker_lines_introduce_unquoted_soundbites(extract) -> None:
    body = (
        "North Korea is now showcasing what it once denied, months after admitting it.\n\n"
        "N. Korean Central TV\n\n"
        "The friendship built between the two countries' militaries in blood.\n\n"
        "Hong Min / Korea Institute for Nat’l Unification\n\n"
        "The regime needs these soldiers to be seen as heroes, not victims."
    )
    assert quotes(extract, body) == [
        (
            "The friendship built between the two countries' militaries in blood",
            "Korean Central Television",
        ),
        ("The regime needs these soldiers to be seen as heroes, not victims", "Hong Min"),
    ]


def test_a_photo_credit_before_the_report_is_not_a_speaker_line(extract) -> None:
    body = (
        "KCNA\n\nNorth Korean state media on Tuesday released images of leader Kim Jong Un "
        "mourning over coffins of soldiers.\n\nAttendees were seen in tears."
    )
    assert quotes(extract, body) == []


def test_quote_offsets_index_the_quotation_without_its_marks(extract) -> None:
    body = "Kim Jong Un said: “We won.”"
    (quote,) = extract(body).by_kind("quote")
    assert body[quote.start_char : quote.end_char] == "We won"
    assert quote.sentence == body
