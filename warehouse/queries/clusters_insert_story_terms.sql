INSERT INTO story_terms (story_id, term, weight)
SELECT story_id, term, weight FROM cl_story_terms;
