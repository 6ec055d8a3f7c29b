DELETE FROM story_terms WHERE story_id IN (SELECT story_id FROM cl_stories);
