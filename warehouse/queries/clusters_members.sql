SELECT article_id, story_id FROM article_stories;
