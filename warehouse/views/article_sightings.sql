-- Every article with where it was seen: duplicates show up as extra origins, never extra articles.
CREATE OR REPLACE VIEW article_sightings AS
SELECT
    a.article_id,
    a.title,
    a.publisher,
    a.published_at,
    count(*) AS sightings,
    list(s.origin ORDER BY s.seen_at, s.origin) AS origins
FROM articles a
JOIN sightings s USING (content_hash)
GROUP BY ALL;
