SELECT origin, bytes_sha256, kind, url, charset, fetched_at FROM raw_inputs ORDER BY origin;
