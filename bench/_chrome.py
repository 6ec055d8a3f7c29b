"""Page chrome for the benchmark corpus: outlet-style text wrappers and HTML nav/footer blocks.

The text templates follow the shapes in tests/fixtures/chrome/ (the cleaner's specification), with
the outlet, people, places and dates varied, so a re-published story differs only in chrome that
the cleaner is meant to remove. ``{{report}}`` takes the next report paragraph, ``{{report*}}``
all remaining ones, as in the fixtures.
"""

from __future__ import annotations

import html
import random
from collections.abc import Sequence

REPORT = "{{report}}"
REPORT_REST = "{{report*}}"

OUTLETS = (
    "The Seoul Ledger",
    "Daily Meridian",
    "Northern Courier",
    "The Harbour Times",
    "Capital Wire",
    "Eastern Dispatch",
    "The Morning Record",
    "Pacific Observer",
    "The Civic Post",
    "Riverside Herald",
)
PEOPLE = (
    "Kim Soo-yeon",
    "Justin Park",
    "Maria Lopez",
    "Hyonhee Shin",
    "Joyce Lee",
    "Colin Ward",
    "Anna Petrova",
    "David Okafor",
    "Lee Min-ji",
    "Thomas Becker",
    "Sara Haddad",
    "Jean Mackenzie",
    "Yoonjung Seo",
    "Peter Novak",
    "Grace Liu",
    "Omar Farouk",
)
CITIES = (
    "Seoul",
    "Tokyo",
    "Moscow",
    "Kyiv",
    "Berlin",
    "London",
    "Washington",
    "Beijing",
    "Paris",
    "Warsaw",
    "Busan",
    "Geneva",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
COMMENTERS = ("Jae-won Lee", "Kursk Watcher", "M. Sato", "D. Hale", "Minsu Park", "Old Reader")
COMMENTS = (
    "Those soldiers never had a choice, and the regime knows it.",
    "Finally an admission. Now count the cost.",
    "Thanks for the reporting, this is the first clear account I have read.",
    "Hard to believe this is still happening in this day and age.",
    "We need to remember there are real people behind these numbers.",
    "Nobody in charge will ever be held accountable for this.",
)

# Each template: (name, paragraph separator, lines). Lines are str.format templates over the
# context built in `_context`; REPORT / REPORT_REST stand for report paragraphs.
_TEMPLATES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "wire",
        "\n",
        (
            "{title}",
            "By {author} and {author2}",
            "{month} {day}, {year} {h12}:{mm} {ampm} GMT+9 Updated {hours} hours ago",
            REPORT,
            REPORT,
            "The {outlet} Daily Briefing newsletter provides all the news you need to start "
            "your day. Sign up here.",
            REPORT_REST,
            "Reporting by {author} and {author2}; Additional reporting by {author3} in {city}; "
            "Editing by {author4}",
            "Our Standards: The {outlet} Trust Principles., opens new tab",
        ),
    ),
    (
        "ap",
        "\n",
        (
            "{title}",
            "BY {author_upper}",
            "Updated {h12}:{mm} {ampm} GMT+9, {month} {day}, {year}",
            "Share",
            REPORT_REST,
            "___",
            "{outlet} writer {author2} in {city} contributed to this report.",
            "Follow {author} on X: https://x.com/{handle}",
        ),
    ),
    (
        "bbc",
        "\n",
        (
            "{title}",
            "{day} {month} {year}",
            "Share",
            "Save",
            "{author}",
            "{city} correspondent",
            REPORT_REST,
            "Follow {outlet} on Instagram, Facebook and X.",
        ),
    ),
    (
        "cnn",
        "\n\n",
        (
            "{title}",
            "By {author} and {author2}, {outlet}",
            "{minutes} minute read",
            "Updated {h12}:{mm} {ampm} EDT, {dow3} {month} {day}, {year}",
            "Published {h12b}:{mm} {ampm} EDT, {dow3} {month} {day}, {year}",
            "{city}, {country} ({outlet}) —",
            REPORT,
            "Sign up for {outlet}’s Meanwhile in Asia newsletter which explores what you need "
            "to know about the region’s rise and how it impacts the world.",
            REPORT_REST,
            "{outlet}’s {author3} contributed reporting.",
        ),
    ),
    (
        "daily_nk",
        "\n",
        (
            "{title}",
            "By {author} - {year}.{month_num:02d}.{day:02d} {h12}:{mm}{ampm_lower}",
            REPORT_REST,
            "Please direct any comments or questions about this article to {email}.",
            "Read in Korean",
        ),
    ),
    (
        "disqus",
        "\n",
        (
            "{title}",
            REPORT_REST,
            "Recommended",
            "- {related1}",
            "- {related2}",
            "{comments} Comments",
            "Sort by Best",
            "Recommend",
            "{commenter1} • {hours} hours ago",
            "{comment1}",
            "Reply",
            "Share ›",
            "{commenter2} • {hours2} hours ago",
            "{comment2}",
            "Reply",
            "Share ›",
            "Load more comments",
            "comments powered by Disqus",
        ),
    ),
    (
        "guardian",
        "\n",
        (
            "This article is more than {months_old} months old",
            "{title}",
            REPORT,
            "{author} in {city}",
            "{dow3} {day} {month3} {year} {hh}.{mm} BST",
            "Share",
            REPORT_REST,
            "I hope you appreciated this article. Before you move on, I was hoping you would "
            "consider taking the step of supporting {outlet}’s journalism.",
            "{outlet} is different. We have no billionaire owner or shareholders to consider. "
            "Our journalism is produced to serve the public interest – not profit motives.",
            "If you can, please consider supporting us just once from $1, or better yet, every "
            "month with a little more. Thank you.",
            "Support $5/month",
            "Recommended",
            "Support $15/month",
            "Unlock All-access digital benefits:",
            "Continue",
            "Remind me in {month}",
            "Accepted payment methods: Visa, Mastercard, American Express and PayPal",
        ),
    ),
    (
        "herald",
        "\n",
        (
            "{title}",
            "By {author} ({email})",
            "Published : {month3}. {day}, {year} - {hh}:{mm}:{ss}",
            "Updated : {month3}. {day}, {year} - {hh2}:{mm}:{ss}",
            "Photo: {outlet}",
            REPORT_REST,
        ),
    ),
    (
        "links_ads",
        "\n",
        (
            "World",
            "{title}",
            REPORT,
            "Advertisement",
            REPORT,
            "Read more: {related1}",
            REPORT,
            "Click here to get breaking news alerts on your phone.",
            REPORT_REST,
            "Related:",
            "- {related2}",
            "- {related3}",
        ),
    ),
    (
        "member",
        "\n",
        (
            "{title}",
            "By {author} | {month} {day}, {year}",
            REPORT_REST,
            "Want to read more? Become a member to get unlimited access to {outlet}.",
            "Already a member? Sign in",
            "Subscribe",
        ),
    ),
    (
        "substack",
        "\n",
        (
            "{title}",
            "{author}",
            "{month3} {day}, {year}",
            "∙ Paid",
            "{likes}",
            "{restacks}",
            "Share",
            REPORT_REST,
            "Thanks for reading {outlet}! Subscribe for free to receive new posts and support "
            "my work.",
            "Subscribe",
            "Share",
            "Leave a comment",
            "{likes} Likes",
            "∙",
            "{restacks} Restacks",
            "Discussion about this post",
            "{commenter1}",
            "{month3} {day2}",
            "{comment1}",
        ),
    ),
    (
        "wordpress",
        "\n",
        (
            "{title}",
            REPORT_REST,
            "Share this:",
            "Twitter",
            "Facebook",
            "Like this:",
            "Like Loading...",
            "Related",
            "{comments} thoughts on “{title}”",
            "{commenter1}",
            "{month} {day2}, {year} at {h12}:{mm} am",
            "{comment1}",
            "Reply",
            "{commenter2}",
            "{month} {day2}, {year} at {h12b}:{mm} pm",
            "{comment2}",
            "Reply",
            "Leave a Reply Cancel reply",
            "Your email address will not be published. Required fields are marked *",
        ),
    ),
    (
        "yonhap",
        "\n",
        (
            "{title}",
            "By {author}",
            "{year}-{month_num:02d}-{day:02d} {hh}:{mm}",
            REPORT_REST,
            "{handle}@{domain}",
            "(END)",
        ),
    ),
    (
        "appeal",
        "\n\n",
        (
            "Support {outlet}!",
            "{title}",
            REPORT_REST,
            "Sign up for our free weekly newsletter",
            "Our weekly newsletter contains a hand-picked selection of news, features, analysis "
            "and more from {outlet}. You will receive it in your mailbox every Friday. Preview",
            "Subscribers agree to the Privacy Policy",
            "A Message from {outlet}:",
            "Dear readers,",
            "We, the journalists of {outlet}, refuse to be silenced. But to continue our work, "
            "we need your help.",
            "Your support, no matter how small, makes a world of difference. If you can, please "
            "support us monthly starting from just $2. It's quick to set up, and every "
            "contribution makes a significant impact.",
            "Once",
            "Monthly",
            "Annual",
            "Continue",
            "Not ready to support today?",
            "Remind me later.",
            "Read more",
        ),
    ),
    ("bare", "\n\n", ("{title}", REPORT_REST)),
    ("no_title", "\n", (REPORT_REST,)),
)

TEMPLATE_NAMES: tuple[str, ...] = tuple(name for name, _, _ in _TEMPLATES)


def _context(rng: random.Random, title: str, related: Sequence[str]) -> dict[str, object]:
    """Names, dates and counters for one page; drawn fresh so every copy's chrome differs."""
    people = rng.sample(PEOPLE, 4)
    month_num = rng.randint(1, 12)
    hour = rng.randint(0, 23)
    outlet = rng.choice(OUTLETS)
    handle = people[0].split()[0].lower() + people[0].split()[-1].lower()[:3]
    picks = list(related) or [title]
    return {
        "title": title,
        "author": people[0],
        "author2": people[1],
        "author3": people[2],
        "author4": people[3],
        "author_upper": people[0].upper(),
        "outlet": outlet,
        "city": rng.choice(CITIES),
        "country": rng.choice(("South Korea", "Japan", "Ukraine", "Germany", "Poland")),
        "year": rng.randint(2019, 2025),
        "month": MONTHS[month_num - 1],
        "month3": MONTHS[month_num - 1][:3],
        "month_num": month_num,
        "day": rng.randint(1, 28),
        "day2": rng.randint(1, 28),
        "dow3": rng.choice(WEEKDAYS)[:3],
        "hh": f"{hour:02d}",
        "hh2": f"{(hour + rng.randint(1, 5)) % 24:02d}",
        "h12": hour % 12 or 12,
        "h12b": rng.randint(1, 12),
        "mm": f"{rng.randint(0, 59):02d}",
        "ss": f"{rng.randint(0, 59):02d}",
        "ampm": "AM" if hour < 12 else "PM",
        "ampm_lower": "am" if hour < 12 else "pm",
        "hours": rng.randint(1, 11),
        "hours2": rng.randint(12, 23),
        "minutes": rng.randint(3, 9),
        "months_old": rng.randint(2, 11),
        "comments": rng.randint(2, 140),
        "likes": rng.randint(3, 400),
        "restacks": rng.randint(1, 40),
        "handle": handle,
        "domain": outlet.lower().replace("the ", "").replace(" ", "") + ".com",
        "email": f"{handle}@{outlet.lower().replace('the ', '').replace(' ', '')}.com",
        "commenter1": rng.choice(COMMENTERS),
        "commenter2": rng.choice(COMMENTERS),
        "comment1": rng.choice(COMMENTS),
        "comment2": rng.choice(COMMENTS),
        "related1": rng.choice(picks),
        "related2": rng.choice(picks),
        "related3": rng.choice(picks),
    }


def wrap_text(
    rng: random.Random,
    title: str,
    paragraphs: Sequence[str],
    *,
    related: Sequence[str] = (),
    template: str | None = None,
) -> tuple[str, str]:
    """A page copy of the report: (template name, text). The report paragraphs are unchanged."""
    name, sep, lines = (
        next(t for t in _TEMPLATES if t[0] == template) if template else rng.choice(_TEMPLATES)
    )
    context = _context(rng, title, related)
    out: list[str] = []
    rest = list(paragraphs)
    for line in lines:
        if line == REPORT_REST:
            out.extend(rest)
            rest = []
        elif line == REPORT:
            if rest:
                out.append(rest.pop(0))
        else:
            out.append(line.format(**context))
    out.extend(rest)  # a template that ran out of placeholders still carries the whole report
    return name, sep.join(out) + rng.choice(("", "\n", "\n\n"))


def html_chrome(rng: random.Random, related: Sequence[str]) -> tuple[str, str]:
    """(nav block for after <body>, footer block for before </body>), varied per copy."""
    outlet = html.escape(rng.choice(OUTLETS))
    sections = rng.sample(
        ["World", "Politics", "Business", "Tech", "Science", "Sport", "Culture", "Opinion",
         "Asia", "Europe", "Video", "Podcasts"],
        k=rng.randint(5, 9),
    )  # fmt: skip
    links = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in sections)
    nav = (
        f'<header class="site-header"><a class="logo" href="/">{outlet}</a>'
        f'<nav class="main-nav"><ul>{links}</ul></nav>'
        '<div class="cookie-banner">We use cookies to improve your experience. '
        '<button>Accept all</button><button>Manage settings</button></div></header>'
    )  # fmt: skip
    picks = list(related)
    rng.shuffle(picks)
    related_items = "".join(
        f'<li><a href="/story/{rng.randint(10_000, 99_999)}">{html.escape(t)}</a></li>'
        for t in picks[: rng.randint(3, 6)]
    )
    blocks = [
        f'<aside class="related"><h3>Most read</h3><ol>{related_items}</ol></aside>',
        '<div class="newsletter-signup"><h3>Sign up for our daily newsletter</h3>'
        "<p>Get the best stories delivered to your inbox every morning.</p>"
        '<form><input type="email" placeholder="Your email"><button>Subscribe</button></form>'
        "</div>",
        f'<div class="support-ask"><p>Support {outlet}!</p><p>Our journalism is free to read. '
        "If you can, please consider supporting us from just $2 a month.</p>"
        "<button>Support us</button></div>",
        '<div class="ad-slot">Advertisement</div>',
    ]
    rng.shuffle(blocks)
    footer = (
        "".join(blocks[: rng.randint(2, 4)])
        + f'<footer class="site-footer"><p>© {rng.randint(2019, 2025)} {outlet}. '
        'All rights reserved.</p><ul><li><a href="/about">About us</a></li>'
        '<li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of use</a>'
        "</li></ul></footer>"
    )  # fmt: skip
    return nav, footer


def vary_headline(rng: random.Random, title: str) -> str:
    """The same story's headline as another outlet or a later update prints it."""
    style = rng.randrange(6)
    if style == 0:
        return f"UPDATE {rng.randint(1, 4)}-{title}"
    if style == 1:
        return f"{rng.choice(('Analysis', 'Explainer', 'Exclusive'))}: {title}"
    if style == 2:
        return f"{title} | {rng.choice(OUTLETS)}"
    if style == 3:
        return f"{title} - {rng.choice(OUTLETS)}"
    if style == 4:
        return " ".join(w.capitalize() if len(w) > 3 else w for w in title.split())
    return title
