"""URL canonicalisation (the dedupe key) and the SSRF guard's address policy.

Canonical form comes from courlan (made for this: tracking parameters, case, default ports,
sorted query) plus what it leaves alone: fragments are dropped and a few more trackers removed.
The guard decides which resolved addresses a fetch may connect to; the DNS lookup itself is
passed in (tasks/fetch/ owns all network I/O), which also lets tests script DNS answers.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from courlan import normalize_url

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]

# Trackers courlan's list misses, seen on news sites (MSN, NYT, Guardian, Yahoo, Reuters).
_EXTRA_TRACKING_PARAMS = frozenset(
    {
        "ocid",
        "smid",
        "smtyp",
        "cmp",
        "cmpid",
        "guccounter",
        "guce_referrer_sig",
        "ito",
        "sr_share",
        "__twitter_impression",
        "mbid",
        "taid",
        "at_custom1",
        "at_custom2",
        "at_custom3",
        "at_custom4",
        "s_cid",
        "spm",
    }
)
_WHITESPACE = re.compile(r"\s")
_SESSION_PATH_PARAM = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)

# Cloud metadata endpoints; some are public addresses, so they are named explicitly.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address)
    for address in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean
        "169.254.170.2",  # AWS ECS task metadata
        "fd00:ec2::254",  # AWS over IPv6
        "100.100.100.200",  # Alibaba Cloud
        "168.63.129.16",  # Azure wire server
    )
)
_SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class InvalidUrl(ValueError):
    """A string that is not an absolute http(s) URL; the message says why."""


@functools.lru_cache(maxsize=8192)
def canonical_url(url: str) -> str:
    """The form two URLs for the same page share: the key for dedupe and stored validators.

    Lower-cased scheme and host, no default port, no fragment, no tracking parameters, sorted
    query, '/' for an empty path. Raises InvalidUrl for anything but absolute http(s) URLs.
    """
    parts = split_http_url(url)
    parts = parts._replace(path=_SESSION_PATH_PARAM.sub("", parts.path), fragment="")
    normalised = normalize_url(urlunsplit(parts), strict=False, trailing_slash=True)
    parts = urlsplit(normalised)
    query = urlencode(
        [(key, value) for key, value in parse_qsl(parts.query) if not _extra_tracker(key)]
    )
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))


def try_canonical_url(url: str) -> str | None:
    """canonical_url, or None when `url` is not a usable http(s) URL."""
    try:
        return canonical_url(url)
    except InvalidUrl:
        return None


def split_http_url(url: str) -> SplitResult:
    """`url` split, after checking it is an absolute http(s) URL with a host."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        _ = parts.port  # raises ValueError for a port that is not a number
    except ValueError as exc:
        raise InvalidUrl(f"malformed URL {text!r}: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        if not scheme:
            raise InvalidUrl(f"not an absolute URL: {text!r}")
        raise InvalidUrl(f"unsupported URL scheme {scheme}")
    if not parts.hostname:
        raise InvalidUrl(f"URL has no host: {text!r}")
    if _WHITESPACE.search(text):
        raise InvalidUrl(f"URL contains whitespace: {text!r}")
    return parts._replace(scheme=scheme)


def without_fragment(url: str) -> str:
    """`url` as it is requested: the fragment never reaches the server."""
    parts = urlsplit(url.strip())
    return urlunsplit(parts._replace(fragment=""))


def host_of(url: str) -> str:
    """The lower-case host name of `url`: the unit of politeness (delay, concurrency)."""
    return (urlsplit(url).hostname or "").lower()


def origin_of(url: str) -> str:
    """scheme://host[:port] of `url`: the unit robots.txt applies to."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    default = 443 if scheme == "https" else 80
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")


def _extra_tracker(key: str) -> bool:
    lowered = key.lower()
    return lowered in _EXTRA_TRACKING_PARAMS or lowered.startswith(("utm_", "at_medium"))


# --- SSRF guard -----------------------------------------------------------------------------


def address_refusal(address: IPAddress) -> str | None:
    """Why a connection to `address` is refused by default ('private', 'loopback', ...), or None.

    Addresses that embed an IPv4 address (IPv4-mapped, 6to4, Teredo, NAT64) are judged by it.
    """
    embedded = _embedded_ipv4(address)
    if embedded is not None:
        return address_refusal(embedded)
    if address in METADATA_ADDRESSES:
        return "metadata"
    if address.is_unspecified:
        return "unspecified"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if isinstance(address, ipaddress.IPv4Address) and address in _SHARED_ADDRESS_SPACE:
        return "shared (carrier-grade NAT)"
    if address.is_reserved:
        return "reserved"
    if address.is_private:
        return "private"
    if not address.is_global:
        return "non-public"
    return None


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def parse_ip(text: str) -> IPAddress | None:
    """`text` as an IP address (brackets and IPv6 zone ids allowed), or None for a host name."""
    candidate = text.strip().strip("[]").split("%", 1)[0]
    try:
        return ipaddress.ip_address(candidate)
    except ValueError:
        return None


class BlockedAddress(Exception):
    """A connection the SSRF guard refused; the message says which address and why."""


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Which hosts and addresses may be connected to."""

    allow_private: bool = False
    allowed_names: frozenset[str] = frozenset()
    allowed_networks: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()

    @classmethod
    def from_allowed(cls, allowed: Iterable[str], *, allow_private: bool = False) -> AddressPolicy:
        """Entries may be host names, addresses or CIDR networks."""
        names: set[str] = set()
        networks = []
        for entry in allowed:
            text = entry.strip().lower().rstrip(".")
            try:
                networks.append(ipaddress.ip_network(text.strip("[]"), strict=False))
            except ValueError:
                names.add(text)
        return cls(allow_private, frozenset(names), tuple(networks))

    def refusal(self, host: str, addresses: Sequence[str]) -> str | None:
        """Why connecting to `host` at these addresses is refused, or None when it is fine.

        One bad address refuses the host: a name answering with both a public and a private
        address is exactly the trick a rebinding attack uses.
        """
        if self.allow_private or host.lower().rstrip(".") in self.allowed_names:
            return None
        if not addresses:
            return f"no address found for host {host}"
        for text in addresses:
            address = parse_ip(text)
            if address is None:
                return f"unusable address {text!r} for host {host}"
            if any(address in network for network in self.allowed_networks):
                continue
            reason = address_refusal(address)
            if reason is not None:
                named = "" if parse_ip(host) is not None else f" (host {host})"
                return f"{reason} address {address} refused{named}"
        return None


class SsrfGuard:
    """Resolves host names once, remembers the answer for a while, and vets every address.

    The fetcher asks it before a request (for a clear error) and again at connect time (so a
    second, different DNS answer cannot slip through): both see the same cached answer.
    """

    def __init__(self, policy: AddressPolicy, resolver: Resolver, *, ttl_seconds: float = 300):
        self.policy = policy
        self._resolver = resolver
        self._ttl = ttl_seconds
        self._cache: dict[str, tuple[float, tuple[str, ...]]] = {}

    async def addresses(self, host: str, port: int) -> tuple[str, ...]:
        """The vetted addresses for `host`; raises BlockedAddress when any is refused.

        An IP literal is used as is. Resolution failures raise BlockedAddress as well, saying
        the host cannot be resolved.
        """
        name = host.strip("[]").lower().rstrip(".")
        literal = parse_ip(name)
        if literal is not None:
            found: tuple[str, ...] = (str(literal),)
        elif self.policy.allow_private:
            # Nothing to vet: let the connection resolve the name itself.
            return (name,)
        else:
            found = await self._resolve(name, port)
        reason = self.policy.refusal(name, found)
        if reason is not None:
            raise BlockedAddress(reason)
        return found

    async def _resolve(self, name: str, port: int) -> tuple[str, ...]:
        now = time.monotonic()
        cached = self._cache.get(name)
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            answer = await self._resolver(name, port)
        except OSError as exc:
            raise BlockedAddress(f"cannot resolve host {name}: {exc.strerror or exc}") from None
        unique = tuple(dict.fromkeys(str(parse_ip(a) or a) for a in answer))
        if not unique:
            raise BlockedAddress(f"cannot resolve host {name}: no addresses")
        self._cache[name] = (now + self._ttl, unique)
        return unique
