-- Inputs that are still rejected: the newest reject per file or URL, unless a later run ingested it.
CREATE OR REPLACE VIEW latest_rejects AS
SELECT r.run_id, r.origin, r.stage, r.reason, r.seen_at
FROM rejects r
LEFT JOIN inputs i ON i.origin = r.origin
WHERE i.origin IS NULL OR i.outcome = 'rejected' OR i.last_run_id < r.run_id
QUALIFY row_number() OVER (PARTITION BY r.origin ORDER BY r.run_id DESC) = 1;
