-- New copies, and earlier ones re-linked because an older original arrived.
INSERT INTO near_duplicates (article_id, duplicate_of, similarity)
SELECT article_id, duplicate_of, similarity FROM cl_near_duplicates
ON CONFLICT (article_id) DO UPDATE SET
    duplicate_of = excluded.duplicate_of,
    similarity = excluded.similarity;
