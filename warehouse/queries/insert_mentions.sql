INSERT INTO mentions (entity_id, article_id, start_char, end_char, text)
SELECT entity_id, article_id, start_char, end_char, text
FROM batch_mentions
ON CONFLICT DO NOTHING;
