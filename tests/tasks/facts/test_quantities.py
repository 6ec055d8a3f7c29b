"""The surface layer: values, currencies, percentages, hedges, ranges and changes (no model)."""

from __future__ import annotations

import pytest

from tasks.facts.quantities import Quantity, QuantityFinder
from tasks.facts.vocabulary import load_vocabulary


@pytest.fixture(scope="module")
def finder() -> QuantityFinder:
    return QuantityFinder(load_vocabulary())


def only(finder: QuantityFinder, text: str) -> Quantity:
    found = [q for q in finder.find(text) if q.rejected is None]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("JPMorgan earned $4.9 billion.", 4.9e9, "USD"),
        ("Revenue was R4bn.", 4e9, "ZAR"),
        ("It cost €2.3m last year.", 2.3e6, "EUR"),
        ("He was paid £120,000.", 120_000, "GBP"),
        ("a HK$50 million fund", 5e7, "HKD"),
        ("They raised 300 million yuan.", 3e8, "CNY"),
        ("It costs 40 dollars.", 40, "USD"),
        ("investors were told 176 Hong Kong dollars a share", 176, "HKD"),
    ],
)
def test_money_is_valued_in_whole_units_with_its_currency(finder, text, value, unit) -> None:
    q = only(finder, text)
    assert (q.kind, q.value, q.unit) == ("money", value, unit)


@pytest.mark.parametrize(
    "text", ["the jobless rate fell to 6.6 per cent", "shares rose 6.6%", "up 6.6 percent"]
)
def test_percentages_in_every_spelling(finder, text) -> None:
    q = only(finder, text)
    assert (q.kind, q.value, q.unit) == ("percent", 6.6, "percent")


def test_a_change_keeps_both_ends(finder) -> None:
    q = only(finder, "The toll rose from 200 to 312.")
    assert (q.value, q.value_from, q.value_max) == (312, 200, None)


def test_ranges_and_ceilings_have_a_value_max(finder) -> None:
    q = only(finder, "Between 40 and 50 people died.")
    assert (q.value, q.value_max, q.qualifier) == (40, 50, "between")
    q = only(finder, "up to 15,000 troops")
    assert (q.value, q.value_max, q.hedge) == (15000, 15000, "up to")
    q = only(finder, "$1.5 million to $2 million")
    assert (q.value, q.value_max, q.kind) == (1.5e6, 2e6, "money")


@pytest.mark.parametrize(
    ("text", "qualifier", "hedge"),
    [
        ("at least 40 people", "at least", "at least"),
        ("about 8,000 homes", "about", "approximately"),
        ("more than 12,000 acres", "more than", "more than"),
        ("almost $6 million", "almost", "nearly"),
        ("fewer than 10 cases", "fewer than", "fewer than"),
    ],
)
def test_hedges_are_kept_as_written_and_as_a_class(finder, text, qualifier, hedge) -> None:
    q = only(finder, text)
    assert (q.qualifier, q.hedge) == (qualifier, hedge)


@pytest.mark.parametrize(
    ("text", "value"),
    [("three bodies", 3), ("two hundred and fifty people", 250), ("a dozen cars", 12)],
)
def test_number_words(finder, text, value) -> None:
    assert only(finder, text).value == value


def test_vague_amounts_are_ranges(finder) -> None:
    q = only(finder, "hundreds of people")
    assert (q.value, q.value_max, q.vague) == (200, 999, True)


@pytest.mark.parametrize(
    "text",
    [
        "The full list is at https://example.org/lists/2023/7 for readers.",
        "Details were posted on www.city-council.gov/minutes/44 last night.",
        "See example.com/report-17 for the figures.",
        "The paper (doi 10.1234/abc.56) was retracted.",
    ],
)
def test_numbers_inside_web_addresses_and_dois_are_never_facts(finder, text) -> None:
    # the url mask runs only when one of its marks is in the sentence: each mark here
    found = finder.find(text)
    assert found and all(q.rejected == "name with number" for q in found), found


def test_masks_that_need_a_digit_leave_word_numbers_alone(finder) -> None:
    # no digit: the digit masks are skipped, the age mask still runs
    assert only(finder, "Police said twelve people were hurt.").value == 12
    assert finder.find("The five-year-old boy was found safe.") == []  # an age, masked
