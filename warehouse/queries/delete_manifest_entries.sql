-- The manifest is re-read whole each run: its old rows go, and any row naming the same file.
DELETE FROM manifest_entries
WHERE manifest = $manifest OR origin IN (SELECT origin FROM batch_manifest);
