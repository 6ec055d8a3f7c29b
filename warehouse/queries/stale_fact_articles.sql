-- Articles the current extractor has not processed: new ones, and all of them after the
-- extractor's code version or entity catalogue changed.
SELECT a.article_id
FROM articles a
LEFT JOIN fact_extractions x USING (article_id)
WHERE x.extractor IS DISTINCT FROM $extractor
ORDER BY a.article_id;
