"""The shared date grammar (tasks/dates.py): its vocabulary and the shapes it builds."""

from __future__ import annotations

import re

import pytest

from tasks import dates


def _full(pattern: str, text: str, flags: int = 0) -> dict[str, str] | None:
    match = re.fullmatch(pattern, text, flags)
    return None if match is None else {k: v for k, v in match.groupdict().items() if v}


@pytest.mark.parametrize(
    ("spelling", "number"),
    [("January", 1), ("Sept.", 9), ("sep", 9), ("JUNE", 6), ("jul.", 7), ("May", 5), ("dec", 12)],
)
def test_month_number_reads_a_month_as_printed(spelling: str, number: int) -> None:
    assert dates.month_number(spelling) == number


@pytest.mark.parametrize("word", ["Mayday", "Ju", "Sept..", "Thursday"])
def test_month_number_refuses_other_words(word: str) -> None:
    with pytest.raises(KeyError):
        dates.month_number(word)


def test_edited_prose_writes_an_abbreviation_with_its_full_stop() -> None:
    mon = dates.month(dot="abbreviations")
    assert re.fullmatch(mon, "Sept.") and re.fullmatch(mon, "Jun.")
    assert re.fullmatch(mon, "September") and re.fullmatch(mon, "May")
    assert not re.fullmatch(mon, "Sept") and not re.fullmatch(mon, "May.")
    assert not re.fullmatch(mon, "june")  # capitalised: "may" is a verb


def test_page_furniture_may_drop_or_add_the_full_stop() -> None:
    mon = dates.month(dot="optional")
    for text in ("Sept", "Sept.", "SEPT", "June.", "dec"):
        assert re.fullmatch(mon, text, re.IGNORECASE), text
    # The longest spelling is tried first: "Sept. 4" is not "Sep" and a stray "t. 4".
    assert re.match(mon, "September 4").group() == "September"


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("June 19, 2024", {"mon": "June", "d": "19", "y": "2024"}),
        ("Sept. 5th 2023", {"mon": "Sept.", "d": "5", "y": "2023"}),
        ("Oct. 03, 1989", {"mon": "Oct.", "d": "03", "y": "1989"}),
    ],
)
def test_month_day_year(text: str, groups: dict[str, str]) -> None:
    assert _full(dates.month_day_year(dates.month()), text) == groups


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("19 June 2024", {"mon": "June", "d": "19", "y": "2024"}),
        ("21st of March, 1919", {"mon": "March", "d": "21", "y": "1919"}),
    ],
)
def test_day_month_year(text: str, groups: dict[str, str]) -> None:
    assert _full(dates.day_month_year(dates.month()), text) == groups


@pytest.mark.parametrize(
    "text",
    ["June 32, 2024", "June 0, 2024", "June 19, 1799", "June 19, 2100", "Juni 19, 2024"],
)
def test_no_calendar_day_or_news_year_is_no_named_date(text: str) -> None:
    assert _full(dates.month_day_year(dates.month()), text) is None


def test_group_names_are_the_callers() -> None:
    pattern = dates.day_month_year(dates.month(), m="m2", d="d2", y="y2")
    assert _full(pattern, "4 July 1876") == {"m2": "July", "d2": "4", "y2": "1876"}
    assert _full(dates.month_day(dates.month()), "Aug. 31st") == {"mon": "Aug.", "d": "31"}
    assert _full(dates.day_month(dates.month()), "31 of Aug.") == {"mon": "Aug.", "d": "31"}
    assert _full(dates.month_year(dates.month()), "August, 2021") == {"mon": "August", "y": "2021"}


def test_weekdays_with_and_without_abbreviations() -> None:
    assert re.fullmatch(dates.weekday(), "Thursday")
    assert not re.fullmatch(dates.weekday(), "Thurs")
    short = dates.weekday(abbreviated=True)
    assert all(re.fullmatch(short, day) for day in ("Thurs", "Thu", "Tues", "Sat", "Wednesday"))
    assert not re.fullmatch(short, "Thurday", re.IGNORECASE)
    assert dates.WEEKDAY_NAMES.index("monday") == 0  # as date.weekday() counts


@pytest.mark.parametrize(
    ("text", "count", "unit", "number"),
    [
        ("two weeks ago", "two", "week", 2),
        ("an hour ago", "an", "hour", 1),
        ("12 years ago", "12", "year", 12),
        ("Eleven months ago", "Eleven", "month", 11),
    ],
)
def test_ago(text: str, count: str, unit: str, number: int) -> None:
    pattern = dates.ago(("hour", "day", "week", "month", "year"))
    assert _full(pattern, text, re.IGNORECASE) == {"n": count, "u": unit}
    assert (int(count) if count.isdigit() else dates.COUNT_WORDS[count.lower()]) == number


def test_ago_only_with_a_count_and_one_of_the_callers_units() -> None:
    pattern = dates.ago(("day", "week"))
    assert _full(pattern, "a fortnight ago") is None
    assert _full(pattern, "several days ago") is None
    assert _full(pattern, "three hours ago") is None


def test_seasons_span_their_months() -> None:
    assert dates.SEASONS["fall"] == dates.SEASONS["autumn"] == (9, 11)
    assert dates.SEASONS["winter"] == (12, 2)  # runs over the year's end
    assert re.fullmatch(dates.SEASON, "autumn") and not re.fullmatch(dates.SEASON, "monsoon")
