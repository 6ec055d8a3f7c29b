-- Headlines of the stories changed this run (cl_story_ids), oldest first: label candidates.
SELECT m.story_id, a.title
FROM article_stories m
JOIN articles a USING (article_id)
WHERE m.story_id IN (SELECT story_id FROM cl_story_ids)
    AND a.title IS NOT NULL
    AND trim(a.title) <> ''
ORDER BY m.story_id, coalesce(a.published_at, timezone('UTC', a.first_seen_at)), a.article_id;
