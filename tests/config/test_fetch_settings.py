"""Fetch settings, sources and topic config validate, and the shipped sources file is usable."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from config.fetch_settings import (
    DEFAULT_SOURCES_FILE,
    FetchSettings,
    SourceConfig,
    SourcesFile,
    SourcesFileError,
    TopicSettings,
    load_sources_file,
)


def test_defaults_are_polite_and_safe() -> None:
    settings = FetchSettings()
    assert settings.user_agent.startswith("newsfacts/")
    assert settings.robots_token == "newsfacts"
    assert settings.obey_robots
    assert not settings.allow_private_addresses and settings.allowed_hosts == ()
    assert settings.per_host_delay_seconds >= 1
    assert settings.max_concurrency_per_host <= settings.max_concurrency
    assert 429 in settings.retry_statuses and 404 not in settings.retry_statuses
    assert settings.accepted_content_types == ("text/html", "application/xhtml+xml")


def test_robots_token_can_be_set_apart_from_the_user_agent() -> None:
    settings = FetchSettings(
        user_agent="Mozilla/5.0 (compatible; nfbot/2)", robots_user_agent="nfbot"
    )
    assert settings.robots_token == "nfbot"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"connect_timeout_seconds": 0}, "greater than 0"),
        ({"max_concurrency": 2, "max_concurrency_per_host": 3}, "cannot exceed"),
        ({"retry_statuses": [200]}, "only 4xx/5xx"),
        ({"accepted_content_types": ["html"]}, "not a media type"),
        ({"allowed_hosts": ["10.0.0.0/33"]}, "not a valid network"),
        ({"host_delays": {"example.com": -1}}, "must not be negative"),
        ({"backoff_base_seconds": 5, "backoff_max_seconds": 1}, "at least backoff_base"),
        ({"max_body_bytes": 0}, "greater than or equal to 1"),
        ({"no_such_setting": 1}, "Extra inputs are not permitted"),
    ],
)
def test_bad_fetch_settings_are_refused_with_the_reason(fields: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        FetchSettings(**fields)


def test_allowed_hosts_and_content_types_are_normalised() -> None:
    settings = FetchSettings(
        allowed_hosts=[" LocalHost. ", "127.0.0.1"], accepted_content_types=["Text/HTML", "text/*"]
    )
    assert settings.allowed_hosts == ("localhost", "127.0.0.1")
    assert settings.accepted_content_types == ("text/html", "text/*")


def test_a_source_needs_exactly_one_location() -> None:
    with pytest.raises(ValidationError, match="exactly one of url, path or urls"):
        SourceConfig(name="x", kind="feed")
    with pytest.raises(ValidationError, match="exactly one of url, path or urls"):
        SourceConfig(name="x", kind="feed", url="https://e.com/f", path=Path("f.xml"))
    with pytest.raises(ValidationError, match="only go with kind = 'urls'"):
        SourceConfig(name="x", kind="feed", urls=("https://e.com/a",))


def test_source_urls_must_be_http_and_patterns_must_compile() -> None:
    with pytest.raises(ValidationError, match="not an http"):
        SourceConfig(name="x", kind="feed", url="file:///etc/passwd")
    with pytest.raises(ValidationError, match="bad regex"):
        SourceConfig(name="x", kind="feed", url="https://e.com/f", include=("(",))


def test_source_names_are_unique_regardless_of_case() -> None:
    a = SourceConfig(name="World", kind="feed", url="https://e.com/a")
    b = SourceConfig(name="world", kind="feed", url="https://e.com/b")
    with pytest.raises(ValidationError, match="two sources are named"):
        SourcesFile(sources=(a, b))


def test_topic_min_score_must_be_reachable() -> None:
    with pytest.raises(ValidationError, match="cannot be reached"):
        TopicSettings(terms={"Kursk": 1}, max_hits_per_term=1, title_weight=0, min_score=2)
    with pytest.raises(ValidationError, match="only allowed at the end"):
        TopicSettings(terms={"Kor*ea": 1})


def test_shipped_sources_file_keeps_fetching_off_and_lists_real_https_sources() -> None:
    shipped = load_sources_file(DEFAULT_SOURCES_FILE)
    assert shipped.enabled is False
    assert len(shipped.active_sources) >= 5
    kinds = {source.kind for source in shipped.active_sources}
    assert {"feed", "sitemap"} <= kinds
    for source in shipped.active_sources:
        assert source.url is not None and source.url.startswith("https://"), source.name
    assert shipped.topic.active and shipped.topic.min_score > 0


def test_relative_source_paths_are_anchored_at_the_sources_file(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    config = folder / "sources.toml"
    config.write_text(
        'enabled = true\n[[sources]]\nname = "local"\nkind = "urls"\npath = "list.txt"\n',
        encoding="utf-8",
    )
    loaded = load_sources_file(config)
    assert loaded.enabled
    assert loaded.sources[0].path == (folder / "list.txt").resolve()


def test_a_broken_sources_file_says_where_and_what(tmp_path: Path) -> None:
    config = tmp_path / "sources.toml"
    config.write_text('[[sources]]\nname = "x"\nkind = "podcast"\nurl = "https://e.com"\n')
    with pytest.raises(SourcesFileError, match=r"sources\.0\.kind"):
        load_sources_file(config)
    config.write_text("enabled = \n")
    with pytest.raises(SourcesFileError, match="not valid TOML"):
        load_sources_file(config)
    with pytest.raises(SourcesFileError, match="cannot read"):
        load_sources_file(tmp_path / "missing.toml")
