INSERT INTO article_stories (article_id, story_id, similarity, assigned_at)
SELECT article_id, story_id, similarity, now() FROM cl_article_stories;
