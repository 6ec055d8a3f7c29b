-- Same text, new metadata (a cleaner upgrade reads title, outlet or date better): updated in
-- place, from the input the article was first seen in. Returns the articles changed.
UPDATE articles AS a SET
    title = b.title,
    publisher = b.publisher,
    author = b.author,
    published_at = b.published_at,
    language = b.language,
    word_count = b.word_count,
    url = b.url,
    encoding = b.encoding,
    section = b.section,
    declared_words = b.declared_words,
    load_date = b.load_date,
    copyright = b.copyright
FROM batch_articles b
WHERE a.content_hash = b.content_hash AND a.origin = b.origin
  AND (a.title IS DISTINCT FROM b.title OR a.publisher IS DISTINCT FROM b.publisher
       OR a.author IS DISTINCT FROM b.author OR a.published_at IS DISTINCT FROM b.published_at
       OR a.language IS DISTINCT FROM b.language OR a.word_count IS DISTINCT FROM b.word_count
       OR a.url IS DISTINCT FROM b.url OR a.section IS DISTINCT FROM b.section
       OR a.declared_words IS DISTINCT FROM b.declared_words
       OR a.load_date IS DISTINCT FROM b.load_date OR a.copyright IS DISTINCT FROM b.copyright)
RETURNING a.article_id;
