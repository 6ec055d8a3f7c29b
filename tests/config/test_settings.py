"""Settings: defaults < config file < env vars < flags, validated at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.settings import REPO_ROOT, SettingsError, load_settings


def test_defaults_point_at_the_bundled_seeds_and_warehouse() -> None:
    settings = load_settings()
    assert settings.seeds_dir == REPO_ROOT / "seeds"
    assert settings.db_path == REPO_ROOT / "warehouse" / "newsfacts.duckdb"


def test_config_file_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    config = tmp_path / "conf" / "my.toml"
    config.parent.mkdir()
    config.write_text('db_path = "../data/w.duckdb"\nbatch_size = 7\n')
    settings = load_settings(config)
    assert settings.db_path == tmp_path / "data" / "w.duckdb"
    assert settings.batch_size == 7


def test_env_beats_config_file_and_flags_beat_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "c.toml"
    config.write_text("batch_size = 7\nmin_words = 3\n")
    monkeypatch.setenv("NEWSFACTS_BATCH_SIZE", "11")
    monkeypatch.setenv("NEWSFACTS_MIN_WORDS", "4")
    settings = load_settings(config, batch_size=13)
    assert (settings.batch_size, settings.min_words) == (13, 4)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("batch_size = 0", "batch_size"),
        ("max_file_bytes = -5", "max_file_bytes"),
        ("no_such_setting = 1", "no_such_setting"),
        ("batch_size = 'many'", "batch_size"),
        ("this is not toml", "not valid TOML"),
    ],
)
def test_bad_settings_are_refused_naming_the_field(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(text)
    with pytest.raises(SettingsError, match=message):
        load_settings(config)


def test_a_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="cannot read config file"):
        load_settings(tmp_path / "missing.toml")


def test_nested_fetch_and_serve_sections_come_from_the_file_and_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "c.toml"
    config.write_text(
        'sources_file = "my-sources.toml"\n'
        '[fetch]\nallowed_hosts = ["127.0.0.1"]\nmax_concurrency = 4\n'
        '[serve]\ncron = "*/15 * * * *"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("NEWSFACTS_FETCH__MAX_CONCURRENCY", "8")
    settings = load_settings(config)
    assert settings.sources_file == tmp_path / "my-sources.toml"
    assert settings.fetch.allowed_hosts == ("127.0.0.1",)
    assert settings.fetch.max_concurrency == 8  # env beats the file, field by field
    assert settings.serve.cron == "*/15 * * * *"
    assert settings.serve.interval_seconds == 3600  # the default: hourly


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('[serve]\ncron = "every hour"\n', "serve.cron"),
        ('[serve]\ncron = "99 * * * *"\n', "serve.cron"),  # five fields, no minute 99
        ('[serve]\ncron = "0 0 31 2 *"\n', "serve.cron"),  # never fires
        ('task_runner = "spark"\n', "task_runner"),
        ("[fetch]\nmax_concurrency = 0\n", "fetch.max_concurrency"),
        ("fetch_enabled = 3\n", "fetch_enabled"),
    ],
)
def test_bad_nested_settings_are_refused_naming_the_path(
    tmp_path: Path, text: str, field: str
) -> None:
    config = tmp_path / "c.toml"
    config.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=field.replace(".", r"\.")):
        load_settings(config)
