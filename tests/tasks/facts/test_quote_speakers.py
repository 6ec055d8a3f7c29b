"""Quote speakers from the grammar of the attribution, with the real model (sentences written
for these tests). Each pattern of issue 11 item 6 has a case, and so has each case that must
leave the speaker None: a wrong speaker is worse than none."""

from __future__ import annotations

import pytest


def speakers(extract, body: str) -> list[tuple[str, str | None]]:
    return [(f.text, f.source) for f in extract(body).facts if f.kind == "quote"]


def speaker(extract, body: str) -> str | None:
    (found,) = speakers(extract, body)
    return found[1]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # “…,” X said -- the description before the name stays with it
        ("“The wells in the north are running dry,” Water Minister Lena Okafor said.",
         "Water Minister Lena Okafor"),
        # “…,” said X
        ("“Nobody slept in the camp last night,” said aid worker Paolo Greco.",
         "aid worker Paolo Greco"),
        # X said: “…”
        ("Harbour master Ines Duarte said: “No ship will leave before the wind drops.”",
         "Harbour master Ines Duarte"),
        # X told Y “…”
        ("Captain Rolf Aagaard told the crew, “We turn back at first light.”",
         "Captain Rolf Aagaard"),
        # “…,” X, a description, said
        ("“The bridge has to close for a month,” Mara Lindqvist, the city engineer, said.",
         "Mara Lindqvist"),
        # according to X
        ("According to the port authority, the storm was “the worst in living memory here.”",
         "the port authority"),
        # X issued a statement saying “…”
        ("The airline issued a statement saying that “every passenger will be rebooked "
         "free of charge.”", "The airline"),
        # straight and British single marks, an apostrophe inside
        ('"We have water for two more days," relief coordinator Samir Haddad said.',
         "relief coordinator Samir Haddad"),
        ("‘It’s the farmers’ money and they want it back,’ union leader Sara Bell said.",
         "union leader Sara Bell"),
        # a curly quotation closed with two single marks
        ("“We will appeal the ruling this week,’’ defence lawyer Mark Dunn said.",
         "defence lawyer Mark Dunn"),
        # a verb that shares a passive subject: "X was elected and said"
        ("Mayor Tomas Reyes was elected on Sunday and said: “The work starts tomorrow.”",
         "Mayor Tomas Reyes"),
        # a clause with a subject of its own: the earlier clause's subject is not the speaker
        ("Coach Ana Ruiz signed a new contract, and the rival club was left to wonder: "
         "“what did we do wrong?”", "the rival club"),
    ],
)  # fmt: skip
def test_the_reporting_verb_beside_the_quotation(extract, body, expected) -> None:
    assert speaker(extract, body) == expected


def test_a_short_form_is_the_full_name_used_before(extract) -> None:
    body = (
        "Coach Dana Whitfield watched the final from the stands.\n\n"
        "“We lost the game in the first ten minutes,” Whitfield said."
    )
    assert speaker(extract, body) == "Dana Whitfield"


def test_said_x_then_a_second_quotation_keeps_x(extract) -> None:
    body = "“Fine,” Whitfield said. “We knew the second half would be harder than the first.”"
    assert speakers(extract, body) == [
        ("We knew the second half would be harder than the first.", "Whitfield")
    ]
    body = (
        "“The roof held for most of the night,” Farmer Ole Brandt said. “Then the barn "
        "door gave way and the water came in.”"
    )
    assert [s for _, s in speakers(extract, body)] == ["Farmer Ole Brandt"] * 2


def test_a_quotation_across_paragraphs_keeps_its_speaker(extract) -> None:
    body = (
        "Mayor Jane Doe said: “The river rose faster than anyone expected.\n\n"
        "“We opened the school as a shelter before midnight.”"
    )
    ((text, source),) = speakers(extract, body)
    assert text.startswith("The river rose") and text.endswith("before midnight.")
    assert source == "Mayor Jane Doe"


def test_a_paragraph_ending_x_said_introduces_the_next(extract) -> None:
    body = (
        "In a message to staff on Friday, chief executive Olga Brenner wrote:\n\n"
        "“The next quarter will decide whether this plant stays open.”"
    )
    assert speaker(extract, body) == "chief executive Olga Brenner"


def test_he_is_the_one_person_the_sentence_before_is_about(extract) -> None:
    body = (
        "Fisherman Tomas Berg lost his boat in the storm.\n\n"
        "“Nothing is left of it, not even the engine,” he said."
    )
    assert speaker(extract, body) == "Tomas Berg"


def test_she_is_the_person_that_fits_in_gender(extract) -> None:
    body = (
        "Mr. Victor Lang handed the keys to Ms. Ana Ruiz on Monday.\n\n"
        "“I will look after the house until they come back,” she said."
    )
    assert speaker(extract, body) == "Ana Ruiz"


def test_an_age_description_is_the_person_named_before(extract) -> None:
    body = (
        "Nurse Maria Gonzalez worked through the night at the field hospital.\n\n"
        "The 41-year-old said: “I have never seen so many patients in one night.”"
    )
    assert speaker(extract, body) == "Maria Gonzalez"


def test_the_doctor_is_the_doctor_described_before(extract) -> None:
    body = (
        "A doctor at the district clinic told reporters that supplies were running low.\n\n"
        "“We need antibiotics and clean water today,” the doctor said."
    )
    assert speaker(extract, body) == "A doctor at the district clinic"


@pytest.mark.parametrize(
    "body",
    [
        # two people could be "he"
        "Daniel Reyes and Victor Lang reviewed the plans on Friday.\n\n"
        "“We will need another month for the survey,” he said.",
        # a description may be meant, not the person named before it
        "Tom Hale lives by the river.\n\nThe engineer inspected the dam on Sunday. "
        "“It will hold for now, but not for another winter,” he said.",
        # a bare quotation: no speech verb in its sentence or beside it
        "Ahmed Karim runs the bakery on Main Street.\n\n“Bread is the first thing people ask for.”",
        # "he" with nobody named before
        "The storm reached the coast at dawn. “The sea came right up to the church,” he said.",
        # she, when the only person named is a man
        "Mr. Victor Lang closed the shop at noon.\n\n“We had no customers after ten,” she said.",
    ],
)
def test_unsure_speakers_stay_null(extract, body) -> None:
    assert speaker(extract, body) is None


def test_a_new_speaker_ends_the_previous_one(extract) -> None:
    body = (
        "“The levee held,” Ines Duarte said.\n\n"
        "Her neighbour disagreed.\n\n"
        "“It leaked all night and nobody came to look at it.”"
    )
    assert speakers(extract, body)[-1][1] is None


def test_a_title_in_quotation_marks_is_nobody_s_speaker(extract) -> None:
    body = (
        "The choir sang “Song of the Harbour Lights” at the end.\n\n"
        "“We rehearsed it every evening for a month,” she said."
    )
    assert speakers(extract, body)[-1] == ("We rehearsed it every evening for a month", None)


def test_x_said_after_a_question_mark_that_ends_the_sentence(extract) -> None:
    body = "“Who will pay for the new roof?” Councillor Ruth Abara asked. “Not the tenants.”"
    assert [s for _, s in speakers(extract, body)] == ["Councillor Ruth Abara"] * 2


def test_a_document_is_not_a_speaker(extract) -> None:
    body = (
        "The shipping firm denied the claims on its website.\n\n"
        "“We have always paid our crews on time and in full,” the statement read."
    )
    assert speaker(extract, body) is None


def test_a_bare_definite_description_stays_null(extract) -> None:
    body = (
        "Singer Maya Rosen cancelled the tour on Monday.\n\n"
        "“I need some time at home with my family,” said the singer."
    )
    assert speaker(extract, body) is None


def test_a_verb_that_speaks_only_beside_a_quotation_frames_nothing_else(extract) -> None:
    # "began" is no frame for a quotation inside its clause; "laughed" right after one is
    body = (
        "The long journey began years ago, when the “Stars over the Harbour” singer moved "
        "to Lisbon with her family.\n\n"
        "“We had nothing but a guitar and a suitcase,” singer Rosa Lima laughed."
    )
    assert [s for _, s in speakers(extract, body)] == [None, "singer Rosa Lima"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Fishermen called the new quota “a death sentence for the harbour”.", "Fishermen"),
        ("The union pledged to fight “every single job cut at the plant”.", "The union"),
        ("“Drop the bag now,” a guard ordered.", "a guard"),
        ("The city council demanded “an end to the night flights over the school”.",
         "The city council"),
    ],
)  # fmt: skip
def test_speech_acts_that_name_commit_or_command_frame_a_quotation(extract, body, expected):
    assert speaker(extract, body) == expected


def test_a_song_called_by_a_title_has_no_speaker(extract) -> None:
    body = "The band closed the night with a slow song called “Down by the River Side” again."
    assert speaker(extract, body) is None


@pytest.mark.parametrize(
    "found",
    ["found him on the beach at dawn", "waited for him on the beach at dawn"],
)
def test_an_object_pronoun_of_the_subject_s_verb_says_nothing_of_her_gender(extract, found):
    # "Ruth Calloway found him": "him" is someone else, so "she" is still Ruth Calloway
    body = (
        f"The ferry sank near the island on Friday night. Ruth Calloway {found}. "
        "“He was cold but he was breathing,” she told reporters."
    )
    assert speaker(extract, body) == "Ruth Calloway"


def test_he_is_the_speaker_of_the_frame_just_before(extract) -> None:
    # the model does not take "Anand Kulkarni" for a person here; the frame before already
    # made him the first quotation's speaker, so "he" is him
    body = (
        "Anand Kulkarni, a shipping analyst at Brightwater, said the port’s “slow and costly "
        "customs checks” had driven lines away. “Nobody will wait four days for a container,” "
        "he said."
    )
    assert [s for _, s in speakers(extract, body)] == ["Anand Kulkarni"] * 2


def test_she_is_the_subject_of_a_clause_before_her_in_the_sentence(extract) -> None:
    body = (
        "The storm had passed by morning. When Maria Lopez reached the village, she found the "
        "school flooded. “We lost every book we had,” she said."
    )
    assert speaker(extract, body) == "Maria Lopez"
    # a name that is no clause's subject ("Tom Reyes's letter") is not who "she" is
    body = (
        "The storm had passed by morning. After reading Tom Reyes’s letter, she found the "
        "school flooded. “We lost every book we had,” she said."
    )
    assert speaker(extract, body) is None


def test_she_who_speaks_of_the_person_she_resolves_to_stays_null(extract) -> None:
    body = (
        "Rosa Kell founded the choir in 2004. “Nobody works harder than Rosa Kell does, week "
        "after week,” she said. “She even tunes the old piano herself.”"
    )
    assert [s for _, s in speakers(extract, body)] == [None, None]
    body = "Rosa Kell founded the choir in 2004. “Nobody works harder than the altos,” she said."
    assert speaker(extract, body) == "Rosa Kell"


@pytest.mark.parametrize(
    "report",
    ["Mayor Ines Falk said the bridge plan would fail.",
     "The bridge plan, Mayor Ines Falk said, would fail."],
)  # fmt: skip
def test_a_quotation_after_reported_speech_is_the_reporter_s(extract, report) -> None:
    body = f"The council met on Monday. {report} “It is a disaster for the whole valley.”"
    assert speaker(extract, body) == "Mayor Ines Falk"


def test_a_quotation_after_a_sentence_that_reports_no_speech_stays_null(extract) -> None:
    body = (
        "The council met on Monday. Mayor Ines Falk rejected the bridge plan. "
        "“It is a disaster for the whole valley.”"
    )
    assert speaker(extract, body) is None


def test_a_paragraph_that_only_quotes_after_reported_speech_is_the_reporter_s(extract) -> None:
    body = "Mayor Ines Falk said the bridge plan would fail.\n\n“It is a disaster for the valley.”"
    assert speaker(extract, body) == "Mayor Ines Falk"
    # not when the paragraph goes on in the writer's words
    body = (
        "Mayor Ines Falk said the bridge plan would fail.\n\n"
        "“It is a disaster for the valley.” That was the view of many in the town hall."
    )
    assert speaker(extract, body) is None


def test_a_parenthetical_x_said_frames_the_quotation_in_its_clause(extract) -> None:
    body = "The storm, officials said, left the town “without a single working road”."
    assert speaker(extract, body) == "officials"
    body = (
        "Finding ice on the moon, geologist Priya Natarajan said, is the “next best thing "
        "to a lake”."
    )
    assert speaker(extract, body) == "geologist Priya Natarajan"


def test_the_description_is_the_one_introduced_with_one(extract) -> None:
    body = (
        "“The dam was never built for this much rain,” said one local engineer.\n\n"
        "“The spillway will not hold another night,” the engineer warned."
    )
    assert [s for _, s in speakers(extract, body)] == ["one local engineer"] * 2


def test_she_is_the_one_person_known_to_be_a_woman_beside_one_unknown(extract) -> None:
    body = (
        "Years of lessons with Oliver Brandt gave Ms. Mia Lund her patience. “I practise "
        "every single night,” she said."
    )
    assert speaker(extract, body) == "Mia Lund"
    # both known to fit: still None
    body = (
        "Years of lessons with Mrs. Ada Brandt gave Ms. Mia Lund her patience. “I practise "
        "every single night,” she said."
    )
    assert speaker(extract, body) is None


def test_paragraphs_that_reopen_a_quotation_no_one_closes_are_one_quotation(extract) -> None:
    body = (
        'The club said in a statement: "Anna Berg is one of the finest coaches of her '
        "generation.\n\n"
        '"She has won the league in three different countries and knows our players well.\n\n'
        "Club statement\n\n"
        "The season starts in August."
    )
    ((text, source),) = speakers(extract, body)
    assert text.startswith("Anna Berg") and text.endswith("knows our players well.")
    assert source == "The club"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Singer Lena Morris had a rough first night: “I forgot every word of the second "
         "verse.”", "Singer Lena Morris"),
        # a description or a pronoun before the colon settles nothing
        ("That process led to a realization: “It was a song about home all along.”", None),
        ("She had a rough first night: “I forgot every word of the second verse.”", None),
        # the quotation does not end the sentence: a title, not her words
        ("Singer Lena Morris had a hit: “Down by the River Side” sold a million copies.", None),
    ],
)  # fmt: skip
def test_a_named_person_s_clause_then_a_colon_introduces_her_words(extract, body, expected):
    assert speaker(extract, body) == expected


def test_a_pull_quote_credited_after_a_dash_is_the_credited_person_s(extract) -> None:
    body = (
        "The novel sold poorly at first.\n\n"
        "“Nobody writes sentences like hers, and nobody ever will.” — Tomas Vigdal\n\n"
        "Critics came round later."
    )
    assert speaker(extract, body) == "Tomas Vigdal"
    body = "“Nobody writes sentences like hers, and nobody ever will.” — and the critics agreed."
    assert speaker(extract, body) is None


def test_an_embedded_post_is_its_author_s_words(extract) -> None:
    # the shape tasks/extract/layout.quote_embedded_posts gives a platform's embed
    body = (
        "The harbour closed at noon.\n\n"
        "“The ferry to the islands is cancelled until the wind drops.” — Marta Quill 🌊 "
        "(@martaquill) March 3, 2025\n\n"
        "The port authority did not say when it would reopen."
    )
    assert speaker(extract, body) == "Marta Quill"


def test_a_chain_of_she_reaches_past_the_paragraph_before(extract) -> None:
    body = (
        "“Every study of the river over forty years says the same thing,” said Senator Carla "
        "Munoz.\n\n"
        "She raised that point in a debate on the dam. Those plans would be paid for by the "
        "state.\n\n"
        "“Building it now would be a costly mistake,” she continued."
    )
    assert [s for _, s in speakers(extract, body)] == ["Senator Carla Munoz", "Carla Munoz"]


def test_saying_hung_on_the_reported_clause_is_not_its_subject_s(extract) -> None:
    body = (
        "Over the course of the interview, Lena Haddad disputed that Tom Haddad was lonely, "
        "saying instead he was “quiet by nature and content.”"
    )
    assert speaker(extract, body) != "Tom Haddad"


@pytest.mark.parametrize("full", ["Tom Young", "Tom Young Jr."])
def test_a_surname_the_model_missed_is_the_person_named_in_full(extract, full) -> None:
    # "Young" subject of "would cut" is no entity to the model; the article names Tom Young
    body = (
        f"The panel heard from {full} on Tuesday.\n\n"
        "One thing Young would cut is the old station. “We spend far too much on the old "
        "station,” he said."
    )
    assert speaker(extract, body) == full


def test_a_long_frame_the_splitter_cut_off_after_a_question_mark(extract) -> None:
    body = (
        "The talks stalled again last week.\n\n"
        "“Why would anyone sign this deal now, with nothing at all in return?” Hana Lindqvist, "
        "the former head of the trade office for northern Europe at the regional development "
        "bank, said at an event in Geneva on Tuesday."
    )
    assert speaker(extract, body) == "Hana Lindqvist"


def test_she_after_someone_just_brought_in_is_not_the_person_named_before(extract) -> None:
    body = (
        "Governor Ana Ruiz visited the flooded town on Monday.\n\n"
        "A resident told reporters the water came in overnight. “We lost everything we had,” "
        "she said."
    )
    assert speaker(extract, body) == "A resident"


@pytest.mark.parametrize(
    "body",
    [
        "There’s a saying in the valley that goes “the river forgives nothing.”",
        "As the old proverb says, “the early ferry catches the tide.”",
        "The sign on the gate read “No visitors after dark.”",
    ],
)
def test_a_set_form_of_words_is_nobody_s_speaker(extract, body) -> None:
    assert speaker(extract, body) is None


def test_a_name_set_off_by_commas_after_a_description_is_the_speaker(extract) -> None:
    body = "According to her brother, Tomas Berg, “She never missed a day at the mill.”"
    assert speaker(extract, body) == "Tomas Berg"
    body = "According to her brother, “She never missed a day at the mill.”"
    assert speaker(extract, body) == "her brother"


def test_a_quotation_ending_the_paragraph_of_a_named_person_s_sentence_is_theirs(extract):
    body = (
        "The hearing ran late.\n\n"
        "Senator Maria Delgado expects three more launches through 2027. “Adding another "
        "rocket to the plan would be reckless.”\n\nThe committee adjourned."
    )
    assert speaker(extract, body) == "Senator Maria Delgado"
    # a pronoun or a description says too little; text after the quotation frames it anew
    body = "She visited the flooded town on Tuesday. “We will rebuild every house.”"
    assert speaker(extract, body) is None
    body = "The mayor visited the flooded town. “We will rebuild every house.”"
    assert speaker(extract, body) is None


def test_a_low_opening_mark_is_a_quotation_and_keeps_the_article_s_facts(extract) -> None:
    # German-style marks („…“) inside an English report: the quotation is found, nothing fails
    body = (
        "The mayor, Anna Keller, told the council „We will rebuild the bridge by the summer“ "
        "on Monday. The repairs will cost $2 million."
    )
    found = extract(body).facts
    assert [f.text for f in found if f.kind == "quote"] == [
        "We will rebuild the bridge by the summer"
    ]
    assert [f.value for f in found if f.kind == "money"] == [2_000_000]
