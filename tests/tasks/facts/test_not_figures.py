"""Numbers that tasks/facts/not_figures.py shows are not reported figures, and the figures
beside them that stay: sentences written here, through the whole extractor with the real model."""

from __future__ import annotations

import pytest

NUMERIC = ("count", "money", "measure", "percent")


def numeric(extract, text: str):
    return [f for f in extract(text).facts if f.kind in NUMERIC]


@pytest.mark.parametrize(
    ("why", "text", "bad"),
    [
        ("years later", "Two years later, the council sold the old depot.", "Two"),
        ("years ago", "The mill closed four years ago after a long strike.", "four"),
        ("months ago", "Twelve months ago the harbour had no ferry at all.", "Twelve"),
        ("hedged, later", "Less than two hours later, divers reached the car.", "two"),
        ("the past N years", "Rents have doubled over the past nine years.", "nine"),
        ("the next N years", "The plan covers the next five years of spending.", "five"),
        ("the last N months", "It was the third rise in the last five months.", "five"),
        ("size in a product name", "She bought the new 13-inch MacBook Air last week.", "13"),
        ("decimal reading", "The new chip scored a 131.6 in the browser test.", "131.6"),
        ("version number", "The update to 4.12 fixed the login bug.", "4.12"),
        ("age opening a clause", "At 17, he left the farm for the city.", "17"),
        ("age in a person's clause", "She retired at 62 after decades on the wards.", "62"),
        ("age compared", "Some of the recruits were as young as 15 at the time.", "15"),
        ("age turned, relative", "Mia, who turns 19 in June, joined the squad.", "19"),
        ("identifier list", "Clauses 12, 14 and 19 of the treaty are disputed.", "19"),
        ("identifier list, two", "Goals 3 and 8 deal with health and work.", "8"),
        ("time in words", "The doors opened shortly after six o'clock.", "six"),
        ("time range", "The market runs from 8-11 a.m. every Sunday.", "8"),
        ("one speaking", "One resident said the river rose overnight.", "One"),
        ("one study found", "One survey found that rents were rising.", "One"),
        ("age of a named person", "Priya was 11 in 1990 when the family moved.", "11"),
        ("label before a number", "Lenders must hold more tier 1 capital this year.", "1"),
        ("size label", "He wore size 10 boots on the climb.", "10"),
        ("anniversary", "Crowds marked the five-year anniversary of the flood.", "five"),
        ("base of a proportion", "About 4 in 10 parents say fees are too high.", "10"),
        ("win count as a title", "The three-time world champion retired on Monday.", "three"),
        ("bond tenor", "Investors sold the five-year bond after the report.", "five"),
        ("mortgage tenor", "The 15-year fixed mortgage rate rose again.", "15"),
        ("multiplier", "The flood left 12 times the usual amount of silt.", "12"),
        ("multiplier, as many", "The clinic saw five times as many patients in May.", "five"),
        ("multiplier, comparative", "Drivers are four times likelier to crash at night.", "four"),
    ],
)
def test_not_a_figure(extract, why, text, bad) -> None:
    assert not [f.text for f in numeric(extract, text) if bad in f.text], why


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("The strike lasted two years and cost the town dearly.", "two years"),
        ("He served 13 months in jail for the theft.", "13 months"),
        ("The deployment lasted 120 days in all.", "120 days"),
        ("Sales fell in the last 6 months of 2019.", "6 months"),
        ("The inquiry met nine days before the vote.", "nine days"),
        ("The firm makes a 55-inch screen for schools.", "55-inch"),
        ("Finland shares an 833-mile border with Russia.", "833-mile"),
        ("The death toll stood at 40 on Sunday.", "40"),
        ("Police arrested 5 men and 11 women at the march.", "11 women"),
        ("Clauses 12, 14 and 19 of the treaty are disputed by 30 states.", "30 states"),
        ("The fire forced 300 residents from their homes at dawn.", "300 residents"),
        ("The two soldiers were buried on Friday.", "two soldiers"),
        ("Their two children were rescued from the roof.", "two children"),
        ("One person was killed in the crash.", "One person"),
        ("The two-day trial ended with a verdict.", "two-day"),
        ("A record 40 people died on the roads in May.", "40 people"),
        ("Divers found 40 bodies in 10 graves near the coast.", "10 graves"),
        ("Rebels killed 12 in 3 attacks on the convoy last week.", "3 attacks"),
        ("She scored four times in the final.", "four times"),
        ("The envoy has visited 270 times as a mediator.", "270 times"),
        ("The firm signed a 10-year lease on the tower.", "10-year"),
        ("He is serving a 20-year prison term.", "20-year"),
        ("The team was 12 points clear at the top.", "12 points"),
    ],
)
def test_the_figure_stays(extract, text, kept) -> None:
    assert kept in [f.text for f in numeric(extract, text)]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Officers found 12 pounds of cocaine in the boot.", "12 pounds"),
        ("The old bell weighed 900 pounds.", "900 pounds"),
        ("He weighed in at 243 pounds before the fight.", "243 pounds"),
        ("Crews moved 1,500,000 pounds of sand to the levee.", "1,500,000 pounds"),
    ],
)
def test_pounds_of_a_material_are_a_weight(extract, text, phrase) -> None:
    found = {f.text: f for f in numeric(extract, text)}
    assert (found[phrase].kind, found[phrase].unit) == ("measure", "pound")


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("The court fined him 500 pounds.", "500 pounds"),
        ("The council spent 3 million pounds on the bridge.", "3 million pounds"),
        ("The fund raised 40 million pounds of new money.", "40 million pounds"),
        ("Tickets sold at 40 pounds each.", "40 pounds"),
    ],
)
def test_pounds_paid_stay_money(extract, text, phrase) -> None:
    found = {f.text: f for f in numeric(extract, text)}
    assert (found[phrase].kind, found[phrase].unit) == ("money", "GBP")


@pytest.mark.parametrize(
    ("text", "value", "value_from"),
    [
        (
            "Imports fell to $4.2 billion in 2021, down from $6.8 billion a year before.",
            4.2e9,
            6.8e9,
        ),
        ("Turnout rose from about 48% last time to 61% this year.", 61.0, 48.0),
        ("The jobless rate fell to 5.1 per cent from 5.4 per cent in March.", 5.1, 5.4),
        ("Profit climbed to £30m, up from £22m.", 30e6, 22e6),
        ("The death toll rose to 27 from 19 overnight.", 27.0, 19.0),
    ],
)
def test_a_change_written_apart_is_one_fact(extract, text, value, value_from) -> None:
    [fact] = numeric(extract, text)
    assert (fact.value, fact.value_from) == (value, value_from)


def test_two_changes_of_different_things_stay_apart(extract) -> None:
    found = numeric(extract, "Shares rose 3% and bonds fell 2% from Monday's close.")
    assert [(f.value, f.value_from) for f in found] == [(3.0, None), (2.0, None)]


def test_bare_numbers_with_a_noun_between_stay_apart(extract) -> None:
    found = numeric(extract, "Crews moved 300 people to 5 shelters from 2 towns.")
    assert [f.text for f in found] == ["300 people", "5 shelters", "2 towns"]
