"""URL canonicalisation (the dedupe key) and the SSRF guard's address policy."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest

from tasks.fetch.urls import (
    AddressPolicy,
    BlockedAddress,
    InvalidUrl,
    SsrfGuard,
    address_refusal,
    canonical_url,
    origin_of,
    try_canonical_url,
)

# --- canonicalisation -----------------------------------------------------------------------


def test_tracking_parameters_are_removed_and_meaningful_ones_kept() -> None:
    url = (
        "https://example.com/news/story?utm_source=rss&utm_medium=feed&id=42"
        "&fbclid=abc&gclid=x&page=2&ocid=msn"
    )
    assert canonical_url(url) == "https://example.com/news/story?id=42&page=2"


def test_fragment_is_dropped() -> None:
    assert canonical_url("https://example.com/a/b#comments") == "https://example.com/a/b"


def test_scheme_and_host_case_and_default_port_are_normalised_but_path_case_is_kept() -> None:
    assert canonical_url("HTTPS://WWW.Example.COM:443/News/Story") == (
        "https://www.example.com/News/Story"
    )
    assert canonical_url("http://example.com:80/x") == "http://example.com/x"


def test_non_default_ports_are_kept() -> None:
    assert canonical_url("http://127.0.0.1:8080/a?utm_campaign=z") == "http://127.0.0.1:8080/a"


def test_query_order_does_not_matter() -> None:
    assert canonical_url("https://e.com/p?b=2&a=1") == canonical_url("https://e.com/p?a=1&b=2")


def test_empty_path_is_the_root() -> None:
    assert canonical_url("https://example.com") == canonical_url("https://example.com/")


def test_session_ids_in_the_path_are_removed() -> None:
    assert canonical_url("https://e.com/story;jsessionid=ABC123?x=1") == "https://e.com/story?x=1"


def test_two_spellings_of_one_article_share_a_key() -> None:
    a = "https://www.Example.com/world/2025/nk-troops?utm_source=twitter#top"
    b = "https://www.example.com/world/2025/nk-troops"
    assert canonical_url(a) == canonical_url(b)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/file", "unsupported URL scheme ftp"),
        ("javascript:alert(1)", "unsupported URL scheme javascript"),
        ("/relative/path", "not an absolute URL"),
        ("http:///no-host", "has no host"),
        ("http://example.com:99999999/", "malformed URL"),
    ],
)
def test_unusable_urls_are_refused_with_a_reason(url: str, message: str) -> None:
    with pytest.raises(InvalidUrl, match=message):
        canonical_url(url)
    assert try_canonical_url(url) is None


def test_origin_is_scheme_host_and_non_default_port() -> None:
    assert origin_of("https://Example.com:443/a?b") == "https://example.com"
    assert origin_of("http://127.0.0.1:8000/x") == "http://127.0.0.1:8000"
    assert origin_of("http://[::1]:81/x") == "http://[::1]:81"


# --- address classification -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.169.254", "metadata"),
        ("fd00:ec2::254", "metadata"),
        ("168.63.129.16", "metadata"),  # Azure's wire server is a public address
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("100.64.0.1", "shared (carrier-grade NAT)"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("::ffff:10.0.0.1", "private"),  # IPv4-mapped IPv6
        ("2002:0a00:0001::1", "private"),  # 6to4 wrapping 10.0.0.1
        ("64:ff9b::7f00:1", "loopback"),  # NAT64 wrapping 127.0.0.1
    ],
)
def test_non_public_addresses_are_refused_with_their_kind(address: str, reason: str) -> None:
    assert address_refusal(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_pass(address: str) -> None:
    assert address_refusal(ipaddress.ip_address(address)) is None


def test_policy_names_the_refused_address_and_host() -> None:
    policy = AddressPolicy.from_allowed([])
    assert policy.refusal("10.0.0.1", ["10.0.0.1"]) == "private address 10.0.0.1 refused"
    assert policy.refusal("intranet.example", ["10.1.2.3"]) == (
        "private address 10.1.2.3 refused (host intranet.example)"
    )


def test_one_private_answer_refuses_the_whole_host() -> None:
    policy = AddressPolicy.from_allowed([])
    assert policy.refusal("mixed.example", ["93.184.216.34", "127.0.0.1"]) is not None


def test_allowed_hosts_accept_addresses_networks_and_names() -> None:
    policy = AddressPolicy.from_allowed(["127.0.0.1", "10.20.0.0/16", "Intranet.Example"])
    assert policy.refusal("127.0.0.1", ["127.0.0.1"]) is None
    assert policy.refusal("10.20.3.4", ["10.20.3.4"]) is None
    assert policy.refusal("intranet.example", ["192.168.0.9"]) is None
    assert policy.refusal("127.0.0.2", ["127.0.0.2"]) == "loopback address 127.0.0.2 refused"
    assert policy.refusal("10.21.0.1", ["10.21.0.1"]) is not None


def test_allow_private_turns_the_guard_off() -> None:
    assert AddressPolicy.from_allowed([], allow_private=True).refusal("x", ["10.0.0.1"]) is None


# --- the guard with scripted DNS ------------------------------------------------------------


class ScriptedDns:
    """Answers each lookup with the next scripted list of addresses."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = list(answers)
        self.lookups: list[str] = []

    async def __call__(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if not answer:
            raise OSError(-2, "Name or service not known")
        return answer


def test_guard_refuses_a_name_that_resolves_to_a_private_address() -> None:
    guard = SsrfGuard(AddressPolicy.from_allowed([]), ScriptedDns(["10.0.0.7"]))
    with pytest.raises(BlockedAddress, match=r"private address 10\.0\.0\.7 refused \(host evil"):
        asyncio.run(guard.addresses("evil.example", 80))


def test_guard_passes_a_public_answer_and_remembers_it_against_rebinding() -> None:
    dns = ScriptedDns(["93.184.216.34"], ["127.0.0.1"])  # second answer would rebind to loopback
    guard = SsrfGuard(AddressPolicy.from_allowed([]), dns)

    async def twice() -> tuple[tuple[str, ...], tuple[str, ...]]:
        return await guard.addresses("news.example", 443), await guard.addresses(
            "news.example", 443
        )

    first, second = asyncio.run(twice())
    assert first == second == ("93.184.216.34",)
    assert dns.lookups == ["news.example"]


def test_guard_does_not_look_up_ip_literals() -> None:
    dns = ScriptedDns(["93.184.216.34"])
    guard = SsrfGuard(AddressPolicy.from_allowed([]), dns)
    with pytest.raises(BlockedAddress, match=r"link-local address 169\.254\.1\.1"):
        asyncio.run(guard.addresses("169.254.1.1", 80))
    assert dns.lookups == []


def test_unresolvable_host_is_reported_in_words() -> None:
    guard = SsrfGuard(AddressPolicy.from_allowed([]), ScriptedDns([]))
    with pytest.raises(BlockedAddress, match=r"cannot resolve host nowhere\.invalid"):
        asyncio.run(guard.addresses("nowhere.invalid", 80))
