"""extract_html: a page's report text and metadata, through the real trafilatura and our cleaner."""

from __future__ import annotations

from tasks.extract.html import extract_html

REPORT = [
    "North Korean troops deployed to the Kursk region took part in mine-clearing operations, "
    "state media said on Friday.",
    "The soldiers returned to Pyongyang this week, and a welcoming ceremony was held in a "
    "central plaza of the capital.",
    "Officials in Seoul said the deployment was part of a wider agreement signed with Moscow "
    "last year.",
    "Analysts said the engineers gained combat experience that the army had lacked for decades.",
]
HEADLINE = "Engineers return from Kursk"


def page(article: str, *, title: str | None = "Engineers return | The Daily Example") -> str:
    head = f"<title>{title}</title>" if title else ""
    return (
        f"<html><head>{head}</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a>"
        f"</nav><article>{article}</article><footer>Contact us</footer></body></html>"
    )


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


def test_the_headline_opening_the_article_is_metadata_not_report_text() -> None:
    cleaned, _ = extract_html(page(f"<h1>{HEADLINE}</h1>" + paragraphs(REPORT)))
    assert cleaned.body.split("\n\n") == REPORT
    assert cleaned.title is not None and "Engineers return" in cleaned.title


def test_without_a_title_tag_the_headline_is_the_title() -> None:
    cleaned, _ = extract_html(page(f"<h1>{HEADLINE}</h1>" + paragraphs(REPORT), title=None))
    assert cleaned.title == HEADLINE
    assert HEADLINE not in cleaned.body


def test_headings_inside_the_report_stay_in_it() -> None:
    article = (
        paragraphs(REPORT[:2])
        + "<h1>A rare acknowledgement</h1>"
        + paragraphs(REPORT[2:3])
        + "<h2>What comes next</h2>"
        + paragraphs(REPORT[3:])
    )
    cleaned, _ = extract_html(page(article))
    assert "A rare acknowledgement" in cleaned.body
    assert "What comes next" in cleaned.body
    assert cleaned.body.startswith(REPORT[0])


def test_a_subheading_opening_the_article_is_not_taken_for_the_headline() -> None:
    cleaned, _ = extract_html(page("<h2>The deployment</h2>" + paragraphs(REPORT)))
    assert cleaned.body.startswith("The deployment")


def test_when_precision_mode_keeps_only_a_scrap_the_article_is_still_found() -> None:
    # Paragraphs wrapped whole in links look like a link list to trafilatura's precision mode,
    # which then keeps only the reprint notice; the default balance finds the report.
    notice = (
        "<div class='notice'><p>This copy is for your personal, non-commercial use only. "
        "To order copies visit our reprints desk.</p></div>"
    )
    linked = "".join(f"<p><a href='/story'>{text}</a></p>" for text in REPORT)
    html = f"<html><head><title>Engineers return</title></head><body>{notice}<div>{linked}</div>"
    cleaned, _ = extract_html(html + "</body></html>")
    for text in REPORT:
        assert text in cleaned.body


def test_a_page_without_an_article_has_an_empty_body() -> None:
    cleaned, language = extract_html("<html><head><script>var x = 1;</script></head></html>")
    assert cleaned.body == ""
    assert language is None
