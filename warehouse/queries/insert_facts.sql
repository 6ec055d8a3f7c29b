INSERT INTO facts (
    fact_id, article_id, kind, subject, subject_key, predicate, value, value_max, qualifier,
    unit, source, via, text, sentence, start_char, end_char, extractor
)
SELECT
    fact_id, article_id, kind, subject, subject_key, predicate, value, value_max, qualifier,
    unit, source, via, text, sentence, start_char, end_char, extractor
FROM batch_facts
ON CONFLICT DO NOTHING;
