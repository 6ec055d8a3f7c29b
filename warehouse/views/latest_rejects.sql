-- Inputs that are still rejected: the newest reject per file or URL, unless a later run ingested it.
-- A part of a file (a WARC record `…#offset=N`, an export's document `…#doc=N`, a manifest row
-- `…#row=N`) is no longer rejected once a later run read that file again and did not reject it.
CREATE OR REPLACE VIEW latest_rejects AS
WITH parts AS (
    SELECT r.*, regexp_replace(r.origin, '#(offset|doc|row)=[0-9]+$', '') AS file_origin
    FROM rejects r
)
SELECT r.run_id, r.origin, r.stage, r.reason, r.seen_at
FROM parts r
LEFT JOIN inputs i ON i.origin = r.origin
LEFT JOIN inputs f ON r.file_origin <> r.origin AND f.origin = r.file_origin
LEFT JOIN archive_progress a ON r.file_origin <> r.origin AND a.origin = r.file_origin
WHERE (i.origin IS NULL OR i.outcome = 'rejected' OR i.last_run_id < r.run_id)
  AND NOT coalesce(a.started_run_id > r.run_id, false)
  AND NOT coalesce(a.origin IS NULL AND f.last_run_id > r.run_id, false)
QUALIFY row_number() OVER (PARTITION BY r.origin ORDER BY r.run_id DESC) = 1;
