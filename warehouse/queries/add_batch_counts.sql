-- In the batch's own transaction, so a run's counters always match what it committed.
UPDATE runs
SET articles_new = articles_new + $articles_new,
    duplicates = duplicates + $duplicates,
    rejected = rejected + $rejected,
    unchanged = unchanged + $unchanged,
    fetched = fetched + $fetched,
    skipped = skipped + $skipped
WHERE run_id = $run_id;
