SELECT
    story_id, first_seen, last_seen, first_published, last_published, articles, reports
FROM stories
ORDER BY story_id;
