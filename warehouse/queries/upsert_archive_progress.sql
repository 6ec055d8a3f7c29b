-- A new size or mtime means the file was read again from the start by this run.
INSERT INTO archive_progress (
    origin, size, mtime_ns, next_offset, complete, run_id, started_run_id, updated_at
)
SELECT origin, size, mtime_ns, next_offset, complete, $run_id, $run_id, now()
FROM batch_archive
ON CONFLICT (origin) DO UPDATE SET
    started_run_id = CASE
        WHEN archive_progress.size = excluded.size AND archive_progress.mtime_ns = excluded.mtime_ns
        THEN archive_progress.started_run_id ELSE excluded.started_run_id END,
    size = excluded.size,
    mtime_ns = excluded.mtime_ns,
    next_offset = excluded.next_offset,
    complete = excluded.complete,
    run_id = excluded.run_id,
    updated_at = excluded.updated_at;
