"""The `newsfacts` command: run, serve, query, status, export, eval-facts."""

from __future__ import annotations

import asyncio
import csv
import json
import logging
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import duckdb
import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from config.fetch_settings import SourcesFileError, load_sources_file
from config.settings import Settings, SettingsError, load_settings
from flows.lifecycle import (
    PrefectServerError,
    one_prefect_api,
    stop_at_batch_boundaries,
    stop_requested,
)
from tasks.facts.entities import CatalogError, load_entity_catalog
from tasks.inputs.files import InputFolderError
from warehouse.db import (
    ReadOnlyQueryError,
    WarehouseBusyError,
    WarehouseMissingError,
    check_read_only_sql,
    open_reader,
)
from warehouse.export import export_warehouse
from warehouse.snapshot import read_copy_path, refresh_read_copy

app = typer.Typer(
    help="newsfacts: news coverage to clean articles and attributed facts in DuckDB.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # help texts say "[default: ...]" literally
)
console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    Path | None, typer.Option("--db", help="DuckDB warehouse file [default: from config]")
]
SeedsOption = Annotated[
    Path | None,
    typer.Option("--seeds", help="Folder of .txt/.html/.htm/.warc inputs [default: bundled seeds]"),
]
FetchOption = Annotated[
    bool | None,
    typer.Option(
        "--fetch/--no-fetch",
        help="Fetch more coverage from the sources file [default: as that file says (off)]",
    ),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="TOML config file [default: config/newsfacts.toml]")
]


_NO_WRAP_WIDTH = 24
_LIVE_WAIT_SECONDS = 3.0  # then the read copy answers
_NULL = "NULL"  # shown dimmed, so a missing value is not mistaken for an empty string


class TaskRunnerChoice(StrEnum):
    auto = "auto"
    threads = "threads"
    processes = "processes"
    dask = "dask"


class ExportFormatChoice(StrEnum):
    parquet = "parquet"
    csv = "csv"


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def run(
    seeds: SeedsOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
    fetch: FetchOption = None,
    batch_size: Annotated[int | None, typer.Option(help="Inputs per batch")] = None,
    task_runner: Annotated[
        TaskRunnerChoice | None,
        typer.Option(help="Where CPU-heavy batches run [default: auto]"),
    ] = None,
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest",
            help="Metadata manifest, CSV or JSON Lines (file, url, publisher, published_at, "
            "title, language) [default: manifest.csv/.jsonl in the seeds folder, if any]",
        ),
    ] = None,
    reprocess: Annotated[
        bool,
        typer.Option(
            "--reprocess",
            help="First clean and extract every stored input again from its kept raw bytes "
            "(after a cleaner or extractor upgrade; the original files are not needed)",
        ),
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show every log line")] = False,
) -> None:
    """One ingestion run, as a Prefect flow run. Exit 0 when the run completed."""
    settings = _settings_or_exit(
        config,
        seeds_dir=seeds,
        db_path=db,
        batch_size=batch_size,
        fetch_enabled=fetch,
        task_runner=task_runner.value if task_runner else None,
        manifest_file=manifest,
    )
    _check_inputs(settings, need_seeds=not reprocess)
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
    # Signals from here on only ask the run to stop at a batch boundary (flows/lifecycle.py),
    # and every child process gets the one Prefect API started or configured here.
    with stop_at_batch_boundaries():
        try:
            with one_prefect_api():
                state = _run_flow(
                    settings, fetch=fetch, config=config, verbose=verbose, reprocess=reprocess
                )
        except PrefectServerError as exc:
            _fail(str(exc))
        signum = stop_requested()
    if signum is not None and (state is None or state.is_cancelled()):
        err_console.print(
            (
                f"{state.message}: committed batches are kept, the next run resumes"
                if state is not None
                else f"interrupted by {signal.Signals(signum).name} before the run started"
            ),
            highlight=False,
        )
        raise typer.Exit(code=128 + signum)
    # A signal after the last batch boundary: the run finished, and says how.
    assert state is not None
    if not state.is_completed():
        _fail(f"run failed: {_state_error(state)}" + ("" if verbose else " (-v for the full log)"))
    summary = state.result()
    if summary.status == "skipped":
        console.print(f"[yellow]{summary.message}[/]")
        return
    lines = [
        f"run {summary.run_id} completed in {summary.seconds:.1f} s "
        f"(flow run {summary.flow_run_id})",
        f"  files seen    {summary.files_seen}",
    ]
    if summary.urls_seen or summary.pages_fetched:
        lines += [
            f"  urls found    {summary.urls_seen}",
            f"  pages fetched {summary.pages_fetched} ({summary.not_modified} not modified)",
            f"  off-topic     {summary.skipped}",
        ]
    lines += [
        f"  new articles  {summary.articles_new}",
        f"  duplicates    {summary.duplicates}",
        f"  rejected      {summary.rejected}",
        f"  unchanged     {summary.unchanged}",
        f"  facts         {summary.facts}"
        + (f" ({summary.fact_failures} article(s) failed)" if summary.fact_failures else ""),
    ]
    if summary.reprocessed:
        lines.append(
            f"  reprocessed   {summary.reprocessed} stored input(s), "
            f"{summary.articles_changed} article(s) changed, {summary.articles_removed} gone"
        )
    if summary.manifest_updates:
        lines.append(f"  manifest      {summary.manifest_updates} article(s) updated")
    if summary.records_skipped:
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(summary.records_skipped.items()))
        lines.append(f"  WARC records skipped: {skipped}")
    if summary.message:
        lines.append(summary.message)
    console.print("\n".join(lines), highlight=False)
    for reject in summary.rejects[:20]:
        console.print(f"  [yellow]rejected[/] {reject.origin}: {reject.reason}", highlight=False)
    if len(summary.rejects) > 20:
        console.print(f"  … {len(summary.rejects) - 20} more: newsfacts status")


def _quiet_console(record: logging.LogRecord) -> bool:
    """Without --verbose the CLI prints how a run ended in one line: Prefect's error records
    (with their tracebacks) and its line for an interrupted run stay in the Prefect UI."""
    if record.name.startswith(("prefect.flow_runs", "prefect.task_runs")) and (
        record.levelno >= logging.ERROR
    ):
        return False
    return not str(record.msg).startswith("Finished in state Interrupted")


def _run_flow(
    settings: Settings, *, fetch: bool | None, config: Path | None, verbose: bool, reprocess: bool
) -> Any:
    """The ingest flow's final state; None when a stop was asked for before it could start."""
    if stop_requested() is not None:
        return None
    from flows.ingest import ingest  # imports Prefect: after the env is set
    from flows.stages import PROGRESS_KEY

    if not verbose:  # the CLI prints the one line an interrupted run ends with
        for handler in logging.getLogger().handlers:  # Prefect logs to the console from root
            if isinstance(handler, logging.StreamHandler):
                handler.addFilter(_quiet_console)
    with _progress_bar(PROGRESS_KEY, enabled=not verbose):
        return asyncio.run(
            ingest(
                seeds_dir=str(settings.seeds_dir),
                db_path=str(settings.db_path),
                fetch=fetch,
                config_file=str(config) if config else None,
                batch_size=settings.batch_size,
                task_runner=settings.task_runner,
                manifest_file=str(settings.manifest_file) if settings.manifest_file else None,
                reprocess=reprocess,
                return_state=True,
            )
        )


@app.command()
def serve(
    seeds: SeedsOption = None,
    db: DbOption = None,
    config: ConfigOption = None,
    fetch: FetchOption = None,
    cron: Annotated[
        str | None, typer.Option(help="Cron schedule, e.g. '0 * * * *' [default: from config]")
    ] = None,
    interval: Annotated[
        float | None,
        typer.Option(help="Seconds between runs when no cron is set [default: 3600]"),
    ] = None,
    name: Annotated[str | None, typer.Option(help="Deployment name [default: scheduled]")] = None,
) -> None:
    """Serve the ingest flow on its schedule until Ctrl-C; watch the runs in the Prefect UI."""
    serve_overrides: dict[str, Any] = {
        key: value
        for key, value in {
            "cron": cron,
            "interval_seconds": interval,
            "deployment_name": name,
        }.items()
        if value is not None
    }
    settings = _settings_or_exit(config, seeds_dir=seeds, db_path=db, fetch_enabled=fetch)
    if serve_overrides:
        try:
            settings = settings.model_copy(
                update={
                    "serve": settings.serve.model_validate(
                        {**settings.serve.model_dump(), **serve_overrides}
                    )
                }
            )
        except ValidationError as exc:
            _fail(
                "invalid schedule: "
                + "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            )
    _check_inputs(settings)
    api_url = os.environ.setdefault("PREFECT_API_URL", settings.serve.api_url)
    from flows.serve import PrefectServerUnavailable, check_server, serve_ingest

    try:
        check_server(api_url)
    except PrefectServerUnavailable as exc:
        _fail(str(exc))
    schedule = (
        f"cron '{settings.serve.cron}' ({settings.serve.timezone})"
        if settings.serve.cron
        else f"every {settings.serve.interval_seconds:g} s"
    )
    console.print(
        f"serving ingest/{settings.serve.deployment_name} {schedule} against {api_url}; "
        "Ctrl-C stops (and pauses the schedule)",
        highlight=False,
    )

    def say(line: str) -> None:
        err_console.print(line, highlight=False)

    if serve_ingest(settings, config_file=config, fetch=fetch, say=say) is not None:
        say("stopped: no run in progress, the schedule is paused")


@app.command()
def query(
    sql_text: Annotated[str, typer.Argument(metavar="SQL", help="SQL to run, read-only")],
    db: DbOption = None,
    config: ConfigOption = None,
    output: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format")
    ] = OutputFormat.table,
) -> None:
    """Run read-only SQL against the warehouse; it never modifies it.

    The connection is read-only with external access off and its configuration locked: it can
    read the warehouse and nothing else (no ATTACH, COPY, EXPORT, INSTALL/LOAD, file readers).
    """
    settings = _settings_or_exit(config, db_path=db)
    if not sql_text.strip():
        _fail('no SQL given: newsfacts query "select * from articles limit 5"')
    try:
        with _open_for_reading(settings.db_path) as con:
            check_read_only_sql(con, sql_text)
            cursor = con.execute(sql_text)
            columns = [d[0] for d in cursor.description or []]
            rows = cursor.fetchall() if cursor.description else []
    except (WarehouseMissingError, WarehouseBusyError, ReadOnlyQueryError) as exc:
        _fail(str(exc))
    except duckdb.Error as exc:
        _fail(f"query failed: {exc}")
    _print_rows(columns, rows, output)


@app.command()
def status(
    db: DbOption = None,
    config: ConfigOption = None,
    limit: Annotated[int, typer.Option(help="How many runs and rejects to show")] = 10,
) -> None:
    """The last runs with their counts, and the inputs still rejected."""
    settings = _settings_or_exit(config, db_path=db)
    try:
        with _open_for_reading(settings.db_path) as con:
            runs = con.execute(
                "SELECT run_id AS run, status, strftime(started_at, '%m-%d %H:%M:%S') AS started,"
                " round(epoch(finished_at - started_at), 1) AS secs, files_seen AS seen,"
                " articles_new AS new, duplicates AS dup, rejected AS rej, unchanged AS same"
                " FROM runs ORDER BY run_id DESC LIMIT ?",
                [limit],
            )
            run_cols = [d[0] for d in runs.description or []]
            run_rows = runs.fetchall()
            rejects = con.execute(
                "SELECT run_id, origin, stage, reason FROM latest_rejects"
                " ORDER BY run_id DESC, origin LIMIT ?",
                [limit],
            )
            reject_cols = [d[0] for d in rejects.description or []]
            reject_rows = rejects.fetchall()
            totals = con.execute(
                "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM sightings)"
            ).fetchone()
    except (WarehouseMissingError, WarehouseBusyError) as exc:
        _fail(str(exc))
    assert totals is not None
    console.print(f"warehouse {settings.db_path}: {totals[0]} articles, {totals[1]} sightings")
    if settings.publish_read_copy:
        console.print(_read_copy_line(settings.db_path), highlight=False)
    _print_rows(run_cols, run_rows, OutputFormat.table, title="Recent runs")
    if reject_rows:
        _print_rows(reject_cols, reject_rows, OutputFormat.table, title="Inputs still rejected")
    else:
        console.print("No inputs are currently rejected.")


@app.command()
def export(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="Folder to write the files to")],
    db: DbOption = None,
    config: ConfigOption = None,
    file_format: Annotated[
        ExportFormatChoice, typer.Option("--format", "-f", help="File format")
    ] = ExportFormatChoice.parquet,
) -> None:
    """Write every table and view (articles, facts, claims, ...) to DIR, one file each."""
    settings = _settings_or_exit(config, db_path=db)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _open_for_reading(settings.db_path, writable_dir=folder) as con:
            exported = export_warehouse(con, folder, file_format=file_format.value)
    except (WarehouseMissingError, WarehouseBusyError) as exc:
        _fail(str(exc))
    except (duckdb.Error, OSError) as exc:
        _fail(f"export failed: {exc}")
    _print_rows(
        ["name", "kind", "rows", "file"],
        [(e.name, e.kind.lower(), e.rows, str(e.path)) for e in exported],
        OutputFormat.table,
        title=f"Exported to {folder}",
    )


@app.command("eval-facts")
def eval_facts(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List every miss and false fact")
    ] = False,
    labelled: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="A labelled set NAME=PATH, repeatable [default: dev, holdout and seeds, "
            "those present]",
        ),
    ] = None,
    predictions: Annotated[
        Path | None,
        typer.Option(help="Score this JSONL of facts per article id instead of the extractor"),
    ] = None,
    catalog: Annotated[
        Path | None, typer.Option(help="Entity catalogue TOML [default: config/entities.toml]")
    ] = None,
    write_floors: Annotated[
        bool, typer.Option("--write-floors", help="Store floors for sets that have none yet")
    ] = False,
) -> None:
    """Recall, precision, attribution and quote speakers per labelled set, never pooled.

    Exit 1 when a set falls below its stored floor (tests/fixtures/facts/floors.json).
    """
    from testing.evaluate import main as evaluate_main

    argv = ["--verbose"] if verbose else []
    for item in labelled or []:
        argv += ["--set", item]
    if predictions:
        argv += ["--predictions", str(predictions)]
    if catalog:
        argv += ["--catalog", str(catalog)]
    if write_floors:
        argv.append("--write-floors")
    raise typer.Exit(code=evaluate_main(argv))


def _check_inputs(settings: Settings, *, need_seeds: bool = True) -> None:
    """Refuse, before Prefect starts, what would only fail the run a few seconds later."""
    if need_seeds and not settings.seeds_dir.exists():
        _fail(f"input folder {settings.seeds_dir} does not exist")
    if settings.manifest_file is not None and not settings.manifest_file.is_file():
        _fail(f"manifest {settings.manifest_file} does not exist")
    try:
        load_sources_file(settings.sources_file)
        load_entity_catalog(settings.entities_file)
    except (SourcesFileError, CatalogError) as exc:
        _fail(str(exc))


@contextmanager
def _open_for_reading(
    db_path: Path, *, writable_dir: Path | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """The live warehouse; if a run holds it for more than a few seconds, the read copy.
    Either is a locked-down read connection that may write files only under `writable_dir`.

    A run writes in short transactions, so the live file is usually free within a second. A
    long write (re-clustering, a long-lived reader elsewhere) must not leave an analyst waiting:
    the read copy holds everything up to the last run that changed something.
    """
    try:
        with open_reader(
            db_path, wait_seconds=_LIVE_WAIT_SECONDS, writable_dir=writable_dir
        ) as con:
            yield con
        return
    except WarehouseBusyError:
        copy = read_copy_path(db_path)
        if not copy.exists():
            raise
    published = datetime.fromtimestamp(copy.stat().st_mtime).isoformat(timespec="seconds")
    err_console.print(
        f"[yellow]note:[/] {db_path} is being written; answered from the read copy "
        f"published {published} ({copy})",
        highlight=False,
    )
    with open_reader(copy, writable_dir=writable_dir) as con:
        yield con


def _read_copy_line(db_path: Path) -> str:
    """The read copy's age, after republishing it if it fell behind (a run killed before it
    published) and no run is writing now."""
    try:
        refreshed = refresh_read_copy(db_path)
    except (OSError, duckdb.Error) as exc:
        return f"read copy {read_copy_path(db_path)}: stale, and could not be republished: {exc}"
    if refreshed is None:
        return f"read copy {read_copy_path(db_path)}: a run is writing; it republishes when done"
    state, republished = refreshed
    return state.describe() + (
        " (republished now: it was behind the warehouse)" if republished else ""
    )


def _settings_or_exit(config: Path | None, **overrides: Any) -> Settings:
    try:
        return load_settings(config, **overrides)
    except SettingsError as exc:
        _fail(str(exc))


def _fail(message: str) -> typer.Exit:
    err_console.print(f"[red]error:[/] {message}", highlight=False)
    raise typer.Exit(code=1)


def _state_error(state: Any) -> str:
    try:
        state.result()
    except (
        InputFolderError,
        SettingsError,
        SourcesFileError,
        CatalogError,
        WarehouseBusyError,
    ) as exc:
        _drop_tracebacks(exc)
        return str(exc)
    except BaseException as exc:
        _drop_tracebacks(exc)
        return f"{type(exc).__name__}: {exc}"
    return state.message or state.name


def _drop_tracebacks(exc: BaseException | None) -> None:
    """Let go of the failed run's frames: they hold DuckDB objects, and DuckDB's bindings print
    a screenful of "leaked instance" lines when those are still alive at interpreter exit."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        exc.__traceback__ = None
        exc = exc.__cause__ or exc.__context__


def _print_rows(
    columns: list[str], rows: list[tuple[Any, ...]], output: OutputFormat, title: str | None = None
) -> None:
    if output is OutputFormat.json:
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        sys.stdout.write(json.dumps(records, default=_json_default, ensure_ascii=False, indent=2))
        sys.stdout.write("\n")
    elif output is OutputFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        cells = [[_cell(value) for value in row] for row in rows]
        table = Table(title=title, show_lines=False)
        for index, column in enumerate(columns):
            # Short values (ids, counts, statuses) stay on one line; long text folds.
            widest = max((len(row[index]) for row in cells), default=0)
            table.add_column(column, no_wrap=widest <= _NO_WRAP_WIDTH, overflow="fold")
        for row in cells:
            table.add_row(*(Text(cell, style="dim") if cell is _NULL else cell for cell in row))
        console.print(table)
        console.print(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def _cell(value: object) -> str:
    """A value as an analyst reads it: 600 not 600.0, lists as 'a; b' not ['a', 'b']."""
    if value is None:
        return _NULL
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, list | tuple):
        return "; ".join(_cell(item) for item in value)
    return str(value)


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


class _ProgressHandler(logging.Handler):
    """Feeds a rich progress bar from the flow's batch log records."""

    def __init__(self, key: str, progress: Progress) -> None:
        super().__init__(level=logging.INFO)
        self._key = key
        self._progress = progress
        self._tasks: dict[str, Any] = {}

    def emit(self, record: logging.LogRecord) -> None:
        done_total = getattr(record, self._key, None)
        if done_total is None:
            return
        stage, done, total = done_total
        if stage not in self._tasks:
            self._tasks[stage] = self._progress.add_task(stage, total=total)
        self._progress.update(self._tasks[stage], completed=done, total=total)


class _progress_bar:
    def __init__(self, key: str, *, enabled: bool) -> None:
        self._enabled = enabled and console.is_terminal
        self._progress = Progress(
            TextColumn("{task.description:>5}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
        )
        self._handler = _ProgressHandler(key, self._progress)
        self._logger = logging.getLogger("prefect.flow_runs")

    def __enter__(self) -> None:
        if self._enabled:
            self._progress.start()
            self._logger.addHandler(self._handler)

    def __exit__(self, *exc: object) -> None:
        if self._enabled:
            self._logger.removeHandler(self._handler)
            self._progress.stop()


if __name__ == "__main__":
    app()
