DELETE FROM mentions WHERE article_id IN (SELECT article_id FROM batch_extractions);
