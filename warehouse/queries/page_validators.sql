-- The newest ETag / Last-Modified per canonical URL whose processing was recorded: sent back as
-- If-None-Match / If-Modified-Since, so an unchanged page costs a 304 and no extraction.
SELECT canonical_url, etag, last_modified
FROM fetches
WHERE outcome NOT IN ('failed', 'source')
  AND (etag IS NOT NULL OR last_modified IS NOT NULL)
QUALIFY row_number() OVER (PARTITION BY canonical_url ORDER BY run_id DESC, fetched_at DESC) = 1;
