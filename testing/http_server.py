"""A real HTTP/1.1 server on 127.0.0.1 for tests: scripted routes, request log, in-flight counts.

    with LocalHTTPServer() as server:
        server.route("/a", Reply.html("<p>hi</p>"))
        server.route("/flaky", Reply(status=500), Reply.html("ok"))   # 500 first, then 200
        url = server.url("/a")                  # http://127.0.0.1:PORT/a
        other = server.url("/a", host="localhost")  # same server, another host name

Each route answers with its replies in order and repeats the last one. A reply can also be a
function of the request. Unknown paths get 404. The server keeps every request it saw
(`requests`, `hits(path)`) and the most requests it was serving at once, overall and per Host
(`peak_in_flight`), so tests can check what a client really did on the wire.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self
from urllib.parse import urlsplit


@dataclass(frozen=True, slots=True)
class Reply:
    """One scripted response."""

    status: int = 200
    body: bytes | str = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: Mapping[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line: a slow server
    chunk_size: int = 0  # > 0: write the body in pieces of this size ...
    chunk_delay: float = 0.0  # ... with this pause between them: a dripping server
    chunked: bool = False  # Transfer-Encoding: chunked, so no Content-Length up front
    etag: str | None = None  # sent, and a matching If-None-Match gets a 304
    last_modified: str | None = None  # sent, and an equal If-Modified-Since gets a 304

    @classmethod
    def html(cls, body: str, **kwargs: object) -> Reply:
        return cls(body=body, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def xml(
        cls, body: str | bytes, content_type: str = "application/xml", **kwargs: object
    ) -> Reply:
        return cls(body=body, content_type=content_type, **kwargs)  # type: ignore[arg-type]

    @classmethod
    def text(cls, body: str, **kwargs: object) -> Reply:
        return cls(body=body, content_type="text/plain; charset=utf-8", **kwargs)  # type: ignore[arg-type]

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Reply:
        return cls(status=status, content_type=None, headers={"Location": location})

    @property
    def payload(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """A request as the server saw it."""

    method: str
    path: str  # path and query, as sent
    host: str  # Host header without the port
    headers: Mapping[str, str]  # lower-case names
    started: float  # time.monotonic() when the request line was read


Responder = Reply | Callable[[RecordedRequest], Reply]


class _Route:
    def __init__(self, replies: tuple[Responder, ...]) -> None:
        self._replies = list(replies)
        self._lock = threading.Lock()

    def next(self) -> Responder:
        with self._lock:
            return self._replies.pop(0) if len(self._replies) > 1 else self._replies[0]


class LocalHTTPServer:
    """A threaded HTTP/1.1 server (keep-alive) on a free port of 127.0.0.1."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self._routes: dict[str, _Route] = {}
        self._lock = threading.Lock()
        self._requests: list[RecordedRequest] = []
        self._in_flight: dict[str, int] = defaultdict(int)
        self._peak: dict[str, int] = defaultdict(int)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> Self:
        owner = self

        class Handler(_Handler):
            server_owner = owner

        server = ThreadingHTTPServer((self.host, 0), Handler)
        server.daemon_threads = True
        server.block_on_close = False
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str = "/", *, host: str | None = None) -> str:
        """A URL on this server; `host` names it differently (e.g. 'localhost')."""
        return f"http://{host or self.host}:{self.port}{path}"

    # -- scripting ---------------------------------------------------------------------------

    def route(self, path: str, *replies: Responder) -> None:
        """Answer `path` (with its query, or any query) with `replies` in turn, then the last."""
        if not replies:
            raise ValueError("a route needs at least one reply")
        with self._lock:
            self._routes[path] = _Route(replies)

    # -- what happened -----------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_for(self, path: str) -> list[RecordedRequest]:
        """Requests for exactly `path`, or for `path` with any query when it has none."""
        return [
            r
            for r in self.requests
            if r.path == path or ("?" not in path and _bare(r.path) == path)
        ]

    def hits(self, path: str) -> int:
        return len(self.requests_for(path))

    def peak_in_flight(self, host: str | None = None) -> int:
        """Most requests being served at once: overall, or for one Host name."""
        with self._lock:
            return self._peak["*" if host is None else host]

    def reset(self) -> None:
        """Forget requests and peaks (routes stay)."""
        with self._lock:
            self._requests.clear()
            self._peak.clear()

    # -- serving -----------------------------------------------------------------------------

    def _begin(self, request: RecordedRequest) -> Responder:
        with self._lock:
            self._requests.append(request)
            for key in ("*", request.host):
                self._in_flight[key] += 1
                self._peak[key] = max(self._peak[key], self._in_flight[key])
            route = self._routes.get(request.path) or self._routes.get(_bare(request.path))
        if route is None:
            return Reply(status=404, body="not found", content_type="text/plain")
        return route.next()

    def _end(self, request: RecordedRequest) -> None:
        with self._lock:
            for key in ("*", request.host):
                self._in_flight[key] -= 1


def _bare(path: str) -> str:
    return urlsplit(path).path


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_owner: LocalHTTPServer
    timeout = 10  # idle keep-alive connections close after this

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def _serve(self, *, send_body: bool) -> None:
        headers = {name.lower(): value for name, value in self.headers.items()}
        host = headers.get("host", "").rsplit(":", 1)[0].strip("[]")
        request = RecordedRequest(self.command, self.path, host, headers, time.monotonic())
        owner = self.server_owner
        responder = owner._begin(request)
        ended = False

        def finish() -> None:
            # Called just before the response's last bytes go out: once the client has them it
            # may start its next request, which must not overlap this one in the counts.
            nonlocal ended
            if not ended:
                ended = True
                owner._end(request)

        try:
            reply = responder(request) if callable(responder) else responder
            if reply.delay:
                time.sleep(reply.delay)
            self._write(reply, headers, send_body=send_body, finish=finish)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError):
            self.close_connection = True
        finally:
            finish()

    def _write(
        self,
        reply: Reply,
        request_headers: Mapping[str, str],
        *,
        send_body: bool,
        finish: Callable[[], None],
    ) -> None:
        not_modified = (
            reply.etag is not None and request_headers.get("if-none-match") == reply.etag
        ) or (
            reply.last_modified is not None
            and request_headers.get("if-modified-since") == reply.last_modified
        )
        status = 304 if not_modified and reply.status == 200 else reply.status
        self.send_response(status)
        if reply.content_type and status != 304:
            self.send_header("Content-Type", reply.content_type)
        if reply.etag:
            self.send_header("ETag", reply.etag)
        if reply.last_modified:
            self.send_header("Last-Modified", reply.last_modified)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        payload = b"" if status == 304 else reply.payload
        if status == 304:
            finish()
            self.end_headers()
            return
        if reply.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(payload)))
        if not send_body or (not payload and not reply.chunked):
            finish()
            self.end_headers()
            return
        self.end_headers()
        size = reply.chunk_size or len(payload) or 1
        for start in range(0, len(payload), size):
            piece = payload[start : start + size]
            if start + size >= len(payload) and not reply.chunked:
                finish()
            if reply.chunked:
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            else:
                self.wfile.write(piece)
            self.wfile.flush()
            if reply.chunk_delay and start + size < len(payload):
                time.sleep(reply.chunk_delay)
        if reply.chunked:
            finish()
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
