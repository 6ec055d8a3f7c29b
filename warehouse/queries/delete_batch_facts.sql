-- An article's facts are replaced whole: the old extractor's rows go before the new ones land.
DELETE FROM facts WHERE article_id IN (SELECT article_id FROM batch_extractions);
