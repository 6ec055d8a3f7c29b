"""build_article: bytes of any supported kind to one Article, or a Reject with a reason."""

from __future__ import annotations

from pathlib import Path

from tasks.normalise import content_hash
from tasks.process import build_article, read_input
from tasks.records import Article, Reject
from tests.conftest import SEEDS_DIR

SEED = SEEDS_DIR / "004_ad42f186b11cc35e.txt"

PAGE = """<!doctype html><html lang="en"><head><meta charset="windows-1252">
<title>Engineers return | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Jane Doe"><meta property="article:published_time" content="2025-12-13">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Engineers return from Kursk</h1>
<p>North Korea’s leader welcomed home specialised soldiers this week after a deployment in Russia’s
war against Ukraine, honouring nine killed in action with his country’s highest medal.</p>
<p>The Kremlin said in July that North Korea had agreed to send 1,000 combat engineers and 5,000
military construction workers to help rebuild Russia’s war-torn Kursk region.</p>
<p>State media said the combat engineers returned home after a demining operation in Kursk, and a
large welcoming ceremony was held on Friday in a plaza in Pyongyang.</p></article>
<footer>© 2025 The Daily Example. All rights reserved.</footer></body></html>"""


def build(data: bytes, kind: str = "text", **kwargs: object) -> Article | Reject:
    return build_article(data, origin="x", kind=kind, min_words=25, **kwargs)  # type: ignore[arg-type]


def test_a_text_seed_becomes_an_article_with_its_metadata() -> None:
    article = build(SEED.read_bytes())
    assert isinstance(article, Article)
    assert article.publisher == "New York Times"
    assert article.author == "Choe Sang-Hun"
    assert article.language == "en"
    assert article.encoding == "utf_8"
    assert article.content_hash == content_hash(article.body)
    assert "appeared first on" not in article.body


def test_an_html_page_is_extracted_with_trafilatura_and_its_meta_charset_honoured() -> None:
    article = build(PAGE.encode("cp1252"), kind="html")
    assert isinstance(article, Article)
    assert article.encoding == "cp1252"
    assert "North Korea’s leader welcomed home" in article.body
    assert "5,000 military construction workers" in article.body
    assert "All rights reserved" not in article.body and "Home" not in article.body
    assert article.publisher == "The Daily Example"
    assert article.author == "Jane Doe"
    assert (
        article.published_at is not None and article.published_at.date().isoformat() == "2025-12-13"
    )
    assert article.language == "en"


def test_clean_utf8_bytes_win_over_a_stale_meta_charset() -> None:
    stale = PAGE.replace('charset="windows-1252"', 'charset="iso-8859-15"')
    article = build(stale.encode("utf-8"), kind="html")
    assert isinstance(article, Article)
    assert article.encoding == "utf_8"
    assert "North Korea’s leader welcomed home" in article.body  # not "Koreaâ€™s"
    # Bytes that are not valid UTF-8 still follow the tag.
    legacy = build(stale.replace("’", "é").encode("iso-8859-15"), kind="html")
    assert isinstance(legacy, Article) and legacy.encoding == "iso8859_15"


def test_a_page_without_an_article_is_rejected_at_extraction() -> None:
    result = build(
        b"<html><head><script>var x = 1;</script></head><body></body></html>", kind="html"
    )
    assert isinstance(result, Reject)
    assert (result.stage, result.reason) == ("extract", "no article text found in page")


def test_a_page_with_only_navigation_is_rejected_as_too_short() -> None:
    result = build(b"<html><body><nav><a href='/'>Home</a></nav></body></html>", kind="html")
    assert isinstance(result, Reject)
    assert result.stage == "clean"


def test_text_shorter_than_min_words_after_cleaning_is_rejected() -> None:
    result = build(b"Kim visited a factory on Tuesday.")
    assert isinstance(result, Reject)
    assert result.stage == "clean"
    assert "only 6 word(s)" in result.reason


def test_a_wrong_declared_charset_falls_back_to_detection() -> None:
    text = SEED.read_text(encoding="utf-8")
    article = build(text.encode("utf-8"), charset_hint="ascii")
    assert isinstance(article, Article)
    assert article.encoding == "utf_8"


def test_read_input_refuses_a_file_that_grew_past_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    result = read_input(path, origin="big.txt", max_bytes=100)
    assert isinstance(result, Reject)
    assert "100-byte cap" in result.reason
    assert read_input(path, origin="big.txt", max_bytes=101) == b"x" * 101
