SELECT story_id, term, weight FROM story_terms;
