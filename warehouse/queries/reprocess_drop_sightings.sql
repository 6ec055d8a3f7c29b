-- Re-processed inputs lose the sightings their new result no longer has (a changed text, or a
-- reject now). An export's documents (file#doc=N) belong to the file that was re-processed.
DELETE FROM sightings s
WHERE regexp_replace(s.origin, '#doc=[0-9]+$', '') IN (SELECT origin FROM batch_raw)
  AND NOT EXISTS (
      SELECT 1 FROM batch_sightings b
      WHERE b.origin = s.origin AND b.content_hash = s.content_hash
  );
