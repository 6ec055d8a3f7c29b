-- An article and everything derived from it; batch_article_ids holds the ids.
DELETE FROM facts WHERE article_id IN (SELECT article_id FROM batch_article_ids);
DELETE FROM mentions WHERE article_id IN (SELECT article_id FROM batch_article_ids);
DELETE FROM fact_extractions WHERE article_id IN (SELECT article_id FROM batch_article_ids);
DELETE FROM articles WHERE article_id IN (SELECT article_id FROM batch_article_ids);
