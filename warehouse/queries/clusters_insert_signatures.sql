INSERT INTO cluster_signatures (article_id, seen, signature)
SELECT article_id, seen, signature FROM cl_signatures;
