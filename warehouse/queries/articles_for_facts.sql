SELECT article_id, body, published_at
FROM articles
WHERE article_id IN (SELECT unnest($ids::VARCHAR[]))
ORDER BY article_id;
