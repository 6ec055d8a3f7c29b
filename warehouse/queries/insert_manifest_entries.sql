INSERT INTO manifest_entries (
    origin, manifest, row_number, url, publisher, published_at, title, language, run_id
)
SELECT origin, $manifest, row_number, url, publisher, published_at, title, language, $run_id
FROM batch_manifest;
