"""Numbers: value, range and role (only quantities and durations may become counts)."""

from __future__ import annotations

import pytest

from tasks.facts.numbers import find_numbers, plain, vague_range, word_value


def roles(text: str) -> list[tuple[str, str]]:
    return [(n.text, n.role) for n in find_numbers(text)]


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("nine", 9),
        ("twenty-five", 25),
        ("two hundred and fifty", 250),
        ("six thousand", 6000),
        ("a hundred", 100),
        ("fifteen thousand", 15000),
    ],
)
def test_numbers_written_in_words_are_valued(words: str, value: int) -> None:
    assert word_value(words) == value


def test_digits_with_separators_and_scale_words_are_valued() -> None:
    found = find_numbers("about 15,000 troops and 1.5 million shells")
    assert [(n.text, n.value) for n in found] == [("15,000", 15000.0), ("1.5 million", 1_500_000.0)]


def test_vague_amounts_get_the_documented_range() -> None:
    assert vague_range("hundreds") == (200.0, 900.0)
    assert vague_range("several thousand") == (2000.0, 9000.0)
    assert vague_range("tens of thousands") == (20_000.0, 90_000.0)
    assert vague_range("a dozen") == (12.0, 12.0)
    span = find_numbers("thousands more injured")[0]
    assert (span.value, span.value_max, span.indefinite) == (2000.0, 9000.0, True)


@pytest.mark.parametrize(
    ("text", "number", "role"),
    [
        ("since the invasion in February 2022", "2022", "year"),
        ("the 2022 summit", "2022", "year"),
        ("North Korea's 528th Regiment of Engineers", "528", "ordinal"),
        ("members of Regiment 528 were", "528", "name"),
        ("at the April 25 House of Culture", "25", "name"),
        ("starting from just $2 a month", "2", "money"),
        ("about 40 percent of them", "40", "percent"),
        ("updated 15:33 KST", "15", "time"),
        ("a 23-year-old soldier", "23", "age"),
        ("call +7 495 123 4567 now", "495", "phone"),
        ("conduct attacks three times", "three", "frequency"),
        ("one of the largest armies", "one", "partitive"),
        ("a 120-day deployment", "120", "duration"),
        ("within 30 kilometers of the border", "30", "measure"),
        ("approximately 600 soldiers", "600", "quantity"),
    ],
)
def test_each_number_is_given_a_role(text: str, number: str, role: str) -> None:
    assert (number, role) in roles(text)


def test_a_year_followed_by_a_counted_noun_is_a_quantity() -> None:
    assert ("2000", "quantity") in roles("Pyongyang sent 2000 soldiers")


def test_text_without_digits_or_number_words_has_no_numbers() -> None:
    assert find_numbers("The Kremlin said nothing about the deployment.") == []


def test_plain_values_are_decimal_text_without_a_trailing_zero() -> None:
    assert plain(600.0) == "600"
    assert plain(1.5) == "1.5"
