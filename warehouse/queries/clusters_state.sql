SELECT fingerprint, reports FROM cluster_state WHERE id = 1;
