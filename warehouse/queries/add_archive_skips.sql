INSERT INTO archive_skips (run_id, origin, reason, records)
SELECT $run_id, origin, reason, records
FROM batch_archive_skips
ON CONFLICT (run_id, origin, reason) DO UPDATE SET records = archive_skips.records + excluded.records;
