"""Benchmark corpus: N news articles as .txt or .html files, with a manifest of what each one is.

    .venv/bin/python bench/make_corpus.py --kind text --n 10000 --out /tmp/nf-text-10k [--seed 1]
    .venv/bin/python bench/make_corpus.py --kind html --n 1000 --out /tmp/nf-html-1k

Sources: the bundled seeds and the article-extraction benchmark pages (their HTML and the
ground-truth `articleBody`). Every file is one of these variants:

  original    a source article as published (a seed file as is; a benchmark body in outlet chrome;
              a benchmark page untouched)
  recombined  a distinct story: paragraphs of one source mixed with another's, a few words and
              numbers reworded, plus a generated sentence that makes its text unique
  rechrome    an earlier story re-published: other chrome and headline, same report text
  edited      the same, with one sentence edited (a word, a number or a clause)
  trimmed     the same, with the last paragraph cut
  exact       a byte-for-byte copy of an earlier file under another name
  recoded     an earlier file's text in another encoding: UTF-8 BOM, cp1252, UTF-16, CRLF, cp949

Default mix: 40 % distinct (original, then recombined), 30 % near-duplicate, 20 % exact,
10 % recoded. Near-duplicates and copies pick mostly among recent stories (a news cycle).

Output: DIR/NNN/NNNNNN_<hex>.txt (1,000 files a folder), DIR/.manifest.jsonl (one JSON object a
file: file, variant, story, base, copy_of, template, encoding, body_key) and DIR/.corpus.json
(counts). Both are dot-files, which `newsfacts run` does not read. `body_key` is equal for two
files that carry the same report text; for text files it is the content hash the pipeline should
compute if the cleaner removes exactly the chrome. Files are written as they are made: memory
stays flat whatever N. Deterministic for a given --seed (and the same source files).
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import hashlib
import html
import json
import random
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from _chrome import CITIES, MONTHS, WEEKDAYS, html_chrome, vary_headline, wrap_text  # noqa: E402

from tasks.normalise import content_hash  # noqa: E402

Kind = Literal["text", "html"]
SEEDS_DIR = REPO / "seeds"
BENCH_DIR = REPO.parent / "shared" / "benchmarks" / "article-extraction"
MANIFEST = ".manifest.jsonl"
SUMMARY = ".corpus.json"
GENERATOR_VERSION = 2
PER_FOLDER = 1000

# (variant, weight): distinct stories, near-duplicates, exact copies, other encodings.
MIX: tuple[tuple[str, float], ...] = (
    ("distinct", 0.40),
    ("rechrome", 0.10),
    ("edited", 0.12),
    ("trimmed", 0.08),
    ("exact", 0.20),
    ("recoded", 0.10),
)
_RECENT = 500  # stories a near-duplicate or copy mostly picks from
_MIN_PARAGRAPH_WORDS = 8

_SYNONYMS: tuple[tuple[str, str], ...] = (
    (r"\bsaid\b", "stated"),
    (r"\bsays\b", "states"),
    (r"\btold\b", "informed"),
    (r"\bannounced\b", "declared"),
    (r"\bmore than\b", "over"),
    (r"\babout\b", "around"),
    (r"\bbegan\b", "started"),
    (r"\bshows\b", "indicates"),
    (r"\bhelp\b", "assist"),
    (r"\blarge\b", "big"),
    (r"\bpeople\b", "residents"),
    (r"\bcompany\b", "firm"),
    (r"\bgovernment\b", "administration"),
    (r"\bhowever\b", "though"),
)
_NUMBER = re.compile(r"\b\d{2,}\b")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_BODY_OPEN = re.compile(r"<body[^>]*>", re.IGNORECASE)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_SUBJECTS = (
    ("Officials", "officials"),
    ("The ministry", "ministry"),
    ("Local authorities", "authorities"),
    ("A spokesperson for the agency", "agency"),
    ("Analysts at the institute", "analysts"),
    ("Police", "police"),
    ("The regulator", "regulator"),
)
_NOUNS = ("people", "documents", "households", "vehicles", "complaints", "applications", "workers")
_PARTICIPLES = ("registered", "reviewed", "counted", "affected", "processed", "evacuated")


@dataclass(frozen=True, slots=True)
class Source:
    """A source article: its headline and report paragraphs (and, for HTML, the page)."""

    id: str
    title: str
    paragraphs: tuple[str, ...]
    latin: bool
    raw: bytes | None = None  # a seed file's own bytes, emitted as is for its original
    page: str = ""  # HTML only
    anchors: tuple[tuple[int, int], ...] = ()  # HTML only: report text runs in `page`


@dataclass(frozen=True, slots=True)
class Story:
    """One report's text; near-duplicates regenerate it from its number instead of storing it."""

    number: int
    source: Source
    title: str
    paragraphs: tuple[str, ...]
    edits: tuple[tuple[int, str], ...] = ()  # HTML only: anchor index -> replacement run text


@dataclass(frozen=True, slots=True)
class Emitted:
    """What later copies need to know about a file already written."""

    file: str
    story: int
    base: str
    encoding: str
    body_key: str


# ------------------------------------------------------------------------------------------
# Sources
# ------------------------------------------------------------------------------------------


def _is_latin(text: str) -> bool:
    sample = text[:4000]
    return sum(1 for ch in sample if ord(ch) > 0x24F) < 0.2 * max(1, len(sample))


def _page_title(page: str) -> str:
    match = _TITLE.search(page[:200_000])
    title = html.unescape(match.group(1)).strip() if match else ""
    title = re.split(r"\s+[|–—-]\s+", " ".join(title.split()))[0]
    return title or "Untitled"


def _paragraphs(body: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in body.split("\n") if p.strip())


def _anchors(page: str, paragraphs: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Where report paragraphs start in the page body: the text run up to the next tag.

    A match inside <script> (JSON-LD repeats the article body) or the <head> is skipped.
    """
    body = _BODY_OPEN.search(page)
    floor = body.end() if body else 0
    found: list[tuple[int, int]] = []
    for paragraph in paragraphs:
        if len(paragraph) < 60:
            continue
        needle = paragraph[:50]
        at = page.find(needle, floor)
        while at != -1 and page.rfind("<script", floor, at) > page.rfind("</script", floor, at):
            at = page.find(needle, at + 1)
        if at == -1:
            continue
        end = page.find("<", at)
        if end == -1 or end - at > 20_000:
            continue
        found.append((at, end))
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if not merged or start >= merged[-1][1]:
            merged.append((start, end))
    return tuple(merged)


def load_sources(
    kind: Kind, seeds_dir: Path = SEEDS_DIR, bench_dir: Path = BENCH_DIR
) -> list[Source]:
    """Seeds (text corpus only) and benchmark articles, in a fixed order."""
    sources: list[Source] = []
    if kind == "text":
        from tasks.clean.text import clean_text

        for path in sorted(seeds_dir.glob("*.txt")):
            raw = path.read_bytes()
            cleaned = clean_text(raw.decode("utf-8"), source="text")
            paragraphs = tuple(cleaned.body.split("\n\n"))
            title = cleaned.title or " ".join(paragraphs[0].split()[:10])
            sources.append(
                Source(f"seed:{path.stem}", title, paragraphs, _is_latin(cleaned.body), raw)
            )
    truth = json.loads((bench_dir / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id in sorted(truth):
        paragraphs = _paragraphs(truth[page_id]["articleBody"])
        if not paragraphs:
            continue
        with gzip.open(bench_dir / "html" / f"{page_id}.html.gz", "rt", encoding="utf-8") as fh:
            page = fh.read()
        latin = _is_latin(" ".join(paragraphs))
        source = Source(f"zyte:{page_id[:16]}", _page_title(page), paragraphs, latin)
        if kind == "html":
            anchors = _anchors(page, paragraphs)
            source = Source(source.id, source.title, paragraphs, latin, page=page, anchors=anchors)
        sources.append(source)
    return sources


# ------------------------------------------------------------------------------------------
# Edits
# ------------------------------------------------------------------------------------------


def edit_sentence(rng: random.Random, text: str) -> str:
    """One small edit a copy editor might make: a synonym, a corrected number or a clause."""
    ops = ["synonym", "number", "clause"]
    rng.shuffle(ops)
    for op in ops:
        if op == "synonym":
            candidates = [(p, r) for p, r in _SYNONYMS if re.search(p, text)]
            if candidates:
                pattern, replacement = rng.choice(candidates)
                return re.sub(pattern, replacement, text, count=1)
        elif op == "number":
            numbers = list(_NUMBER.finditer(text))
            if numbers:
                match = rng.choice(numbers)
                bumped = str(int(match.group()) + rng.randint(1, 9))
                return text[: match.start()] + bumped + text[match.end() :]
        else:
            clause = rng.choice((", officials said", ", according to reports", ", it said"))
            stripped = text.rstrip()
            if stripped.endswith("."):
                return stripped[:-1] + clause + "."
    return text.rstrip() + " (Updated.)"


def _long(paragraphs: Sequence[str]) -> list[int]:
    return [i for i, p in enumerate(paragraphs) if len(p.split()) >= _MIN_PARAGRAPH_WORDS]


def unique_sentence(rng: random.Random, number: int) -> tuple[str, str]:
    """A news-like sentence no other story has (its count encodes the story), and a headline."""
    count = 100 + number * 10 + rng.randrange(10)
    subject, short = rng.choice(_SUBJECTS)
    noun, verb = rng.choice(_NOUNS), rng.choice(_PARTICIPLES)
    place = rng.choice(CITIES)
    earlier = count * rng.randint(55, 95) // 100
    sentence = (
        f"{subject} said on {rng.choice(WEEKDAYS)} that {count:,} {noun} had been {verb} in "
        f"{place} since {rng.choice(MONTHS)}, up from {earlier:,} a year earlier."
    )
    headline = f"{count:,} {noun} {verb} in {place}, {short} say"
    return sentence, headline


# ------------------------------------------------------------------------------------------
# Stories
# ------------------------------------------------------------------------------------------


class Stories:
    """Story number -> report text, regenerated on demand from (seed, number)."""

    def __init__(self, kind: Kind, sources: list[Source], seed: int) -> None:
        self.kind = kind
        self.sources = sources
        self.seed = seed
        order = list(range(len(sources)))
        random.Random(f"{seed}/{kind}/order").shuffle(order)
        self.order = order
        usable = [s for s in sources if len(_long(s.paragraphs)) >= 3]
        if kind == "html":
            usable = [s for s in usable if len(s.anchors) >= 3]
        self.usable = usable or sources
        self.titles = [s.title for s in sources]

    def get(self, number: int) -> Story:
        if number < len(self.sources):
            source = self.sources[self.order[number]]
            return Story(number, source, source.title, source.paragraphs)
        rng = random.Random(f"{self.seed}/{self.kind}/story/{number}")
        main = rng.choice(self.usable)
        donors = [s for s in self.usable if s.latin == main.latin and s is not main] or [main]
        donor = rng.choice(donors)
        donor_paras = [donor.paragraphs[i] for i in _long(donor.paragraphs)]
        sentence, headline = unique_sentence(rng, number)
        title = headline if rng.random() < 0.5 else vary_headline(rng, main.title)
        if self.kind == "html":
            return self._html_story(rng, number, main, donor_paras, sentence, title)
        keep = [main.paragraphs[i] for i in _long(main.paragraphs)]
        length = min(len(keep), rng.randint(6, 18))
        start = rng.randint(0, len(keep) - length)
        paragraphs = keep[start : start + length]
        for index in rng.sample(range(1, length), k=max(1, length // 4)) if length > 1 else []:
            paragraphs[index] = rng.choice(donor_paras)
        for index in rng.sample(range(length), k=min(2, length)):
            paragraphs[index] = edit_sentence(rng, paragraphs[index])
        paragraphs.insert(min(1, len(paragraphs)), sentence)
        return Story(number, main, title, tuple(paragraphs))

    def _html_story(
        self,
        rng: random.Random,
        number: int,
        main: Source,
        donor_paras: list[str],
        sentence: str,
        title: str,
    ) -> Story:
        anchors = main.anchors
        edits: dict[int, str] = {}
        for index in rng.sample(range(1, len(anchors)), k=max(1, len(anchors) // 4)):
            edits[index] = html.escape(rng.choice(donor_paras), quote=False)
        for index in rng.sample(range(len(anchors)), k=min(2, len(anchors))):
            edits[index] = edit_sentence(rng, edits.get(index, _run(main, index)))
        edits[0] = html.escape(sentence, quote=False) + " " + edits.get(0, _run(main, 0))
        return Story(number, main, title, main.paragraphs, tuple(sorted(edits.items())))


def _run(source: Source, index: int) -> str:
    start, end = source.anchors[index]
    return source.page[start:end]


# ------------------------------------------------------------------------------------------
# Rendering
# ------------------------------------------------------------------------------------------


def _text_key(paragraphs: Sequence[str]) -> str:
    return content_hash("\n\n".join(paragraphs))


def _render_html(
    rng: random.Random, stories: Stories, story: Story, variant: str
) -> tuple[str, bytes, str]:
    """(template, bytes, body_key) for an HTML page of `story`."""
    source = story.source
    edits = dict(story.edits)
    if variant == "edited" and source.anchors:
        index = rng.randrange(len(source.anchors))
        edits[index] = edit_sentence(rng, edits.get(index, _run(source, index)))
    elif variant == "trimmed" and len(source.anchors) >= 3:
        edits[len(source.anchors) - 1] = ""
    key_material = json.dumps([source.id, sorted(edits.items())], ensure_ascii=False)
    body_key = hashlib.sha256(key_material.encode("utf-8")).hexdigest()
    if variant == "original":
        return "as_published", source.page.encode("utf-8"), body_key
    page = source.page
    for index in sorted(edits, reverse=True):
        start, end = source.anchors[index]
        page = page[:start] + edits[index] + page[end:]
    title = story.title if variant == "recombined" else vary_headline(rng, story.title)
    page = _TITLE.sub(lambda _m: f"<title>{html.escape(title, quote=False)}</title>", page, 1)
    related = rng.sample(stories.titles, k=min(6, len(stories.titles)))
    nav, footer = html_chrome(rng, related)
    opening = _BODY_OPEN.search(page)
    if opening:
        page = page[: opening.end()] + nav + page[opening.end() :]
    closing = page.lower().rfind("</body")
    page = page[:closing] + footer + page[closing:] if closing != -1 else page + footer
    return "html_chrome", page.encode("utf-8"), body_key


def _recode(rng: random.Random, data: bytes, kind: Kind) -> tuple[bytes, str]:
    """Another encoding (or line ending) of the same text."""
    if kind == "html":
        if rng.random() < 0.5:
            return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), "utf_8_crlf"
        return codecs.BOM_UTF8 + data, "utf_8_sig"
    text = data.decode("utf-8")
    choices = ["utf_8_sig", "cp1252", "cp1252", "utf_16", "utf_8_crlf"]
    if _HANGUL.search(text):
        choices.append("cp949")
    for encoding in rng.sample(choices, k=len(choices)):
        if encoding == "utf_8_crlf":
            return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8"), encoding
        try:
            return text.encode(encoding), encoding
        except UnicodeEncodeError:
            continue
    return codecs.BOM_UTF8 + data, "utf_8_sig"


# ------------------------------------------------------------------------------------------
# Corpus
# ------------------------------------------------------------------------------------------


def _pick_variant(rng: random.Random, have_docs: bool) -> str:
    if not have_docs:
        return "distinct"
    roll = rng.random()
    for variant, weight in MIX:
        roll -= weight
        if roll < 0:
            return variant
    return MIX[-1][0]


def _pick_recent(rng: random.Random, items: Sequence[int] | Sequence[Emitted]) -> int:
    """An index into `items`, mostly among the last few hundred (one news cycle)."""
    if rng.random() < 0.7:
        return rng.randrange(max(0, len(items) - _RECENT), len(items))
    return rng.randrange(len(items))


def generate(
    kind: Kind, n: int, out: Path, *, seed: int = 1, quiet: bool = False
) -> dict[str, object]:
    """Write the corpus to `out` (created, or replaced if it is an earlier corpus)."""
    if out.exists() and any(out.iterdir()):
        if not (out / SUMMARY).exists():
            raise SystemExit(f"{out} is not empty and not a corpus made by this script")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    sources = load_sources(kind)
    stories = Stories(kind, sources, seed)
    suffix = ".txt" if kind == "text" else ".html"
    story_numbers: list[int] = []
    emitted: list[Emitted] = []
    utf8_docs: list[int] = []
    variants: Counter[str] = Counter()
    body_keys: set[str] = set()
    total_bytes = 0
    next_story = 0
    with (out / MANIFEST).open("w", encoding="utf-8") as manifest:
        for i in range(n):
            rng = random.Random(f"{seed}/{kind}/doc/{i}")
            variant = _pick_variant(rng, bool(emitted))
            if variant == "recoded" and not utf8_docs:
                variant = "exact"
            copy_of: str | None = None
            if variant in {"exact", "recoded"}:
                pool = emitted if variant == "exact" else [emitted[j] for j in utf8_docs[-_RECENT:]]
                earlier = pool[_pick_recent(rng, pool)] if variant == "exact" else rng.choice(pool)
                data = (out / earlier.file).read_bytes()
                encoding = earlier.encoding
                if variant == "recoded":
                    data, encoding = _recode(rng, data, kind)
                copy_of, story_number, base = earlier.file, earlier.story, earlier.base
                body_key, template = earlier.body_key, "copy"
            else:
                if variant == "distinct":
                    story_number = next_story
                    next_story += 1
                    story_numbers.append(story_number)
                    variant = "original" if story_number < len(sources) else "recombined"
                else:
                    story_number = story_numbers[_pick_recent(rng, story_numbers)]
                story = stories.get(story_number)
                base = story.source.id
                if kind == "text":
                    template, data, body_key = _make_text(rng, stories, story, variant)
                else:
                    template, data, body_key = _render_html(rng, stories, story, variant)
                encoding = "utf_8"
            digest = hashlib.sha256(f"{seed}/{kind}/{i}".encode()).hexdigest()[:16]
            name = f"{i // PER_FOLDER:03d}/{i:06d}_{digest}{suffix}"
            path = out / name
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(data)
            total_bytes += len(data)
            record = Emitted(name, story_number, base, encoding, body_key)
            if encoding == "utf_8":
                utf8_docs.append(len(emitted))
            emitted.append(record)
            variants[variant] += 1
            body_keys.add(body_key)
            manifest.write(
                json.dumps(
                    {
                        "file": name,
                        "variant": variant,
                        "story": story_number,
                        "base": base,
                        "copy_of": copy_of,
                        "template": template,
                        "encoding": encoding,
                        "body_key": body_key,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
            if not quiet and (i + 1) % 10_000 == 0:
                print(f"  {i + 1:,} files", file=sys.stderr)
    summary: dict[str, object] = {
        "generator_version": GENERATOR_VERSION,
        "kind": kind,
        "n": n,
        "seed": seed,
        "variants": dict(sorted(variants.items())),
        "unique_bodies": len(body_keys),
        "sources": len(sources),
        "bytes": total_bytes,
        "seconds": round(time.perf_counter() - started, 2),
    }
    (out / SUMMARY).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


def _make_text(
    rng: random.Random, stories: Stories, story: Story, variant: str
) -> tuple[str, bytes, str]:
    if variant == "original" and story.source.raw is not None:
        return "as_published", story.source.raw, _text_key(story.paragraphs)
    paragraphs = list(story.paragraphs)
    title = (
        story.title if variant in {"original", "recombined"} else vary_headline(rng, story.title)
    )
    if variant == "edited":
        index = rng.choice(_long(paragraphs) or list(range(len(paragraphs))))
        paragraphs[index] = edit_sentence(rng, paragraphs[index])
    elif variant == "trimmed" and len(paragraphs) >= 3:
        paragraphs.pop()
    related = rng.sample(stories.titles, k=min(3, len(stories.titles)))
    template, text = wrap_text(rng, title, paragraphs, related=related)
    return template, text.encode("utf-8"), _text_key(paragraphs)


def read_summary(out: Path) -> dict[str, object] | None:
    """The corpus summary in `out`, or None when there is no finished corpus there."""
    try:
        return json.loads((out / SUMMARY).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kind", choices=("text", "html"), required=True)
    parser.add_argument("--n", type=int, required=True, help="number of files")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    summary = generate(args.kind, args.n, args.out, seed=args.seed)
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
