-- Articles not yet clustered, oldest first: the order they are placed in, so that within a run
-- the earliest article of a near-duplicate group is the one the others are linked to.
SELECT
    a.article_id,
    a.title,
    a.body,
    a.published_at,
    coalesce(a.published_at, timezone('UTC', a.first_seen_at)) AS seen
FROM articles a
WHERE NOT EXISTS (SELECT 1 FROM cluster_signatures s WHERE s.article_id = a.article_id)
ORDER BY seen, a.article_id;
