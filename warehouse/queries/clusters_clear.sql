-- Settings or code changed: drop all clustering state so the next placement starts over.
DELETE FROM cluster_signatures;
DELETE FROM near_duplicates;
DELETE FROM stories;
DELETE FROM article_stories;
DELETE FROM story_terms;
DELETE FROM report_terms;
DELETE FROM cluster_state;
