"""Counts: a number tied to an event by a predicate, with its hedge, range and subject."""

from __future__ import annotations

import pytest

from tasks.facts import extract_facts, load_entity_catalog
from tasks.facts.counts import find_counts, subject_key


def counts(text: str) -> list[tuple]:
    return [
        (c.predicate, c.value, c.value_max, c.qualifier, c.unit, c.subject_key)
        for c in find_counts(text, 0, [])
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "approximately 600 soldiers have been killed",
            ("killed", "600", None, "approximately", None, "troops"),
        ),
        (
            "Around 600 North Korean soldiers have been killed",
            ("killed", "600", None, "approximately", None, "troops"),
        ),
        (
            "At least hundreds of North Korean troops are believed to have been killed",
            ("killed", "200", None, "at least", None, "troops"),
        ),
        (
            "up to 15,000 North Korean troops fought alongside Russian forces",
            ("fought", "15000", "15000", "up to", None, "troops"),
        ),
        (
            "the number of troops involved could be as high as 15,000",
            ("deployed", "15000", "15000", "up to", None, "troops"),
        ),
        (
            "North Korea has dispatched several thousand troops",
            ("deployed", "2000", "9000", "indefinite", None, "troops"),
        ),
        (
            "Kim said that nine members of the regiment were killed",
            ("killed", "9", None, None, None, "troops"),
        ),
        (
            "has sent between 10,000 and 12,000 troops to Russia",
            ("deployed", "10000", "12000", "between", None, "troops"),
        ),
        (
            "More than a dozen North Korean soldiers were captured",
            ("captured", "12", None, "more than", None, "troops"),
        ),
        (
            "Nearly 500 members of the brigade were killed or wounded",
            ("casualties", "500", None, "nearly", None, "troops"),
        ),
        (
            "the NIS put the number of North Korean casualties at 4,700",
            ("casualties", "4700", None, None, None, "casualties"),
        ),
        (
            "Except for the heart-rending loss of nine lives",
            ("killed", "9", None, None, None, "lives"),
        ),
        (
            "supplied Russia with more than 12 million artillery shells",
            ("supplied", "12000000", None, "more than", None, "munitions"),
        ),
        (
            "the 1,500 wounded soldiers evacuated to Pyongyang",
            ("wounded", "1500", None, None, None, "troops"),
        ),
    ],
)
def test_counts_carry_value_range_hedge_predicate_and_subject(text: str, expected: tuple) -> None:
    assert counts(text) == [expected]


def test_a_second_number_joined_by_and_shares_the_predicate() -> None:
    text = (
        "North Korea had agreed to send 1,000 combat engineers and 5,000 military "
        "construction workers to help rebuild the region."
    )
    assert counts(text) == [
        ("agreed_to_send", "1000", None, None, None, "engineers"),
        ("agreed_to_send", "5000", None, None, None, "workers"),
    ]
    arrived = counts("Some 600 construction workers and 400 military engineers arrived in Kursk.")
    assert [c[:2] for c in arrived] == [("deployed", "600"), ("deployed", "400")]


def test_one_number_for_two_kinds_of_worker_keeps_both_in_the_subject() -> None:
    text = (
        "Pyongyang and Moscow have agreed on an additional dispatch of 6,000 military "
        "engineers and construction workers."
    )
    assert counts(text) == [("agreed_to_send", "6000", None, None, None, "engineers and workers")]


def test_an_elided_subject_is_taken_from_the_count_before_it() -> None:
    found = find_counts("600 soldiers have been killed, with thousands more injured.", 0, [])
    assert [(c.predicate, c.subject) for c in found] == [
        ("killed", "soldiers"),
        ("wounded", "soldiers"),
    ]
    honoring = find_counts(
        "Kim welcomed home specialized soldiers, honoring nine killed in action.", 0, []
    )
    assert [(c.predicate, c.value, c.subject) for c in honoring] == [
        ("killed", "9", "specialized soldiers")
    ]


def test_a_partitive_counts_part_of_the_group_named_before() -> None:
    found = find_counts("and that at least 100 of them had been killed in combat.", 0, [],
                        earlier_subject="North Korean soldiers")  # fmt: skip
    assert [(c.predicate, c.value, c.qualifier, c.subject) for c in found] == [
        ("killed", "100", "at least", "North Korean soldiers")
    ]
    unit = counts("told interrogators that 27 of the 30 men in his unit were killed")
    assert unit == [("killed", "27", None, None, None, "troops")]


def test_killers_are_not_counted_as_killed() -> None:
    assert counts("200 North Korean soldiers killed 50 Ukrainians in the raid") == [
        ("killed", "50", None, None, None, "ukrainian")
    ]
    assert counts("North Korean troops killed 70 Ukrainian soldiers") == [
        ("killed", "70", None, None, None, "troops")
    ]


def test_deployment_lengths_are_durations_with_a_unit() -> None:
    assert counts("nine were killed during the 120-day deployment that began in August") == [
        ("killed", "9", None, None, None, None),
        ("deployed", "120", None, None, "day", None),
    ]
    assert counts("the troops were deployed for about six months") == [
        ("deployed", "6", None, "approximately", "month", None)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "a concert marking the first anniversary of a new treaty",
        "ordering the dispatched troops to conduct attacks three times",
        "returning members of North Korea's 528th Regiment of Engineers",
        "at the April 25 House of Culture in Pyongyang",
        "support us monthly starting from just $2",
        "Russia's nearly four-year invasion of Ukraine",
        "in a matter of less than three months",
        "the pain of waiting over the 120 days",
        "Photos showed Mr. Kim hugging returning soldiers, including five in wheelchairs.",
        "there was at least one incident where a North Korean soldier died",
        "North Korea has about 1.2 million active-duty troops, one of the largest armies",
        "call 02-3210-5678 before 18:00, or 40 percent of readers will miss it",
        "the prisoner, 26, said in a video",
        "4 Comments",
    ],
)
def test_numbers_that_are_not_counts_of_an_event_are_ignored(text: str) -> None:
    assert counts(text) == []


def test_numbers_inside_blocked_spans_are_ignored() -> None:
    text = "2,000 soldiers were killed and 3,000 soldiers were wounded"
    start = text.index("3,000")
    assert [c.value for c in find_counts(text, 0, [(start, start + 5)])] == ["2000"]


def test_count_offsets_cover_the_hedge_number_and_subject() -> None:
    text = "South Korea's spy agency estimates that approximately 600 soldiers have been killed."
    (count,) = find_counts(text, 10, [])
    assert text[count.start - 10 : count.end - 10] == "approximately 600 soldiers"


@pytest.mark.parametrize(
    ("subject", "key"),
    [
        ("North Korean soldiers", "troops"),
        ("troops", "troops"),
        ("members of the regiment", "troops"),
        ("combat engineers", "engineers"),
        ("military engineers and construction workers", "engineers and workers"),
        ("long-range artillery pieces", "munitions"),
        ("sappers", "engineers"),
        (None, None),
    ],
)
def test_subjects_fold_to_a_comparable_key(subject: str | None, key: str | None) -> None:
    assert subject_key(subject) == key


@pytest.mark.parametrize(
    "text",
    [
        "Instead, they lost 24-17.",
        "The reeling Predators have lost five straight.",
        "SPX lost 1.85 points, or 0.06%, to 3,120.18.",
        "She sent 12 of the best ones to a music lawyer.",
        "the tariffs would kill 195,600 full-time-equivalent jobs",
        "the British royal spending three days at the mansion",
    ],
)
def test_counts_of_things_that_are_not_people_or_materiel_are_dropped(text: str) -> None:
    assert counts(text) == []


def test_a_nouns_own_predicate_is_not_shared_with_its_neighbour() -> None:
    assert counts("there were 26 cases and 11 deaths between 2009 and 2018") == [
        ("killed", "11", None, None, None, "deaths")
    ]


def test_losses_of_people_and_a_units_time_at_the_front_still_count() -> None:
    assert counts("The regiment lost nine soldiers in Kursk.") == [
        ("killed", "9", None, None, None, "troops")
    ]
    assert counts("the unit had spent 98 days clearing mines") == [
        ("deployed", "98", None, None, "day", None)
    ]


def test_a_predicate_spelled_with_a_look_alike_letter_is_no_count_and_no_crash() -> None:
    # 'ſ' (long s) matches 's' case-insensitively but does not lower-case back to it.
    facts = extract_facts(
        "Officials said 30 soldiers were miſſing in action.",
        published_at=None,
        catalog=load_entity_catalog(),
    )
    assert all(fact.predicate != "missing" for fact in facts.facts)
