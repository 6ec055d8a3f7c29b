-- Articles no input carries any more (every sighting re-processed into another text or a reject).
SELECT article_id FROM articles a
WHERE NOT EXISTS (SELECT 1 FROM sightings s WHERE s.content_hash = a.content_hash);
