"""Numbers that are never facts (issue 11, item 7): each kind has its test, through the whole
extractor (real model), so neither the surface layer nor the grammar may let one through."""

from __future__ import annotations

import pytest

NUMERIC = ("count", "money", "measure", "percent")


def numbers(extract, text: str) -> list[str]:
    return [f.text for f in extract(text).facts if f.kind in NUMERIC]


@pytest.mark.parametrize(
    ("why", "text", "bad"),
    [
        ("year", "The law was passed in 2019 after a long debate.", "2019"),
        ("date", "The company shelved its plans on September 30 after talks.", "30"),
        ("day of month", "Police were called on 5 June to the house.", "5"),
        ("time", "The blast happened at 3 p.m. near the station.", "3"),
        ("clock time", "The first goal came at 7:14 in the first period.", "7"),
        ("age", "A 34-year-old man was arrested on Monday.", "34"),
        ("age apposition", "John Smith, 61, said the plan would fail.", "61"),
        ("aged", "The victim, aged 72, died in hospital.", "72"),
        ("ordinal", "It was the 528th day of the war.", "528"),
        ("phone", "Call the hotline on 555-123-4567 for help.", "555"),
        ("address", "The shop at 221 Baker Street was closed.", "221"),
        ("score", "Arsenal won 4-1 at home on Saturday.", "4"),
        ("page", "The figure appears on page 12 of the report.", "12"),
        ("section", "He was charged under section 5 of the act.", "5"),
        ("name with number", "Nine News reported the crash.", "Nine"),
        ("mission", "Apollo 11 landed on the Moon.", "11"),
        ("group", "Leaders of the G7 met in Italy.", "7"),
        ("disease", "Covid-19 spread quickly in the city.", "19"),
        ("model number", "The Boeing 737 was grounded by regulators.", "737"),
        ("jersey", "He wore No. 23 for the team.", "23"),
        ("years ago", "The factory closed 10 years ago.", "10"),
        ("decade", "Sales peaked in the 1990s across Europe.", "1990"),
    ],
)
def test_not_a_fact(extract, why, text, bad) -> None:
    assert not [t for t in numbers(extract, text) if bad in t], why


def test_the_real_figure_beside_a_not_fact_is_kept(extract) -> None:
    found = numbers(extract, "In 2019, a 34-year-old man and 12 other people were arrested.")
    assert found == ["12 other people"]
