INSERT INTO sightings (content_hash, origin, run_id, seen_at, encoding, fetched_at)
SELECT content_hash, origin, $run_id, now(), encoding, fetched_at
FROM batch_sightings
ON CONFLICT DO NOTHING;
