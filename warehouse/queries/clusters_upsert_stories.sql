INSERT INTO stories (
    story_id, label, first_seen, last_seen, first_published, last_published, articles, reports,
    top_terms, updated_at
)
SELECT
    story_id, label, first_seen, last_seen, first_published, last_published, articles, reports,
    top_terms, now()
FROM cl_stories
ON CONFLICT (story_id) DO UPDATE SET
    label = excluded.label,
    first_seen = excluded.first_seen,
    last_seen = excluded.last_seen,
    first_published = excluded.first_published,
    last_published = excluded.last_published,
    articles = excluded.articles,
    reports = excluded.reports,
    top_terms = excluded.top_terms,
    updated_at = excluded.updated_at;
