"""A run's processes: one Prefect API for all of them, children that die with the run, and
SIGTERM/SIGINT as a request to stop at the next batch boundary.

Why each part:
- Prefect starts a temporary API server in every process that has no PREFECT_API_URL, so each
  process-pool worker used to start its own (three servers for one run). The CLI starts one
  before Prefect is imported and hands its URL to every child through the environment.
- A child outlives a parent killed with SIGKILL unless the kernel is told otherwise: every child
  the run starts (the server, pool workers, Dask workers) asks for SIGKILL when its parent dies.
- A signal in the middle of a batch must not leave half a batch: the handler only records the
  request; the flow checks it between batches, marks the run interrupted and returns.
- Under `newsfacts serve` each run is a process the Prefect runner spawned. The serving process
  is the one signalled (a supervisor's SIGTERM goes to it alone); it passes the stop on through
  a shutdown file every run process checks where it would check for a signal, so a run in
  progress stops at its next batch boundary and a run whose process was still starting does no
  work at all. A second signal would tear a batch apart, so the file is not one.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

_PR_SET_PDEATHSIG = 1
_received: list[int] = []  # the signals this process's batch-boundary handler has seen
SERVE_PID_ENV = "NEWSFACTS_SERVE_PID"
SHUTDOWN_FILE_ENV = "NEWSFACTS_SHUTDOWN_FILE"


class RunInterrupted(Exception):
    """SIGTERM or SIGINT arrived: the run stops at this batch boundary."""

    def __init__(self, signum: int, where: str) -> None:
        self.signum = signum
        self.where = where
        super().__init__(f"interrupted by {signal.Signals(signum).name} during {where}")


class PrefectServerError(RuntimeError):
    """The run's temporary Prefect server did not come up."""


def die_with_parent(parent_pid: int | None = None) -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; elsewhere a no-op).

    Runs in the child (a Popen preexec_fn, a pool initializer, a Dask preload). If the parent
    is already gone by then, exit now rather than live on as an orphan.
    """
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)


def pool_worker_init(parent_pid: int) -> None:
    """Initializer of each process-pool worker: dies with the run; Ctrl-C is the run's to handle.

    A terminal sends SIGINT to the whole foreground process group; the worker ignores it so the
    batch it computes is not torn apart, and the run decides at the batch boundary.
    """
    die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def dask_setup(worker: object) -> None:
    """Dask preload (`preload=["flows.lifecycle"]`): the worker process dies with the run."""
    die_with_parent()
    with contextlib.suppress(ValueError):  # not the worker process's main thread
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def stop_requested() -> int | None:
    """The signal that asked the run to stop, if one did: one this process received, or the one
    `newsfacts serve` received and wrote to its shutdown file."""
    if _received:
        return _received[0]
    return _serve_shutdown_signal()


def _serve_shutdown_signal() -> int | None:
    path = os.environ.get(SHUTDOWN_FILE_ENV)
    if not path:
        return None
    try:
        text = Path(path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None  # no file: serve is not shutting down
    return int(text) if text.isdigit() else int(signal.SIGTERM)


def raise_if_stopping(where: str) -> None:
    """Called between batches: raise RunInterrupted once SIGTERM or SIGINT has arrived."""
    signum = stop_requested()
    if signum is not None:
        raise RunInterrupted(signum, where)


def reset_stop() -> None:
    """Forget a handled stop request (a process that runs several flows, tests)."""
    _received.clear()


@contextmanager
def stop_at_batch_boundaries() -> Iterator[None]:
    """While inside: the first SIGTERM/SIGINT asks the run to stop at the next batch boundary;
    a second one stops this process's children and exits at once (128 + signal).

    Only the main thread can install handlers; elsewhere (a flow run in a worker thread) this
    does nothing and signals keep their usual effect.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}

    def handle(signum: int, _frame: FrameType | None) -> None:
        if _received:  # a second signal; a stop through serve's shutdown file is not one
            terminate_children()
            os._exit(128 + signum)
        _received.append(signum)

    for sig in previous:
        signal.signal(sig, handle)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class ServeShutdown:
    """The shutdown file of one `newsfacts serve` process (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def request(self, signum: int) -> set[int]:
        """From now on every run process of this serve stops, or does not begin.

        Returns the pids of the run processes that had begun their work; any other run process
        is still starting and never will (`claim_serve_run`), so it may be stopped at once.
        """
        with _serve_lock(self.path, fcntl.LOCK_EX):
            partial = self.path.with_suffix(".partial")
            partial.write_text(str(int(signum)), encoding="ascii")
            os.replace(partial, self.path)  # a reader sees no file or the whole number
            return {
                int(begun.name.removeprefix("begun-"))
                for begun in self.path.parent.glob("begun-*")
                if begun.name.removeprefix("begun-").isdigit()
            }


@contextmanager
def _serve_lock(shutdown_file: Path, operation: int) -> Iterator[None]:
    """Serve's shutdown and a run's claim exclude each other: a run begins before the
    shutdown (and is then stopped at a batch boundary) or not at all."""
    with open(shutdown_file.with_name("lock"), "a") as lock:
        fcntl.flock(lock, operation)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def serve_shutdown_file() -> Iterator[ServeShutdown]:
    """While inside: every process started from here finds the shutdown file's path (and this
    process's pid) in its environment; the file itself exists once `request` was called."""
    directory = Path(tempfile.mkdtemp(prefix="newsfacts-serve-"))
    previous = {name: os.environ.get(name) for name in (SHUTDOWN_FILE_ENV, SERVE_PID_ENV)}
    os.environ[SHUTDOWN_FILE_ENV] = str(directory / "shutdown")
    os.environ[SERVE_PID_ENV] = str(os.getpid())
    try:
        yield ServeShutdown(directory / "shutdown")
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(directory, ignore_errors=True)


def _serve_pid() -> int | None:
    """The pid of the `newsfacts serve` that spawned this process, if one did."""
    serve_pid = os.environ.get(SERVE_PID_ENV, "")
    if serve_pid.isdigit() and os.getppid() == int(serve_pid):
        return int(serve_pid)
    return None


def serve_run_process_startup() -> None:
    """In a run process that `newsfacts serve` spawned (run at `import flows`, before Prefect's
    engine starts the run): die with the serving process; leave a terminal's Ctrl-C, which
    reaches the whole process group, to serve (the flow installs its own SIGINT handler when it
    begins); and exit quietly, before the run begins, once serve is stopping.

    Serve sends SIGURG to a run process that was still starting when it was told to stop.
    SIGURG's default is to be ignored, so a process that is not listening yet loses nothing: it
    looks at the shutdown file right after it starts listening.
    """
    serve_pid = _serve_pid()
    if serve_pid is None or threading.current_thread() is not threading.main_thread():
        return
    die_with_parent(serve_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGURG, _exit_if_serve_stopping)
    _exit_if_serve_stopping(int(signal.SIGURG), None)


def _exit_if_serve_stopping(_signum: int, _frame: FrameType | None) -> None:
    if _serve_shutdown_signal() is not None:
        os._exit(0)  # nothing begun, nothing to clean up; serve cancels the Prefect run


def claim_serve_run() -> None:
    """At the start of the flow: raise RunInterrupted if a stop was asked for; else, in a run
    process of `newsfacts serve`, record that this run has begun (serve then lets it reach its
    next batch boundary instead of stopping its process)."""
    serve_pid = _serve_pid()
    path = os.environ.get(SHUTDOWN_FILE_ENV)
    if serve_pid is None or not path or not Path(path).parent.is_dir():
        raise_if_stopping("start, before any work")
        return
    with _serve_lock(Path(path), fcntl.LOCK_SH):
        raise_if_stopping("start, before any work")
        Path(path).with_name(f"begun-{os.getpid()}").touch()
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGURG, signal.SIG_IGN)


def terminate_children(grace_seconds: float = 5.0) -> None:
    """SIGTERM, then SIGKILL, every multiprocessing child of this process (pool, Dask workers)."""
    import multiprocessing

    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    deadline = time.monotonic() + grace_seconds
    for child in children:
        child.join(timeout=max(0.0, deadline - time.monotonic()))
        if child.is_alive():
            child.kill()
            child.join(timeout=1)


@contextmanager
def one_prefect_api(home_log: Path | None = None) -> Iterator[str | None]:
    """PREFECT_API_URL for the whole run: the configured one, else one temporary server.

    Call before Prefect is imported: Prefect reads PREFECT_API_URL when its settings load, and
    every child inherits it from the environment. Yields the URL (None when ephemeral mode is
    off and nothing is configured, so Prefect itself reports what to set).
    """
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        yield configured
        return
    if os.environ.get("PREFECT_SERVER_ALLOW_EPHEMERAL_MODE", "true").lower() in {"0", "false"}:
        yield None
        return
    server = _start_server(home_log)
    os.environ["PREFECT_API_URL"] = server.url
    try:
        yield server.url
    finally:
        _drain_prefect_workers()
        os.environ.pop("PREFECT_API_URL", None)
        server.stop()


def _drain_prefect_workers() -> None:
    """Send buffered run logs and events while the server is still up; at exit they would
    retry against a closed port for a minute."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=5)
    EventsWorker.drain_all(timeout=5)


class _TemporaryServer:
    def __init__(self, process: subprocess.Popen[bytes], url: str) -> None:
        self.process = process
        self.url = url

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _start_server(log_path: Path | None) -> _TemporaryServer:
    """Prefect's own temporary server (the app factory Prefect's ephemeral mode runs), but
    started here: with a death signal, its own process group (a terminal's Ctrl-C must not take
    it down before the run has reported how it ended), and no hold on our stdout/stderr."""
    import socket

    import httpx

    timeout = float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120"))
    parent = os.getpid()
    for _attempt in range(3):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        url = f"http://127.0.0.1:{port}/api"
        log: Any = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "--factory",
                 "prefect.server.api.server:create_app", "--host", "127.0.0.1",
                 "--port", str(port), "--log-level", "error", "--lifespan", "on"],
                env={**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
                     "PREFECT__SERVER_FINAL": "1"},
                stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                preexec_fn=lambda: die_with_parent(parent), start_new_session=True,
            )  # fmt: skip
        finally:
            if log is not subprocess.DEVNULL:
                log.close()
        server = _TemporaryServer(process, url)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and process.poll() is None:
            try:  # trust_env=False: no proxy from the environment for a loopback request
                if httpx.get(f"{url}/health", timeout=2, trust_env=False).status_code == 200:
                    return server
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        if process.poll() is None:
            server.stop()
            raise PrefectServerError(
                f"the temporary Prefect server did not answer within {timeout:g} s "
                "(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS); or set PREFECT_API_URL"
            )
        # exited early: most likely the port was taken between bind and listen; try another
    raise PrefectServerError(
        "the temporary Prefect server exited at start-up; set PREFECT_API_URL to a running "
        "`prefect server start`"
    )
