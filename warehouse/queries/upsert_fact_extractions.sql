INSERT OR REPLACE INTO fact_extractions (
    article_id, extractor, extracted_at, facts, mentions, error, skipped
)
SELECT article_id, extractor, now(), facts, mentions, error, skipped
FROM batch_extractions;
