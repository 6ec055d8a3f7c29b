"""Dates: ISO values, resolved against the published date, unresolved without one."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tasks.facts.dates import find_dates

PUBLISHED = datetime(2025, 7, 2, 15, 33)  # a Wednesday


def dates(text: str, published: datetime | date | None = PUBLISHED) -> list[tuple]:
    return [
        (d.text, d.value, d.value_max, d.unit) for d in find_dates(text, published_at=published)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("signed on June 19, 2024.", ("June 19, 2024", "2024-06-19", None, "day")),
        ("signed on 19 June 2024.", ("19 June 2024", "2024-06-19", None, "day")),
        ("filed 2025-06-30 by", ("2025-06-30", "2025-06-30", None, "day")),
        ("the invasion in February 2022.", ("February 2022", "2022-02", None, "month")),
        ("approving plans in late 2024.", ("late 2024", "2024", None, "year")),
        ("the Korean War (1950-53) ended", ("1950-53", "1950", "1953", "year")),
        ("in the summer of 2024", ("summer of 2024", "2024-06", "2024-08", "season")),
    ],
)
def test_absolute_dates_need_no_published_date(text: str, expected: tuple) -> None:
    assert dates(text, None) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a ceremony on Friday", ("Friday", "2025-06-27", None, "day")),
        ("said Wednesday", ("Wednesday", "2025-07-02", None, "day")),
        ("officially confirmed in April", ("April", "2025-04", None, "month")),
        ("held in October", ("October", "2024-10", None, "month")),
        ("sent its first soldiers last fall", ("last fall", "2024-09", "2024-11", "season")),
        ("a pact signed last year", ("last year", "2024", None, "year")),
        ("Last week, lawmaker Lee said", ("Last week", "2025-W26", None, "week")),
        ("as early as this month", ("this month", "2025-07", None, "month")),
        ("two weeks ago", ("two weeks ago", "2025-W25", None, "week")),
        ("a ceremony on June 28", ("June 28", "2025-06-28", None, "day")),
        ("yesterday's parade", ("yesterday", "2025-07-01", None, "day")),
    ],
)
def test_relative_dates_resolve_against_the_published_date(text: str, expected: tuple) -> None:
    assert dates(text) == [expected]


def test_relative_dates_without_a_published_date_keep_their_text_and_no_value() -> None:
    assert dates("it is believed Pyongyang sent its first soldiers last fall", None) == [
        ("last fall", None, None, "season")
    ]
    assert dates("a ceremony on Friday and in April", None) == [
        ("Friday", None, None, "day"),
        ("April", None, None, "month"),
    ]


def test_a_sentence_about_the_future_resolves_forward() -> None:
    assert dates("Kim will visit Moscow on Friday") == [("Friday", "2025-07-04", None, "day")]
    assert dates(
        "The agency believes they will be deployed as early as between July and August"
    ) == [("between July and August", "2025-07", "2025-08", "month")]


def test_modifiers_are_kept_as_the_qualifier() -> None:
    found = find_dates("troops have arrived since June, in early July", published_at=PUBLISHED)
    assert [(d.text, d.qualifier) for d in found] == [("June", "since"), ("early July", "early")]


def test_names_and_recurring_days_are_not_dates() -> None:
    assert dates("at the April 25 House of Culture") == []
    assert dates("you will receive it every Friday") == []
    text = "ceremony at the April 25 House of Culture"
    start = text.index("April")
    blocked = [(start, start + len("April 25 House of Culture"))]
    assert find_dates(text, published_at=PUBLISHED, blocked=blocked) == []


def test_times_and_counts_are_not_dates() -> None:
    assert dates("updated at 15:42 as 2,000 troops and 2000 soldiers arrived") == []


def test_offsets_are_shifted_into_the_body() -> None:
    found = find_dates("on Friday", published_at=PUBLISHED, offset=100)
    assert (found[0].start, found[0].end) == (103, 109)


def test_last_and_next_month_names_resolve_around_the_published_date() -> None:
    assert dates("shipped since last August") == [("last August", "2024-08", None, "month")]
    assert dates("talks planned for next March") == [("next March", "2026-03", None, "month")]


def test_a_day_without_a_year_is_the_nearest_one_to_the_published_date() -> None:
    assert dates("the exhibit runs until Aug. 31") == [("Aug. 31", "2025-08-31", None, "day")]
    assert dates("a parade on Dec. 12", datetime(2025, 1, 5)) == [
        ("Dec. 12", "2024-12-12", None, "day")
    ]


def test_every_abbreviation_of_the_date_grammar_is_read_with_its_full_stop() -> None:
    assert dates("the fair closes on Jun. 14") == [("Jun. 14", "2025-06-14", None, "day")]
    assert dates("filed Jul. 9, 2023, in court") == [("Jul. 9, 2023", "2023-07-09", None, "day")]
    assert dates("the Sept 5 deadline") == []  # an abbreviation without its stop is not one


def test_next_year_elsewhere_in_the_sentence_does_not_make_a_weekday_future() -> None:
    text = "They agreed to hold talks next year, according to a statement on Saturday."
    assert dates(text, datetime(2025, 6, 22)) == [
        ("next year", "2026", None, "year"),
        ("Saturday", "2025-06-21", None, "day"),
    ]
