"""All of newsfacts' network I/O: one shared httpx.AsyncClient, used politely and safely.

Entry points:
- `Fetcher(settings)`: an async context manager owning the client, the robots.txt cache, the
  per-host gates and the SSRF guard for one run. `fetcher.fetch_pages(urls)` yields a
  `FetchedPage` per distinct URL as each completes; `fetcher.discover(sources)` fetches and parses
  feeds/sitemaps/URL lists into candidates; `fetcher.fetch(url)` fetches one URL.
- `fetch_pages(...)`, `fetch_all(...)` and `discover(...)`: the same with a throwaway Fetcher.

Errors are values: every URL yields one FetchedPage, whose `error` says in words what went wrong
("HTTP 404 Not Found", "robots.txt disallows ...", "timed out after 2.0 s reading"). No exception
escapes the iterator.

The package is split by concern: `transport` (the client, with the SSRF guard wired into its
connection layer), `politeness` (per-host gates, robots.txt), `fetching` (the Fetcher and the
fetch of one URL: redirects, conditional requests, retries), `batch` (many URLs, deduplicated
and round-robin over hosts), `discovery` (feeds, sitemaps, URL lists), `outcomes` (the
FetchedPage and Discovery records) and `responses` (responses and failures in words). Two modules
are pure, no I/O: `urls` (URL canonicalisation, the dedupe key, and the SSRF guard's address
policy; the DNS lookup is passed in) and `sources` (feed, sitemap and URL-list documents parsed
into candidate URLs). This module only names what the package offers.
"""

from tasks.fetch.fetching import Fetcher, discover, fetch_all, fetch_pages
from tasks.fetch.outcomes import Discovery, FetchedPage, Validators
from tasks.fetch.responses import content_type_accepted, parse_retry_after, status_text
from tasks.fetch.transport import build_client, system_resolve
from tasks.fetch.urls import canonical_url

__all__ = [
    "Discovery",
    "FetchedPage",
    "Fetcher",
    "Validators",
    "build_client",
    "canonical_url",
    "content_type_accepted",
    "discover",
    "fetch_all",
    "fetch_pages",
    "parse_retry_after",
    "status_text",
    "system_resolve",
]
