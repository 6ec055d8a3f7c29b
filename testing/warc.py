"""Write real WARC files in tests with FastWARC: one gzip member per record, as crawlers do."""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass, field
from pathlib import Path

from fastwarc.warc import WarcRecord, WarcRecordType


@dataclass(frozen=True)
class Response:
    """An HTTP response to archive; `status_line`/`headers` as they go on the wire."""

    url: str
    body: bytes
    content_type: str | None = "text/html; charset=utf-8"
    status_line: str = "HTTP/1.1 200 OK"
    headers: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    date: str = "2024-05-01T12:00:00Z"


def record_bytes(record_type: WarcRecordType, content: bytes, headers: dict[str, str]) -> bytes:
    record = WarcRecord()
    record.init_headers(record_type=record_type)
    for key, value in headers.items():
        record.headers[key] = value
    record.set_bytes_content(content)
    out = io.BytesIO()
    record.write(out, checksum_data=True)
    return out.getvalue()


def response_bytes(response: Response) -> bytes:
    lines = [response.status_line]
    if response.content_type is not None:
        lines.append(f"Content-Type: {response.content_type}")
    lines += [f"{key}: {value}" for key, value in response.headers]
    lines.append(f"Content-Length: {len(response.body)}")
    http = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + response.body
    return record_bytes(
        WarcRecordType.response,
        http,
        {
            "WARC-Target-URI": response.url,
            "WARC-Date": response.date,
            "Content-Type": "application/http; msgtype=response",
        },
    )


def request_bytes(url: str) -> bytes:
    host = url.split("/")[2]
    http = f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    return record_bytes(
        WarcRecordType.request,
        http,
        {"WARC-Target-URI": url, "Content-Type": "application/http; msgtype=request"},
    )


def warcinfo_bytes() -> bytes:
    return record_bytes(
        WarcRecordType.warcinfo,
        b"software: newsfacts tests\r\n",
        {"Content-Type": "application/warc-fields"},
    )


def write_warc(path: Path, records: list[bytes], *, compress: bool = True) -> list[int]:
    """Write `records` (serialised WARC records); return each record's offset in the file."""
    offsets = []
    with path.open("wb") as handle:
        for record in records:
            offsets.append(handle.tell())
            handle.write(gzip.compress(record) if compress else record)
    return offsets
