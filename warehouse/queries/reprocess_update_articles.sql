-- Same text, new metadata (a cleaner upgrade reads title, outlet or date better): updated in
-- place, from the input the article was first seen in. What the manifest says still wins, so
-- an overridden value is not counted as changed. Returns the articles changed.
UPDATE articles AS a SET
    title = n.title,
    publisher = n.publisher,
    author = n.author,
    published_at = n.published_at,
    language = n.language,
    word_count = n.word_count,
    url = n.url,
    encoding = n.encoding,
    section = n.section,
    declared_words = n.declared_words,
    load_date = n.load_date,
    copyright = n.copyright
FROM (
    SELECT
        b.content_hash, b.origin, b.author, b.word_count, b.encoding, b.section,
        b.declared_words, b.load_date, b.copyright,
        coalesce(m.title, b.title) AS title,
        coalesce(m.publisher, b.publisher) AS publisher,
        coalesce(m.published_at, b.published_at) AS published_at,
        coalesce(m.language, b.language) AS language,
        coalesce(m.url, b.url) AS url
    FROM batch_articles b
    LEFT JOIN manifest_entries m
        ON m.origin = regexp_replace(b.origin, '#(offset|doc)=[0-9]+$', '')
) AS n
WHERE a.content_hash = n.content_hash AND a.origin = n.origin
  AND (a.title IS DISTINCT FROM n.title OR a.publisher IS DISTINCT FROM n.publisher
       OR a.author IS DISTINCT FROM n.author OR a.published_at IS DISTINCT FROM n.published_at
       OR a.language IS DISTINCT FROM n.language OR a.word_count IS DISTINCT FROM n.word_count
       OR a.url IS DISTINCT FROM n.url OR a.section IS DISTINCT FROM n.section
       OR a.declared_words IS DISTINCT FROM n.declared_words
       OR a.load_date IS DISTINCT FROM n.load_date OR a.copyright IS DISTINCT FROM n.copyright)
RETURNING a.article_id;
