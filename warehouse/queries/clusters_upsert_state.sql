INSERT INTO cluster_state (id, fingerprint, reports, updated_at)
VALUES (1, $fingerprint, $reports, now())
ON CONFLICT (id) DO UPDATE SET
    fingerprint = excluded.fingerprint,
    reports = excluded.reports,
    updated_at = excluded.updated_at;
