-- The last run whose writes a reader could see: one that loaded, rejected, fetched or extracted
-- anything, or one that did not complete (a crash can leave committed batches without counts
-- for every stage). A completed run that found nothing new changed only its own `runs` row.
SELECT coalesce(max(run_id), 0)
FROM runs
WHERE status <> 'completed'
   OR articles_new + duplicates + rejected + coalesce(fetched, 0) + coalesce(skipped, 0)
      + coalesce(facts, 0) > 0;
