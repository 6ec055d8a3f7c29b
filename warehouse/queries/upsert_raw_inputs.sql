INSERT INTO raw_inputs (origin, bytes_sha256, kind, url, charset, fetched_at, run_id, stored_at)
SELECT origin, bytes_sha256, kind, url, charset, fetched_at, $run_id, now()
FROM batch_raw
ON CONFLICT (origin) DO UPDATE SET
    bytes_sha256 = excluded.bytes_sha256,
    kind = excluded.kind,
    url = excluded.url,
    charset = excluded.charset,
    fetched_at = excluded.fetched_at,
    run_id = excluded.run_id,
    stored_at = excluded.stored_at;
