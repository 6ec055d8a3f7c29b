"""Small, distinct news pages for input-format tests (WARC records, exports)."""

from __future__ import annotations

TOPICS = (
    (
        "harbour",
        "The harbour authority said on Monday that 14 ships had been delayed by the storm.",
    ),
    ("council", "The city council voted 7 to 2 on Tuesday to close the old library building."),
    ("rail", "Rail operators cancelled 120 services after a signal failure near the junction."),
    ("school", "The education ministry said 36 schools would reopen after the summer repairs."),
    ("hospital", "Hospital managers reported that 410 patients were treated during the heatwave."),
)


def article_text(index: int) -> tuple[str, list[str]]:
    """A headline and three paragraphs that share no sentence with another index's."""
    topic, lead = TOPICS[index % len(TOPICS)]
    n = index + 3
    paragraphs = [
        f"{lead} Officials expect the figures for week {n} to be published on Friday.",
        f"Residents interviewed about the {topic} story said they had waited {n} days for "
        "clear information, and several asked why the warnings had come so late.",
        f"A spokesperson promised a fuller statement on the {topic} decision before the end "
        f"of the month, and said {n * 10} staff were working on the response.",
    ]
    return f"{topic.title()} report number {n}", paragraphs


def article_html(index: int) -> bytes:
    title, paragraphs = article_text(index)
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}"
        "</article><footer>Copyright the Example Gazette</footer></body></html>"
    ).encode()
