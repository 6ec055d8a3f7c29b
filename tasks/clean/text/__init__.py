"""Plain-text article cleaner: the report's own text, without the page chrome around it.

Input is article text as a person would copy it from a page (``source="text"``) or as
trafilatura extracted it (``source="html"``). Output is a :class:`CleanedText` whose body holds
only the report, plus the metadata the chrome gave away (title, publisher, author, published_at)
and an audit trail of every dropped line. Nothing here is specific to one outlet: rules key on
the *shape* of chrome, so other outlets' chrome is caught too.

How it works (modules: ``units``, ``dates``, ``rules``, ``passes``; reasons in ``reasons``)
------------
1. **Units.** Lines are split at ``\n``, ``\r\n`` and ``\r``; blank lines separate blocks.
   Inside a block each line is its own paragraph unless the block is hard-wrapped (lines filled
   to a common width) or a line plainly continues on the next (no closing punctuation, next line
   starts lower-case). A paragraph ("unit") is what gets classified; its lines share its fate.
2. **Features per unit**: word count; whether it ends like a sentence; its first word; reader
   address (we/our/us/you/your outside quotation marks, so a quoted "we need your help" is not
   an address); call-to-action openings (sign up, subscribe, support, donate, click, follow …);
   appeal, newsletter and attribution ("said", "told") vocabulary; list-item shape; stop-word
   share. Word lists are set lookups, and each rule is gated by a cheap word-set or first-word
   test, so an ordinary report sentence never reaches the regular expressions.
3. **Intrinsic rules** (anywhere in the text) catch chrome with a recognisable shape: calls to
   action, newsletter boxes, salutations to readers, comment-section headers, syndication and
   rights notices, "By …"/"Reporting by …" bylines, CMS timestamp lines (a date plus at most a
   few non-date words), bracketed broadcast-script markers, link/share/advertisement widgets.
   A call to action that reports speech ("…, one analyst said") is not one.
4. **Zones.** Chrome comes in clusters. An appeal, newsletter or related-links line opens a
   zone that extends over the lines after it. Mid-text a zone takes only lines that are chrome
   on their own evidence (a verdict, a call to action, reader address plus money or sign-up
   words, links under a links header); the first other line closes it, so the report resumes.
   When the zone runs to the end of the text it also takes lines that merely address the
   reader or are short widget words ("Monthly", "Continue"), unless such sentences outnumber
   the report before it (a chatty column is not an appeal); in text mode one prose line wedged
   between chrome lines goes too. A comment-section header after the report opens a zone to
   the end: comments read like prose, so nothing after the header is trusted (a bare
   "Comments" counts only in the last part of the text).
5. **Position.** The head (before the first report paragraph) may hold the title, section
   labels, photo credits, bylines and date lines; the tail (after the last report paragraph)
   may hold author bios, contact and follow lines, contributed-reporting notes and, in text
   mode, stray short widget words; a long closing paragraph that opens with a follow line or an
   appeal goes with its opener (the disclaimers after it are the promo's). These shapes are
   accepted only there, so "Lee Min-ji is a reporter for the Korea Times" mid-story is kept,
   and so is any sentence about a *former* reporter.

Repetition is deliberately not a rule: broadcast speaker captions ("Hong Min / Korea
Institute …") legitimately repeat, and a later extractor needs them as quote speakers.

``source="html"`` (text already extracted by trafilatura, which supplies title/author/date)
applies steps 1-4, tail bios/contact lines and head date lines, but no title detection, no
header credits, no dropping of unknown short lines and no wedged-line rule: a real sentence is
never removed on weak evidence there.

Metadata: the title is the first headline-shaped head line (a leading program tag such as
"[News Today] " removed), else a syndication footer's; publisher comes from a syndication
footer, a rights notice, a wire dateline, a byline's outlet or the name an appeal keeps
repeating; author from "By …", "Reporting by …", a bio or a Korean "… 기자" line;
published_at from a timestamp line (a "published" stamp over an unlabeled one over "updated"),
as printed, naive.

Dropped-line reasons
--------------------
appeal            donation/membership/subscription asks and the payment widgets inside them
newsletter        sign-up boxes, their blurbs and fine print
comments          a reader-comment header and everything after it
syndication       "The post … appeared first on …", "originally published", rights notices
byline            author lines, bios, contact/tip lines, "Reporting by …; Editing by …"
timestamp         CMS published/updated lines, bare date lines, "N hours ago", age banners
broadcast_marker  script cues such as [LEAD], [Anchor Lead], (END)
dateline          a line that is only a wire dateline such as "SEOUL (CNN) —"
widget            share/follow/print buttons, "Read more"/"Related:" links, ads, separators,
                  section labels and counters
credit            photo/video credit lines
title             the headline (text mode only)
"""

from __future__ import annotations

from tasks.clean.text.passes import clean_text
from tasks.clean.text.units import paragraph_units

__all__ = ["clean_text", "paragraph_units"]
