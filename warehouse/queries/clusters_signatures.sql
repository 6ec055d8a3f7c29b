SELECT s.article_id, s.seen, s.signature, n.duplicate_of
FROM cluster_signatures s
LEFT JOIN near_duplicates n USING (article_id)
ORDER BY s.seen, s.article_id;
