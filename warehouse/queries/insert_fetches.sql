INSERT INTO fetches (
    run_id, url, canonical_url, final_url, source, status, etag, last_modified, content_type,
    bytes, elapsed_ms, attempts, error, outcome, content_hash, reason, fetched_at
)
SELECT
    $run_id, url, canonical_url, final_url, source, status, etag, last_modified, content_type,
    bytes, elapsed_ms, attempts, error, outcome, content_hash, reason, now()
FROM batch_fetches
ON CONFLICT DO NOTHING;
