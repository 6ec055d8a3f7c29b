-- Called only by the holder of the writer lock, so any run still 'running' has died.
UPDATE runs
SET status = 'abandoned',
    finished_at = now(),
    error = 'the process stopped before the run finished; its committed batches are kept'
WHERE status = 'running'
RETURNING run_id;
