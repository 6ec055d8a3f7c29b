INSERT INTO mentions (entity_id, article_id, start_char, end_char, text, name, label)
SELECT entity_id, article_id, start_char, end_char, text, name, label
FROM batch_mentions
ON CONFLICT DO NOTHING;
