"""Finding the article in a plain-text page dump: the longest run of prose, not the chrome."""

from __future__ import annotations

import textwrap

from tasks.locate_article import locate_article
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
