"""Screenshot the Prefect UI's page for an ingest flow run, and its Artifacts tab, for the README.

With no options it builds its own evidence: a throwaway `prefect server` with its UI on a free
loopback port, two `newsfacts run`s into a temporary warehouse, then the latest completed "ingest"
flow run. `--api-url` (and optionally `--flow-run-id`) points it at a server that already has
runs, e.g. the one behind `newsfacts serve`. Needs Debian's `chromium`; touches only loopback.

    .venv/bin/python docs/screenshot_flow_run.py [--api-url URL] [--flow-run-id ID] [--out PNG]

It shoots the V2 UI, Prefect 3's default: there the tab is in the URL (`?tab=Artifacts`); the V1
UI drops that parameter while the run is still loading and always opens on Logs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # the checkout's packages (testing/), installed or not

from testing.prefect_server import prefect_server  # noqa: E402

DOCS_DIR = REPO_ROOT / "docs"
NEWSFACTS = Path(sys.executable).with_name("newsfacts")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-breakpad",
    "--hide-scrollbars",
]
# A rendered 1400x1000 page is ~90-140 kB as PNG; a blank or spinner-only one is a few kB.
_BLANK_PNG_BYTES = 30_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--api-url", help="an existing server's API, e.g. http://127.0.0.1:4200/api"
    )
    parser.add_argument("--flow-run-id", help="the run to show [default: latest completed ingest]")
    parser.add_argument("--out", type=Path, default=DOCS_DIR / "prefect-flow-run.png")
    parser.add_argument(
        "--artifacts-out",
        type=Path,
        help="the run's Artifacts tab [default: --out with an -artifacts suffix]",
    )
    parser.add_argument(
        "--wait-ms",
        type=int,
        default=15_000,
        help="virtual time the single-page UI gets to fetch and render before each shot",
    )
    parser.add_argument("--window-size", default="1400,1000")
    args = parser.parse_args(argv)
    artifacts_out = args.artifacts_out or args.out.with_name(f"{args.out.stem}-artifacts.png")
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    chromium = shutil.which("chromium")
    if chromium is None:
        parser.error("chromium is not installed (Debian: apt-get install chromium)")

    with _api(args.api_url) as api_url:
        flow_run_id = args.flow_run_id or latest_completed_ingest_run(api_url)
        ui_url = api_url.rstrip("/").removesuffix("/api")
        page = f"{ui_url}/v2/runs/flow-run/{flow_run_id}"
        for url, out in ((page, args.out), (f"{page}?tab=Artifacts", artifacts_out)):
            screenshot(chromium, url, out, wait_ms=args.wait_ms, window_size=args.window_size)
            print(f"{out}: {url}")
    return 0


@contextmanager
def _api(api_url: str | None) -> Iterator[str]:
    """The given server, or a throwaway one with two ingest runs in it."""
    if api_url:
        yield api_url
        return
    with tempfile.TemporaryDirectory(prefix="newsfacts-shot-") as tmp:
        home = Path(tmp) / "prefect-home"
        home.mkdir()
        with prefect_server(home, ui=True) as url:
            env = {**os.environ, "PREFECT_API_URL": url}
            for _ in range(2):  # the second finds every seed unchanged: the usual scheduled run
                subprocess.run(
                    [NEWSFACTS, "run", "--db", str(Path(tmp) / "w.duckdb")],
                    cwd=REPO_ROOT, env=env, check=True, timeout=300,
                )  # fmt: skip
            yield url


def latest_completed_ingest_run(api_url: str) -> str:
    response = httpx.post(
        f"{api_url}/flow_runs/filter",
        json={
            "flows": {"name": {"any_": ["ingest"]}},
            "flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}},
            "sort": "START_TIME_DESC",
            "limit": 1,
        },
        timeout=30,
    )
    response.raise_for_status()
    runs = response.json()
    if not runs:
        raise SystemExit(f"no completed 'ingest' flow run at {api_url}")
    return str(runs[0]["id"])


def screenshot(chromium: str, url: str, out: Path, *, wait_ms: int, window_size: str) -> None:
    """One headless shot with a fresh profile, so no saved UI preference (V1/V2) leaks in."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="newsfacts-chromium-") as profile:
        proc = subprocess.Popen(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
             f"--window-size={window_size}", f"--virtual-time-budget={wait_ms}",
             f"--screenshot={out.resolve()}", url],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            output, _ = proc.communicate(timeout=120)
        finally:
            _kill_group(proc)  # its renderer and helper processes too
    if proc.returncode != 0 or not out.exists():
        raise SystemExit(f"chromium took no screenshot of {url}:\n{output.decode()[-2000:]}")
    if out.stat().st_size < _BLANK_PNG_BYTES:
        print(f"warning: {out} looks blank or still loading; try a larger --wait-ms")


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


if __name__ == "__main__":
    sys.exit(main())
