-- A content hash already in the warehouse is a duplicate: it gains a sighting, not an article.
INSERT INTO articles (
    article_id, content_hash, title, publisher, author, published_at, language, body,
    word_count, first_seen_at, run_id, origin, url, source_kind, encoding,
    section, declared_words, load_date, copyright
)
SELECT
    left(content_hash, 16), content_hash, title, publisher, author, published_at, language, body,
    word_count, now(), $run_id, origin, url, source_kind, encoding,
    section, declared_words, load_date, copyright
FROM batch_articles
ON CONFLICT DO NOTHING
RETURNING content_hash;
