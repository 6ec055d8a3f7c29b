INSERT INTO runs (flow_run_id, started_at, status, source)
VALUES ($flow_run_id, now(), 'running', $source)
RETURNING run_id;
