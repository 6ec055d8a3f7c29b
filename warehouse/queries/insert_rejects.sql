INSERT INTO rejects (run_id, origin, stage, reason, seen_at)
SELECT $run_id, origin, stage, reason, now()
FROM batch_rejects
ON CONFLICT DO NOTHING;
