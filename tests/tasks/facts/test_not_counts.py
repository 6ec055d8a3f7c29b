"""Numbers the grammar or the layout shows are not figures, and the figures beside them that
stay (issue 11, item 7). Each class found in the precision audit
(tests/fixtures/facts/precision-audit.jsonl) has its test, on sentences written here, through
the whole extractor with the real model."""

from __future__ import annotations

import pytest

NUMERIC = ("count", "money", "measure", "percent")


def numeric(extract, text: str):
    return [f for f in extract(text).facts if f.kind in NUMERIC]


@pytest.mark.parametrize(
    ("why", "text", "bad"),
    [
        ("pronoun one", "The more one reads about the plan, the less one likes it.", "one"),
        ("one of", "Turkey is one of the largest producers of hazelnuts.", "one"),
        ("determiner one", "She kept the one letter her father wrote from the front.", "one"),
        ("one as an instance", "In one case, a driver waited for hours at the border.", "one"),
        ("one ... another", "Families moved from one shelter to another all winter.", "one"),
        ("one day nearer", "Each vote brings the two sides one day closer to a deal.", "one"),
        ("an X or two", "She took a biscuit or two from the tin before leaving.", "two"),
        ("pronoun group", "The two of them left the village before dawn.", "two"),
        ("age as a predicate", "I'm 74 and I still work every day at the shop.", "74"),
        ("age turned", "She turned 90 at home with her family around her.", "90"),
        ("list title", "Five big questions facing the new government:", "Five"),
        ("win-loss record", "Toronto improved to 10-4-2 in its last 16 games.", "10"),
        ("results line", "Celtics 112, Knicks 98: Jayson Tatum scored 30 points.", "112"),
        ("results line, loser", "Celtics 112, Knicks 98: Jayson Tatum scored 30 points.", "98"),
        ("resolution name", "The new set shows films in 8K on a wall-sized screen.", "8K"),
        ("plan name", "Savers put $3,000 into a 401(k) this year.", "401"),
        ("name after a dash", "Only one game is free with the service — Halo 3.", "3"),
        ("camel-case name", "The update needs iOS 17 on every phone.", "17"),
        ("one-off", "Engineers built several one-off prototypes for the test.", "one"),
        ("one room ... another", "She walked from one room of the flat to another.", "one"),
        ("one day, some day", "Thieves will steal your password one day.", "one"),
        ("letter-marked model number", "He bought a Nighthawk R6700 router last week.", "6700"),
        ("ratio", "The film was shot in a 16:9 format for television.", "16"),
        ("age of", "The show suits a viewing age of 48 months and above.", "48"),
        ("quoted name", "Beijing backs the “one country, two systems” formula.", "two"),
        ("quoted campaign", "The state ran the “Starts with one” campaign last year.", "one"),
        ("product name", "Battery life on the 11 Pro Max is the best of any phone.", "11"),
        ("quoted title-case name", 'The envoys were known as the "Three Amigos."', "Three"),
        ("variant after a model", "The airline will buy 30 of Airbus's 350-1000 jets.", "1000"),
        ("model with 'the'", "The 777 program has faced long delays.", "777"),
        ("game clock", "He hit a 3-pointer with 55 seconds left in the game.", "55"),
        ("total of a share", "The Lakers have won 12 of 13 since the break.", "13"),
        ("discourse count", "There are two things every buyer should check first.", "two"),
        ("discourse count, digits", "Here are 5 reasons the market slowed this spring.", "5"),
        ("discourse count, tips", "The coach shared three tips for a faster start.", "three"),
        ("discourse count, one", "One question remains for the new owners of the club.", "One"),
        ("ranked selection", "We picked the 10 best laptops for students this year.", "10"),
        ("ranked selection, largest", "The three largest banks raised their fees.", "three"),
        (
            "identifier after its noun",
            "iPhone 15 and iPhone 15 Plus are the first phones with the new port.",
            "15",
        ),
        ("N-in-1 classifier", "The shop sells a 3-in-1 charging stand for phones.", "3"),
        ("anaphoric 'the three'", "The game keeps mixing the three together in fights.", "three"),
        ("anaphoric subject", "After the crash, the four go on an adventure together.", "four"),
        ("anaphoric 'the two are'", "I have to say the two are a great pair.", "two"),
        ("empty noun 'thing'", "There are two things you need to know first.", "two"),
        ("empty noun, one", "One thing most visitors miss is the old harbour.", "One"),
        ("empty noun 'tip'", "Read on for three tips that will help you save.", "three"),
        ("100 percent as intensifier", "I am 100 percent sure the plan will work.", "100"),
        ("score 'N to M'", "The Raiders won 24 to 17 on Sunday.", "24"),
        ("full period", "The pharmacy is open 24 hours a day all year.", "24"),
        ("full period, days", "Support is staffed 7 days a week by volunteers.", "7"),
        ("score 'N to M', loser", "The Raiders won 24 to 17 on Sunday.", "17"),
        ("top-N list", "Top 10 places to visit in Paris this spring", "10"),
        ("ranked by a superlative", "Check out the 10 best deals on phones below.", "10"),
    ],
)
def test_not_a_figure(extract, why, text, bad) -> None:
    assert not [f.text for f in numeric(extract, text) if bad in f.text], why


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("One person was killed and two were injured in the blast.", "One person"),
        ("Only one title at launch is exclusive to the service.", "Only one title"),
        ("Toronto improved to 10-4-2 in its last 16 games.", "16 games"),
        ("Celtics 112, Knicks 98: Jayson Tatum scored 30 points.", "30 points"),
        ("The Lakers have won 12 of 13 since the break.", "12"),
        ("Savers put $3,000 into a 401(k) this year.", "$3,000"),
        ("Seven Democrats voted against the bill on Tuesday.", "Seven Democrats"),
        ("The storm killed two children in the village.", "two children"),
        ("The league gave him a one-game suspension for the hit.", "one-game"),
        ("The agency tested three new vaccine ideas on mice.", "three new vaccine ideas"),
        ("The ten largest banks lent 40 firms money.", "40 firms"),
        ("Police said the nine injured were taken to hospital.", "nine"),
        ("The plant ran at 100% capacity all winter.", "100%"),
        ("Prices fell from 24 to 17 dollars.", "24 to 17 dollars"),
        ("Junior doctors work 60 hours a week at the hospital.", "60 hours"),
        ("The firm sold 40 laptops to the school.", "40 laptops"),
    ],
)
def test_the_figure_beside_a_not_figure_stays(extract, text, kept) -> None:
    assert kept in [f.text for f in numeric(extract, text)]


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("Roughly two-thirds of the residents left the valley.", "Roughly two-thirds", 66.67),
        ("The budget was cut by a third.", "a third", 33.33),
        ("Three quarters of the staff signed the letter.", "Three quarters", 75.0),
    ],
)
def test_a_fraction_is_a_percentage(extract, text, phrase, value) -> None:
    found = {f.text: f for f in numeric(extract, text)}
    assert found[phrase].kind == "percent"
    assert found[phrase].value == value


def test_a_figure_alone_in_quotation_marks_stays(extract) -> None:
    found = numeric(extract, "He said the toll had reached “at least 40” people by noon.")
    assert [f.value for f in found] == [40.0]


def test_quarters_of_a_year_are_not_a_fraction(extract) -> None:
    assert not [f for f in numeric(extract, "Sales rose in three quarters.") if f.kind == "percent"]


def test_a_day_that_is_a_duration_stays(extract) -> None:
    assert "one day" in [f.text for f in numeric(extract, "The strike lasted one day.")]


def test_and_a_half(extract) -> None:
    [fact] = numeric(extract, "The coach was sacked after five-and-a-half years in charge.")
    assert (fact.kind, fact.value, fact.unit) == ("measure", 5.5, "year")


def test_a_currency_mark_after_the_amount(extract) -> None:
    [fact] = numeric(extract, "Front-row seats cost 60,000₩ each.")
    assert (fact.kind, fact.value, fact.unit) == ("money", 60_000.0, "KRW")


def test_a_rand_amount_after_a_verb_stays_money(extract) -> None:
    [fact] = numeric(extract, "The family paid R6700 for the repairs.")
    assert (fact.kind, fact.unit) == ("money", "ZAR")


def test_the_figure_is_not_its_own_source(extract) -> None:
    [fact] = numeric(extract, "In a new poll, 44 percent of Americans say they back the plan.")
    assert fact.source is None


def test_several_thousand_is_vague(extract) -> None:
    [fact] = numeric(extract, "The army sent several thousand troops to the border.")
    assert (fact.value, fact.value_max) == (2000.0, 9999.0)


def test_half_a_million_is_half(extract) -> None:
    [fact] = numeric(extract, "The council spent half a million pounds on the bridge.")
    assert (fact.kind, fact.value, fact.unit) == ("money", 500_000.0, "GBP")


def test_power_and_energy_are_measures(extract) -> None:
    found = {
        f.text: (f.kind, f.unit)
        for f in numeric(extract, "The battery stores 75 kWh and the motor makes 300 horsepower.")
    }
    assert found == {
        "75 kWh": ("measure", "kilowatt-hour"),
        "300 horsepower": ("measure", "horsepower"),
    }


def test_a_scorer_is_not_a_source(extract) -> None:
    found = numeric(extract, "Marchand added three assists, and Rask stopped 25 shots.")
    assert {f.text: f.source for f in found} == {"three assists": None, "25 shots": None}


def test_a_reporting_verb_with_a_figure_as_object_is_a_source(extract) -> None:
    [fact] = numeric(extract, "The health ministry reported 40 deaths on Sunday.")
    assert fact.source == "The health ministry"


def test_a_clause_adverbial_to_a_scoring_verb_is_not_reported(extract) -> None:
    found = numeric(
        extract, "The stock added 2% after the firm bought a stake in a deal worth $600 million."
    )
    assert {f.text: f.source for f in found}["$600 million"] is None


def test_a_scale_word_in_a_hyphenated_compound(extract) -> None:
    [fact] = numeric(extract, "The model covers a 13.8-billion-year period.")
    assert (fact.kind, fact.value) == ("measure", 13.8e9)


def test_a_time_of_speaking_is_not_what_was_said(extract) -> None:
    found = numeric(
        extract, "“He is playing well,” the coach said before the win in front of 15,522 fans."
    )
    assert {f.text: f.source for f in found}["15,522 fans"] is None


def test_a_denial_is_not_a_source(extract) -> None:
    found = numeric(
        extract,
        "The firm laid off more than 60 employees (the company would not disclose the number).",
    )
    assert [f.source for f in found] == [None]


def test_an_object_reporting_verb_keeps_its_source(extract) -> None:
    [fact] = numeric(extract, "The available state data puts the figure at about $44 million.")
    assert fact.source == "The available state data"


def test_a_clause_coordinated_with_a_report_is_not_reported(extract) -> None:
    found = numeric(
        extract, "The mayor added a new bus route, and crews cleared 300 trees from the roads."
    )
    assert {f.text: f.source for f in found}["300 trees"] is None


def test_kitchen_volumes_and_weights_are_measures(extract) -> None:
    found = {
        f.text: (f.kind, f.unit)
        for f in numeric(extract, "Drink 17 ounces (500 ml) of water and add 2 tbsp of honey.")
    }
    assert found == {
        "17 ounces": ("measure", "ounce"),
        "500 ml": ("measure", "millilitre"),
        "2 tbsp": ("measure", "tablespoon"),
    }


def test_yards_are_a_measure(extract) -> None:
    [fact] = numeric(extract, "The quarterback threw for 300 yards on Sunday.")
    assert (fact.kind, fact.unit) == ("measure", "yard")
