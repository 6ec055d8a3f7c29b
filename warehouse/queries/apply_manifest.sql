-- Manifest values over the cleaner's guesses, for every article a named file gave (a news-database
-- export's documents `file#doc=N` and a WARC's records `file#offset=N` included). An article seen
-- in several named files takes the row for its own origin first. Returns the articles changed.
UPDATE articles AS a SET
    url = coalesce(m.url, a.url),
    publisher = coalesce(m.publisher, a.publisher),
    published_at = coalesce(m.published_at, a.published_at),
    title = coalesce(m.title, a.title),
    language = coalesce(m.language, a.language)
FROM (
    SELECT s.content_hash, e.url, e.publisher, e.published_at, e.title, e.language
    FROM sightings s
    JOIN manifest_entries e
        ON e.origin = regexp_replace(s.origin, '#(offset|doc)=[0-9]+$', '')
    JOIN articles art ON art.content_hash = s.content_hash
    QUALIFY row_number() OVER (
        PARTITION BY s.content_hash ORDER BY (s.origin = art.origin) DESC, e.origin
    ) = 1
) AS m
WHERE a.content_hash = m.content_hash
  AND (a.url IS DISTINCT FROM coalesce(m.url, a.url)
       OR a.publisher IS DISTINCT FROM coalesce(m.publisher, a.publisher)
       OR a.published_at IS DISTINCT FROM coalesce(m.published_at, a.published_at)
       OR a.title IS DISTINCT FROM coalesce(m.title, a.title)
       OR a.language IS DISTINCT FROM coalesce(m.language, a.language))
RETURNING a.article_id;
