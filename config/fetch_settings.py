"""Settings for fetching more coverage: how to fetch, what to watch, and what counts as on-topic.

`FetchSettings` is meant to be nested in the main settings (env NEWSFACTS_FETCH__<FIELD>).
`SourcesFile` is the story's own file (config/sources.toml): its sources and its topic, kept apart
from the machine settings so a new story is a new file, not a new config. Fetching is off unless
a sources file says `enabled = true` (or the CLI's --fetch turns it on): default runs stay offline.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

DEFAULT_USER_AGENT = "newsfacts/0.1 (news coverage research; polite crawler; honours robots.txt)"
DEFAULT_SOURCES_FILE = Path(__file__).resolve().parent / "sources.toml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FetchSettings(_Strict):
    """How the fetcher behaves on the network. Defaults are polite for real news sites."""

    user_agent: str = Field(
        default=DEFAULT_USER_AGENT,
        min_length=3,
        description="Sent with every request; say who you are and how to reach you.",
    )
    robots_user_agent: str | None = Field(
        default=None,
        description="Product token matched against robots.txt groups; default: the first "
        "token of user_agent (e.g. 'newsfacts').",
    )
    obey_robots: bool = Field(default=True, description="Honour robots.txt (cached per host).")
    connect_timeout_seconds: float = Field(default=10.0, gt=0)
    read_timeout_seconds: float = Field(
        default=20.0, gt=0, description="Longest wait for the next bytes of a response."
    )
    total_timeout_seconds: float = Field(
        default=60.0,
        gt=0,
        description="Longest one attempt may take in all, so a server dripping bytes "
        "cannot hold a slot forever.",
    )
    max_concurrency: int = Field(default=16, ge=1, le=1024, description="Requests in flight.")
    max_concurrency_per_host: int = Field(default=2, ge=1, le=256)
    per_host_delay_seconds: float = Field(
        default=1.0, ge=0, description="Least time between the starts of two requests to a host."
    )
    host_delays: dict[str, float] = Field(
        default_factory=dict, description="Per-host override of per_host_delay_seconds."
    )
    max_crawl_delay_seconds: float = Field(
        default=30.0,
        ge=0,
        description="A robots.txt Crawl-delay is honoured up to this many seconds.",
    )
    max_retries: int = Field(
        default=3,
        ge=0,
        le=20,
        description="Extra attempts after connection errors, timeouts, 429 and retry_statuses.",
    )
    backoff_base_seconds: float = Field(default=0.5, ge=0)
    backoff_max_seconds: float = Field(default=30.0, ge=0)
    max_retry_after_seconds: float = Field(
        default=120.0,
        ge=0,
        description="A Retry-After longer than this is not waited for: the URL fails instead.",
    )
    retry_statuses: frozenset[int] = Field(
        default=frozenset({429, 500, 502, 503, 504}),
        description="Statuses worth another attempt; any other 4xx/5xx fails at once.",
    )
    max_body_bytes: int = Field(
        default=5_000_000, ge=1, description="Bodies are streamed and cut off past this size."
    )
    max_redirects: int = Field(default=5, ge=0, le=30)
    accepted_content_types: tuple[str, ...] = Field(
        default=("text/html", "application/xhtml+xml"),
        description="Media types of article pages worth downloading; 'type/*' allowed.",
    )
    max_source_bytes: int = Field(
        default=50_000_000,
        ge=1,
        description="Cap for feeds and sitemaps (sitemaps may hold 50 MB uncompressed).",
    )
    allow_private_addresses: bool = Field(
        default=False,
        description="Turn the SSRF guard off entirely. Only for trusted, closed setups.",
    )
    allowed_hosts: tuple[str, ...] = Field(
        default=(),
        description="Host names, IP addresses or networks (CIDR) the SSRF guard lets through "
        "even though they are private, e.g. ['127.0.0.1'] for a local test server.",
    )
    http2: bool = Field(default=True, description="Offer HTTP/2 (over TLS) where servers take it.")

    @field_validator("retry_statuses")
    @classmethod
    def _statuses_are_errors(cls, value: frozenset[int]) -> frozenset[int]:
        bad = sorted(code for code in value if not 400 <= code <= 599)
        if bad:
            raise ValueError(f"only 4xx/5xx statuses can be retried, not {bad}")
        return value

    @field_validator("accepted_content_types")
    @classmethod
    def _media_types(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = tuple(item.strip().lower() for item in value)
        for item in cleaned:
            if not re.fullmatch(r"[a-z0-9!#$&^_.+-]+/(\*|[a-z0-9!#$&^_.+-]+)", item):
                raise ValueError(f"{item!r} is not a media type like 'text/html' or 'text/*'")
        return cleaned

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        cleaned = []
        for item in value:
            entry = item.strip().lower().rstrip(".")
            if not entry:
                raise ValueError("empty entry in allowed_hosts")
            if "/" in entry:
                try:
                    ipaddress.ip_network(entry, strict=False)
                except ValueError as exc:
                    raise ValueError(f"{item!r} is not a valid network: {exc}") from None
            cleaned.append(entry)
        return tuple(cleaned)

    @field_validator("host_delays")
    @classmethod
    def _delays(cls, value: dict[str, float]) -> dict[str, float]:
        for host, delay in value.items():
            if delay < 0:
                raise ValueError(f"delay for {host} must not be negative")
        return {host.strip().lower(): delay for host, delay in value.items()}

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.max_concurrency_per_host > self.max_concurrency:
            raise ValueError(
                f"max_concurrency_per_host ({self.max_concurrency_per_host}) cannot exceed "
                f"max_concurrency ({self.max_concurrency})"
            )
        if self.backoff_max_seconds < self.backoff_base_seconds:
            raise ValueError("backoff_max_seconds must be at least backoff_base_seconds")
        return self

    @property
    def robots_token(self) -> str:
        """The name robots.txt groups are matched against."""
        if self.robots_user_agent:
            return self.robots_user_agent
        first = self.user_agent.split()[0]
        return first.split("/")[0] or first


SourceKind = Literal["feed", "sitemap", "urls"]


class SourceConfig(_Strict):
    """One thing to watch: a feed, a sitemap (index) or a list of URLs."""

    name: str = Field(
        min_length=1,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$",
        description="Short unique name; recorded as where a URL was found.",
    )
    kind: SourceKind
    url: str | None = Field(default=None, description="Fetched over HTTP(S).")
    path: Path | None = Field(
        default=None, description="A local file (feed, sitemap or URL list) read from disk."
    )
    urls: tuple[str, ...] = Field(default=(), description="Inline URLs (kind = 'urls' only).")
    enabled: bool = True
    delay_seconds: float | None = Field(
        default=None,
        ge=0,
        description="Politeness delay for this source's host, overriding the global one.",
    )
    max_items: int | None = Field(
        default=None, ge=1, description="Keep at most this many URLs (newest first)."
    )
    max_age_days: float | None = Field(
        default=None,
        gt=0,
        description="Skip items (and child sitemaps) dated older than this; undated ones stay.",
    )
    max_sitemaps: int = Field(
        default=20, ge=1, description="Child sitemaps of an index followed (newest first)."
    )
    include: tuple[str, ...] = Field(
        default=(), description="Regexes; when given, a URL must match one of them."
    )
    exclude: tuple[str, ...] = Field(default=(), description="Regexes; a matching URL is dropped.")

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not re.match(r"(?i)^https?://[^/\s]+", value):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value

    @field_validator("include", "exclude")
    @classmethod
    def _regexes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"bad regex {pattern!r}: {exc}") from None
        return value

    @model_validator(mode="after")
    def _one_location(self) -> Self:
        given = [name for name in ("url", "path") if getattr(self, name) is not None]
        if self.urls:
            if self.kind != "urls":
                raise ValueError("inline 'urls' only go with kind = 'urls'")
            given.append("urls")
        if len(given) != 1:
            raise ValueError(
                f"source {self.name!r} needs exactly one of url, path or urls (got "
                f"{', '.join(given) or 'none'})"
            )
        return self

    def with_base_dir(self, base: Path) -> SourceConfig:
        """A copy whose relative `path` is anchored at `base` (the sources file's folder)."""
        if self.path is None or self.path.is_absolute():
            return self
        return self.model_copy(update={"path": (base / self.path.expanduser()).resolve()})


class TopicSettings(_Strict):
    """What makes an article on-topic: weighted phrases, required concepts and a minimum score.

    A phrase matches whole words, case-insensitively, with any spacing or hyphen between its
    words; a trailing '*' matches any word ending ('Korea*' matches 'Korean', 'Koreans').
    """

    terms: dict[str, float] = Field(
        default_factory=dict, description="Phrase -> weight added per mention (negative allowed)."
    )
    required: tuple[tuple[str, ...], ...] = Field(
        default=(),
        description="Concept groups; an article must mention at least one phrase of each.",
    )
    min_score: float = Field(default=0.0, ge=0)
    max_hits_per_term: int = Field(
        default=3, ge=1, description="Mentions of one phrase that count, so repetition is capped."
    )
    title_weight: float = Field(
        default=2.0, ge=0, description="A mention in the title counts this much extra."
    )

    @field_validator("terms")
    @classmethod
    def _terms(cls, value: dict[str, float]) -> dict[str, float]:
        for phrase in value:
            _check_phrase(phrase)
        return value

    @field_validator("required")
    @classmethod
    def _groups(cls, value: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
        for group in value:
            if not group:
                raise ValueError("a required group needs at least one phrase")
            for phrase in group:
                _check_phrase(phrase)
        return value

    @model_validator(mode="after")
    def _reachable(self) -> Self:
        best = sum(w for w in self.terms.values() if w > 0) * self.max_hits_per_term
        best *= 1 + self.title_weight
        if self.min_score > 0 and best < self.min_score:
            raise ValueError(
                f"min_score {self.min_score:g} cannot be reached by the terms given "
                f"(best possible {best:g})"
            )
        return self

    @property
    def active(self) -> bool:
        """Whether the filter does anything; with no terms or groups every article passes."""
        return bool(self.terms or self.required)


def _check_phrase(phrase: str) -> None:
    stripped = phrase.strip()
    if not stripped or not re.search(r"\w", stripped):
        raise ValueError(f"{phrase!r} is not a usable phrase")
    if "*" in stripped[:-1]:
        raise ValueError(f"{phrase!r}: '*' is only allowed at the end of a phrase")


class SourcesFile(_Strict):
    """A story's sources file: whether to fetch at all, what to watch, and the topic filter."""

    enabled: bool = Field(
        default=False, description="Fetch more coverage at all; off so default runs stay offline."
    )
    sources: tuple[SourceConfig, ...] = ()
    topic: TopicSettings = Field(default_factory=TopicSettings)

    @model_validator(mode="after")
    def _unique_names(self) -> Self:
        seen: set[str] = set()
        for source in self.sources:
            key = source.name.lower()
            if key in seen:
                raise ValueError(f"two sources are named {source.name!r}")
            seen.add(key)
        return self

    @property
    def active_sources(self) -> tuple[SourceConfig, ...]:
        return tuple(source for source in self.sources if source.enabled)


class SourcesFileError(ValueError):
    """A sources file that cannot be read or does not validate; the message says where."""


def load_sources_file(path: Path = DEFAULT_SOURCES_FILE) -> SourcesFile:
    """The sources file at `path`, validated, with relative source paths anchored at its folder."""
    try:
        with path.open("rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
    except OSError as exc:
        raise SourcesFileError(f"cannot read sources file {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SourcesFileError(f"sources file {path} is not valid TOML: {exc}") from exc
    try:
        parsed = SourcesFile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(file)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise SourcesFileError(f"invalid sources file {path}: {problems}") from exc
    base = path.resolve().parent
    return parsed.model_copy(
        update={"sources": tuple(source.with_base_dir(base) for source in parsed.sources)}
    )
