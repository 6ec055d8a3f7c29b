-- 'unchanged' means same bytes under a new mtime: refresh the fingerprint, keep the outcome.
INSERT INTO inputs (
    origin, size, mtime_ns, bytes_sha256, outcome, content_hash, reason,
    first_run_id, last_run_id, updated_at
)
SELECT
    origin, size, mtime_ns, bytes_sha256, outcome, content_hash, reason,
    $run_id, $run_id, now()
FROM batch_inputs
ON CONFLICT (origin) DO UPDATE SET
    size = excluded.size,
    mtime_ns = excluded.mtime_ns,
    bytes_sha256 = excluded.bytes_sha256,
    outcome = CASE WHEN excluded.outcome = 'unchanged' THEN inputs.outcome ELSE excluded.outcome END,
    content_hash = CASE WHEN excluded.outcome = 'unchanged' THEN inputs.content_hash
                        ELSE excluded.content_hash END,
    reason = CASE WHEN excluded.outcome = 'unchanged' THEN inputs.reason ELSE excluded.reason END,
    last_run_id = CASE WHEN excluded.outcome = 'unchanged' THEN inputs.last_run_id
                       ELSE excluded.last_run_id END,
    updated_at = excluded.updated_at;
