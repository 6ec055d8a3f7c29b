"""tasks/extract/layout.py: split article bodies joined, teaser lists dropped, on small pages
written here."""

from __future__ import annotations

from lxml.html import HtmlElement
from trafilatura.utils import load_html

from tasks.extract.html import extract_html
from tasks.extract.layout import (
    drop_credit_lines,
    drop_teaser_lists,
    join_split_bodies,
    parts_left_out,
    quote_embedded_posts,
    split_body_parts,
)

FIRST_PART = [
    "The harbour authority opened the new ferry terminal on Monday after four years of work "
    "and two changes of contractor.",
    "Passengers queued from six in the morning, and the first crossing left eleven minutes "
    "late because of a fault in the boarding ramp.",
    "The mayor cut a ribbon on the upper deck while a brass band from the local school played "
    "on the quay below.",
    "Tickets for the first week were sold out by Sunday evening, the operator said in a "
    "statement posted at the gates.",
]
SECOND_PART = [
    "The terminal can handle three ships at once, twice as many as the old pier, the "
    "authority's chief engineer told reporters.",
    "Local traders said the new car park had taken the spaces their customers used to park "
    "in along the quay.",
    "One café owner said she had lost a fifth of her morning trade since the old road to the "
    "pier was closed in March.",
    "The authority has promised a shuttle bus from the town centre until the walkway is "
    "finished, at no charge to passengers.",
]
THIRD_PART = [
    "A second phase, with a covered walkway to the railway station, is planned for the "
    "spring of next year if the council approves it.",
]


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


def split_page(between: str = "<div class='ad-slot'>Advertisement</div>") -> str:
    """An article set in three body containers with a box between each two.

    Each part is marked as the article body, so trafilatura's first choice is the first part.
    """
    parts = [
        f"<div class='chunk'><div class='story-part' itemprop='articleBody'>{paragraphs(texts)}"
        "</div></div>"
        for texts in (FIRST_PART, SECOND_PART, THIRD_PART)
    ]
    return (
        "<html><head><title>Ferry terminal opens</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/local'>Local</a></nav>"
        f"<div class='page'>{between.join(parts)}</div>"
        "<footer>Contact the newsroom</footer></body></html>"
    )


def tree_of(html: str) -> HtmlElement:
    tree = load_html(html)
    assert tree is not None
    return tree


def test_an_article_split_across_sibling_containers_is_read_whole() -> None:
    cleaned, _ = extract_html(split_page())
    for text in FIRST_PART + SECOND_PART + THIRD_PART:
        assert text in cleaned.body
    assert cleaned.body.index(FIRST_PART[0]) < cleaned.body.index(SECOND_PART[0])
    assert cleaned.body.index(SECOND_PART[0]) < cleaned.body.index(THIRD_PART[0])
    assert "Advertisement" not in cleaned.body


def test_the_parts_are_grouped_in_page_order() -> None:
    tree = tree_of(split_page())
    groups = split_body_parts(tree)
    bodies = [g for g in groups if g[0].get("class") == "story-part"]
    assert len(bodies) == 1 and len(bodies[0]) == 3
    assert FIRST_PART[0] in bodies[0][0].text_content()
    assert THIRD_PART[0] in bodies[0][2].text_content()


def test_only_groups_whose_later_parts_the_extraction_lacks_are_joined() -> None:
    tree = tree_of(split_page())
    groups = split_body_parts(tree)
    assert parts_left_out(groups, " ".join(FIRST_PART + SECOND_PART + THIRD_PART)) == []
    left_out = parts_left_out(groups, " ".join(FIRST_PART))
    assert left_out
    assert join_split_bodies(left_out) >= 2
    assert THIRD_PART[0] in left_out[0][0].text_content()


def test_parts_with_prose_between_them_are_not_one_article() -> None:
    # Prose outside the containers between them: the containers are boxes of a longer page
    # (say, profiles in a feature), and moving them together would reorder it.
    between = (
        "<div class='interlude'><p>Between the two halves of the feature the editors set a "
        "long interview with the mayor, who spoke about the budget and the harbour plans.</p>"
        "<p>She said the council had found the money for the walkway but not yet for the new "
        "bus line that would serve the terminal.</p></div>"
    )
    assert split_body_parts(tree_of(split_page(between))) == []


def test_one_body_container_is_not_a_split_article() -> None:
    html = (
        "<html><body><div class='article__body'>"
        f"{paragraphs(FIRST_PART + SECOND_PART)}</div>"
        "<div class='teaser'><p>Short teaser.</p></div><div class='teaser'><p>Another.</p></div>"
        "</body></html>"
    )
    assert split_body_parts(tree_of(html)) == []


def test_a_list_of_story_titles_inside_the_body_is_dropped() -> None:
    teasers = "".join(
        f"<li><a href='/story/{n}'>{title}</a></li>"
        for n, title in enumerate(
            [
                "Council votes to keep the night buses running",
                "Why the old lighthouse keeps its lamp lit",
                "Five walks along the coast for a winter weekend",
                "The bakery that has opened at four for fifty years",
            ]
        )
    )
    html = (
        "<html><head><title>Ferry terminal opens</title></head><body><article>"
        f"{paragraphs(FIRST_PART)}<h3>More from Local</h3><ul>{teasers}</ul>"
        f"{paragraphs(SECOND_PART)}</article></body></html>"
    )
    cleaned, _ = extract_html(html)
    assert "night buses" not in cleaned.body
    assert "lighthouse" not in cleaned.body
    for text in FIRST_PART + SECOND_PART:
        assert text in cleaned.body


def test_an_article_list_with_links_in_its_items_stays() -> None:
    items = "".join(
        f"<li>{text} (<a href='/source/{n}'>report</a>)</li>"
        for n, text in enumerate(
            [
                "The terminal cost 41 million, a third more than planned",
                "Ferries now leave every twenty minutes at the busiest hours",
                "The old pier will become a fish market",
            ]
        )
    )
    tree = tree_of(f"<html><body><article><ul>{items}</ul></article></body></html>")
    assert drop_teaser_lists(tree) == 0
    assert "fish market" in tree.text_content()


def test_a_short_link_list_is_not_taken_for_teasers() -> None:
    items = "<li><a href='/a'>Ferry timetable</a></li><li><a href='/b'>Parking</a></li>"
    tree = tree_of(f"<html><body><article><ul>{items}</ul></article></body></html>")
    assert drop_teaser_lists(tree) == 0


def test_photo_credit_lines_in_the_body_are_dropped() -> None:
    credits = [
        "<p>Photo: Maria Jensen / Harbour Press Agency</p>",
        "<p class='pic'>(Foto: Jan Berger/dpa)</p>",
        "<p>The new ramp on its first morning. Image: courtesy of the harbour authority</p>",
        "<p><small>© Nordic Photo Service</small></p>",
    ]
    html = (
        "<html><head><title>Ferry terminal opens</title></head><body><article>"
        f"{paragraphs(FIRST_PART[:2])}{credits[0]}{credits[1]}{paragraphs(FIRST_PART[2:])}"
        f"{credits[2]}{paragraphs(SECOND_PART)}{credits[3]}</article></body></html>"
    )
    cleaned, _ = extract_html(html)
    for name in ("Maria Jensen", "Jan Berger", "courtesy of", "Nordic Photo"):
        assert name not in cleaned.body
    for text in FIRST_PART + SECOND_PART:
        assert text in cleaned.body


def test_report_sentences_that_mention_photos_stay() -> None:
    sentences = [
        "<p>Photos taken by a passenger show the ramp stuck halfway over the water.</p>",
        "<p>The image: a ferry, a crowd, and a ramp that would not move.</p>",
        "<p>Image rights for the opening were sold to a film crew from the capital, the "
        "authority said, and the crew filmed from the roof of the old customs house all day.</p>",
    ]
    tree = tree_of(f"<html><body><article>{''.join(sentences)}</article></body></html>")
    assert drop_credit_lines(tree) == 0


def test_a_row_of_story_cards_is_dropped_but_linked_paragraphs_are_not() -> None:
    cards = "".join(
        f"<article class='card'><a href='/story/{n}'><img src='/{n}.jpg'><h3>{title}</h3></a>"
        "</article>"
        for n, title in enumerate(
            [
                "Night buses to run until two on weekends",
                "Lighthouse keeper retires after forty years",
                "A winter guide to the coastal path",
            ]
        )
    )
    linked = "".join(f"<p><a href='/story'>{text}</a></p>" for text in FIRST_PART)
    tree = tree_of(
        f"<html><body><section class='promo'>{cards}</section>"
        f"<div class='story'>{linked}</div></body></html>"
    )
    assert drop_teaser_lists(tree) == 1
    text = tree.text_content()
    assert "Lighthouse keeper" not in text
    for paragraph in FIRST_PART:
        assert paragraph in text


EMBED = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">The ferry to the islands is '
    "cancelled<br>until the wind drops. "
    '<a href="https://t.co/x1">pic.twitter.com/x1</a></p>&mdash; Marta Quill (@martaquill) '
    '<a href="https://twitter.com/martaquill/status/1">March 3, 2025</a></blockquote>'
)


def test_an_embedded_post_becomes_one_quoted_paragraph_with_its_author_line() -> None:
    tree = load_html(
        f"<html><body><article><p>Before.</p>{EMBED}<p>After.</p></article></body></html>"
    )
    assert quote_embedded_posts(tree) == 1
    assert tree.find(".//blockquote") is None
    paragraphs = [p.text_content() for p in tree.iter("p")]
    assert paragraphs == [
        "Before.",
        "“The ferry to the islands is cancelled until the wind drops. pic.twitter.com/x1” "
        "— Marta Quill (@martaquill) March 3, 2025",
        "After.",
    ]


def test_a_plain_blockquote_is_not_an_embedded_post() -> None:
    tree = load_html("<html><body><blockquote><p>A reader's letter.</p></blockquote></body></html>")
    assert quote_embedded_posts(tree) == 0
    assert tree.find(".//blockquote") is not None
