INSERT OR REPLACE INTO fact_extractions (article_id, extractor, extracted_at, facts, mentions, error)
SELECT article_id, extractor, now(), facts, mentions, error
FROM batch_extractions;
