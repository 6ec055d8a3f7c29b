INSERT INTO facts (
    fact_id, article_id, kind, subject, subject_key, predicate, predicate_lemma, value,
    value_max, value_from, date_value, date_value_max, qualifier, hedge, unit, source, via,
    text, sentence, start_char, end_char, extractor
)
SELECT
    fact_id, article_id, kind, subject, subject_key, predicate, predicate_lemma, value,
    value_max, value_from, date_value, date_value_max, qualifier, hedge, unit, source, via,
    text, sentence, start_char, end_char, extractor
FROM batch_facts
ON CONFLICT DO NOTHING;
