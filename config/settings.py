"""All settings in one validated model: defaults < config file (TOML) < env vars < CLI flags.

Env vars are NEWSFACTS_<FIELD> (nested: NEWSFACTS_FETCH__USER_AGENT). Paths in a config file are
relative to that file's folder; paths from env vars and flags are relative to the working directory.
"""

from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from cronsim import CronSim, CronSimError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from config.cluster_settings import ClusterSettings
from config.fetch_settings import DEFAULT_SOURCES_FILE, FetchSettings

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_FILE = REPO_ROOT / "config" / "newsfacts.toml"
_PATH_FIELDS = ("db_path", "seeds_dir", "entities_file", "sources_file", "manifest_file")


class SettingsError(ValueError):
    """Settings that do not validate; the message names each bad field."""


class ServeSettings(BaseModel):
    """The scheduled deployment `newsfacts serve` creates and serves."""

    model_config = ConfigDict(extra="forbid")

    deployment_name: str = Field(
        default="scheduled", min_length=1, description="Shown in the UI as ingest/<name>."
    )
    cron: str | None = Field(
        default=None, description="Cron schedule (e.g. '0 * * * *'); wins over interval."
    )
    interval_seconds: float = Field(
        default=3600, gt=0, description="Seconds between runs when no cron is given: hourly."
    )
    timezone: str = Field(default="UTC", description="Time zone the cron schedule is read in.")
    api_url: str = Field(
        default="http://127.0.0.1:4200/api",
        description="Prefect server to register with when PREFECT_API_URL is not set.",
    )

    @field_validator("cron")
    @classmethod
    def _cron_fields(cls, value: str | None) -> str | None:
        if value is not None and len(value.split()) not in (5, 6):
            raise ValueError(f"{value!r} is not a cron expression (5 fields, e.g. '0 * * * *')")
        if value is not None:
            # Field values too: "99 * * * *" has five fields and no minute 99, and would only
            # fail once Prefect builds the schedule, with a traceback.
            try:
                CronSim(value, datetime(2000, 1, 1))
            except CronSimError as exc:
                raise ValueError(f"{value!r} is not a valid cron expression: {exc}") from None
        return value


class Settings(BaseSettings):
    """What one newsfacts process runs with."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSFACTS_", env_nested_delimiter="__", extra="forbid"
    )

    db_path: Path = Field(
        default=REPO_ROOT / "warehouse" / "newsfacts.duckdb",
        description="DuckDB warehouse file; created on first run.",
    )
    seeds_dir: Path = Field(
        default=REPO_ROOT / "seeds",
        description="Folder (searched recursively) of .txt/.html/.htm/.warc/.warc.gz inputs.",
    )
    manifest_file: Path | None = Field(
        default=None,
        description="Metadata manifest (CSV or JSON Lines: file, url, publisher, published_at, "
        "title, language) whose values override the cleaner's; unset: manifest.csv or "
        "manifest.jsonl at the top of seeds_dir, if there is one.",
    )
    max_file_bytes: int = Field(
        default=5_000_000, ge=1, description="Larger input files are rejected unread."
    )
    min_words: int = Field(
        default=25, ge=1, description="Fewer words of article text after cleaning: reject."
    )
    batch_size: int = Field(
        default=500,
        ge=1,
        le=100_000,
        description="Files (and articles, for facts) per Prefect task run and per write.",
    )
    fetch_batch_size: int = Field(
        default=100,
        ge=1,
        le=10_000,
        description="Pages per fetch batch: their bodies are held until the batch is loaded.",
    )
    lock_timeout_seconds: float = Field(
        default=0.0,
        ge=0,
        description="How long a run waits for another run's writer lock before it is skipped.",
    )
    publish_read_copy: bool = Field(
        default=True,
        description="After a run that changed something, replace <db>.read.duckdb with a copy "
        "of the warehouse: for DuckDB CLI sessions and notebooks, which never block a run.",
    )
    entities_file: Path = Field(
        default=REPO_ROOT / "config" / "entities.toml",
        description="The story's entity catalogue: canonical names and aliases for facts.",
    )
    sources_file: Path = Field(
        default=DEFAULT_SOURCES_FILE,
        description="The story's feeds, sitemaps and URL lists to watch, and its topic filter.",
    )
    fetch_enabled: bool | None = Field(
        default=None,
        description="Fetch more coverage from the sources file; unset: as that file says.",
    )
    workers: int = Field(
        default=2,
        ge=1,
        le=256,
        description="Batches computed at once ahead of the single writer (task runner slots).",
    )
    task_runner: Literal["auto", "threads", "processes", "dask"] = Field(
        default="auto",
        description="Where CPU-heavy batches run: threads of this process (no start-up cost), "
        "`workers` local processes (both cores, for big runs), a Dask cluster (a local one "
        "with `workers` processes, or dask_address), or auto: processes when at least two "
        "full batches of files wait, threads otherwise.",
    )
    dask_address: str | None = Field(
        default=None, description="Scheduler of an existing Dask cluster, e.g. tcp://host:8786."
    )
    fetch: FetchSettings = Field(
        default_factory=FetchSettings, description="How: limits, timeouts, politeness."
    )
    clusters: ClusterSettings = Field(
        default_factory=ClusterSettings,
        description="Near-duplicate (syndicated copy) detection and story clustering.",
    )
    serve: ServeSettings = Field(
        default_factory=ServeSettings, description="Schedule of `newsfacts serve`."
    )

    @field_validator("db_path", "seeds_dir", "entities_file", "sources_file", "manifest_file")
    @classmethod
    def _expand_user(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None


class _MappingSource(PydanticBaseSettingsSource):
    """Values already read from a config file, ranked below env vars and flags."""

    def __init__(self, settings_cls: type[BaseSettings], values: dict[str, Any]) -> None:
        super().__init__(settings_cls)
        self._values = values

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return self._values.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return self._values


def read_config_file(path: Path) -> dict[str, Any]:
    """A TOML config file as a dict, with its relative paths anchored at its own folder."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise SettingsError(f"cannot read config file {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"config file {path} is not valid TOML: {exc}") from exc
    for name in _PATH_FIELDS:
        if isinstance(data.get(name), str):
            data[name] = str((path.parent / Path(data[name]).expanduser()).resolve())
    return data


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Validated settings; `overrides` are CLI flags (None means "not given")."""
    path = config_file or (DEFAULT_CONFIG_FILE if DEFAULT_CONFIG_FILE.exists() else None)
    file_values = read_config_file(path) if path else {}

    class _ConfiguredSettings(Settings):
        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            return (init_settings, env_settings, _MappingSource(settings_cls, file_values))

    given = {key: value for key, value in overrides.items() if value is not None}
    try:
        return _ConfiguredSettings(**given)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(settings)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise SettingsError(f"invalid settings: {problems}") from exc
