INSERT INTO sightings (content_hash, origin, run_id, seen_at, encoding)
SELECT content_hash, origin, $run_id, now(), encoding
FROM batch_sightings
ON CONFLICT DO NOTHING;
