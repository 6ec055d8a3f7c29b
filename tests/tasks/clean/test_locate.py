"""Finding the article in a plain-text page dump: the longest run of prose, not the chrome."""

from __future__ import annotations

import textwrap

from tasks.clean.locate import locate_article
from tasks.process import NO_ARTICLE_TEXT, build_article
from tasks.records import Article, Reject

MENU = "\n".join(["Home", "World", "Politics", "Business", "Sport", "Culture", "Weather", "Search"])
COOKIES = (
    "We use cookies and similar technologies to improve your experience, to show you "
    "personalised content and to analyse our traffic. By clicking accept you consent to this."
)
REPORT = [
    "Flood waters rose across the northern valley on Tuesday, forcing more than 2,000 people "
    "from their homes as the river broke its banks in three places, officials said.",
    "The regional governor said emergency crews had worked through the night to shore up the "
    "levees, but that heavy rain forecast for the rest of the week could make things worse.",
    "“We have never seen the water this high in the forty years I have lived here,” said one "
    "farmer, who asked not to be named because he feared losing his insurance.",
    "Schools in the area will stay closed until at least Friday, and the main road to the "
    "coast has been shut after part of a bridge was washed away in the early hours.",
]
TEASERS = "\n".join(
    [
        "Most read",
        "Minister Resigns After Budget Row",
        "Ten Things To Do This Weekend",
        "Stocks Slide As Oil Prices Climb",
        "Watch: The Best Goals Of The Season",
    ]
)
COMMENTS = "\n\n".join(
    [
        "12 Comments",
        "Jane on March 3, 2024 at 9:15 am said:",
        "This is a terrible situation and the government should have acted much sooner, as "
        "everybody who lives in the valley has been saying for many years now.",
    ]
)
FOOTER = "\n".join(["About us", "Contact", "Privacy policy", "Terms of use", "© 2024 Valley News"])


def page_dump(*parts: str) -> str:
    return "\n\n".join(parts) + "\n"


def test_the_article_is_kept_and_menu_cookie_teasers_comments_and_footer_dropped() -> None:
    dump = page_dump(
        MENU, COOKIES, "Floods force thousands from their homes", *REPORT, TEASERS, COMMENTS, FOOTER
    )
    located = locate_article(dump)
    assert located is not None
    for paragraph in REPORT:
        assert paragraph in located.text
    for chrome in ("Politics", "cookies", "Minister Resigns", "terrible situation", "Privacy"):
        assert chrome not in located.text
    assert located.language == "en"


def test_a_caption_or_read_more_line_inside_the_report_does_not_split_it() -> None:
    dump = page_dump(MENU, *REPORT[:2], "READ MORE: Storm Warning Issued", *REPORT[2:], FOOTER)
    located = locate_article(dump)
    assert located is not None
    assert all(paragraph in located.text for paragraph in REPORT)
    # A short line inside the run may be a subhead, so it stays for the chrome cleaner, which
    # knows "Read more" links.
    result = build_article(dump.encode(), origin="page.txt", kind="text", min_words=30)
    assert isinstance(result, Article)
    assert "Storm Warning" not in result.body
    assert all(paragraph in result.body for paragraph in REPORT)


def test_a_hard_wrapped_lynx_style_dump_is_rejoined_and_found() -> None:
    wrapped = "\n".join(
        "\n".join(textwrap.wrap(p, 76, initial_indent="   ", subsequent_indent="   "))
        for p in REPORT
    )
    located = locate_article(page_dump("   * Home\n   * World\n   * Sport", wrapped, FOOTER))
    assert located is not None
    assert REPORT[0] in located.text  # one paragraph again, not five wrapped lines


def test_a_page_without_an_article_is_rejected_as_no_article_text() -> None:
    index_page = page_dump(MENU, TEASERS, TEASERS.replace("Most read", "Latest"), COOKIES, FOOTER)
    assert locate_article(index_page) is None
    result = build_article(index_page.encode(), origin="index.txt", kind="text", min_words=30)
    assert isinstance(result, Reject)
    assert (result.stage, result.reason) == ("clean", NO_ARTICLE_TEXT)


def test_a_dump_with_an_article_becomes_an_article_without_its_chrome() -> None:
    dump = page_dump(MENU, "Floods force thousands from their homes", *REPORT, TEASERS, FOOTER)
    result = build_article(dump.encode(), origin="page.txt", kind="text", min_words=30)
    assert isinstance(result, Article)
    assert result.body.startswith("Flood waters rose")
    assert "Most read" not in result.body and "Privacy" not in result.body


def test_a_text_shorter_than_any_article_passes_whole() -> None:
    located = locate_article("Kim visited a factory on Tuesday.")
    assert located is not None and located.text == "Kim visited a factory on Tuesday."


BLURBS = [
    "Click the picture above to see how the drivers stand after the race in Brazil, with the "
    "points each of them has scored this season.",
    "Click here for the television times of the Brazilian race, the track, the tyres and the "
    "zones where drivers may open their wings.",
    "The podcast is back for its twelfth season, talking about everything that happened in the "
    "world of motor sport this week, seriously and not.",
]


def test_a_list_of_blurbs_each_under_its_own_link_title_is_no_article() -> None:
    titles = ["» Driver Power Ranking", "» Race Preview", "» Podcast Episode 29"]
    teasers = "\n\n".join(part for pair in zip(titles, BLURBS, strict=True) for part in pair)
    dump = page_dump(MENU, teasers, FOOTER)
    assert locate_article(dump) is None
    result = build_article(dump.encode(), origin="sidebar.txt", kind="text", min_words=25)
    assert isinstance(result, Reject) and result.reason == NO_ARTICLE_TEXT


def test_subheads_over_every_paragraph_are_a_report_not_a_teaser_list() -> None:
    subheads = ["Rivers", "Roads", "Schools", "Farms"]
    body = "\n\n".join(part for pair in zip(subheads, REPORT, strict=True) for part in pair)
    located = locate_article(page_dump(MENU, body, FOOTER))
    assert located is not None
    assert all(paragraph in located.text for paragraph in REPORT)


def test_an_ad_slot_between_every_paragraph_neither_splits_the_report_nor_stays() -> None:
    slotted = "\n\n".join(part for paragraph in REPORT for part in ("Advertisement", paragraph))
    located = locate_article(page_dump(MENU, slotted, TEASERS, FOOTER))
    assert located is not None
    assert all(paragraph in located.text for paragraph in REPORT)
    assert "Advertisement" not in located.text


def test_stories_under_a_related_header_are_not_the_article() -> None:
    related = "\n\n".join(["Você pode gostar...", *BLURBS])
    dump = page_dump(MENU, REPORT[0], REPORT[1], MENU, related, FOOTER)
    located = locate_article(dump)
    assert located is not None
    assert REPORT[0] in located.text and BLURBS[0] not in located.text


def test_the_footers_disclaimers_are_not_the_article() -> None:
    disclaimers = [
        "The information provided on this website was originally intended for readers in the "
        "United States and is not a substitute for the advice of a qualified professional.",
        "Results vary depending on starting point, goals and effort, and no statement here has "
        "been evaluated by any authority or is meant to diagnose or treat anything at all.",
        "Consult your physician and follow all safety instructions before beginning any of the "
        "programs described on this website, especially if you have a medical condition.",
        "All other names and logos are the property of their owners and are used here only to "
        "describe the products they belong to, which this website does not sell itself.",
    ]
    rights = "© 2024 Valley News Ltd. All rights reserved."
    dump = page_dump(MENU, REPORT[0], REPORT[1], TEASERS, *disclaimers, rights)
    located = locate_article(dump)
    assert located is not None
    assert REPORT[0] in located.text and "physician" not in located.text


def test_a_wire_reports_own_rights_notice_does_not_make_it_the_footer() -> None:
    rights = "© 2024 The Associated Press. All rights reserved."
    dump = page_dump(MENU, *REPORT, rights, TEASERS, COMMENTS, MENU, FOOTER)
    located = locate_article(dump)
    assert located is not None
    assert all(paragraph in located.text for paragraph in REPORT)


def test_a_guillemet_opening_a_quotation_is_not_a_link_arrow() -> None:
    quoted = [f"»{paragraph}«" if n % 2 else paragraph for n, paragraph in enumerate(REPORT)]
    located = locate_article(page_dump(MENU, *quoted, FOOTER))
    assert located is not None
    assert all(paragraph in located.text for paragraph in quoted)


def test_word_counts_of_a_dump_with_odd_spacing_are_its_split_words() -> None:
    """The page counts a paragraph's words by its spaces: that holds because the paragraph
    builder folds tabs, no-break spaces, runs of spaces and wrapped lines to single spaces."""
    from tasks.clean.locate import _Page
    from tasks.clean.text import paragraph_units

    dump = (
        "  Storm\tcloses\u00a0the   harbour \u2003again  \n\n"
        "Ferries stayed in port on Monday,\n"
        "as gusts of 90 km/h swept the bay and\n"
        "the coastguard warned boats to keep away.\n\n"
        "\u3000Share\u200b |  Print \t"
    )
    units = paragraph_units(dump)
    page = _Page.of(units)
    assert page.words == [len(text.split()) for text in units] == [5, 22, 3]
