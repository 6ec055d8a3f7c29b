-- Fetching more coverage (issue 4): one row per URL asked for in a run, with what came back and
-- what became of it. Rows are written in the same transaction as the batch they belong to, so a
-- page's validators (ETag / Last-Modified) are only ever stored once its article has landed.
CREATE TABLE fetches (
    run_id         BIGINT NOT NULL,
    url            VARCHAR NOT NULL,        -- as discovered
    canonical_url  VARCHAR NOT NULL,        -- canonical form of final_url: the dedupe key and origin
    final_url      VARCHAR NOT NULL,        -- after redirects
    source         VARCHAR,                 -- sources-file name the URL came from
    status         INTEGER,                 -- last HTTP status; NULL when there was no response
    etag           VARCHAR,
    last_modified  VARCHAR,
    content_type   VARCHAR,
    bytes          BIGINT NOT NULL,         -- body bytes received
    elapsed_ms     INTEGER NOT NULL,        -- first request to last byte, retries included
    attempts       INTEGER NOT NULL,
    error          VARCHAR,                 -- why the fetch failed; NULL when it succeeded
    outcome        VARCHAR NOT NULL,        -- article | unchanged | not_modified | off_topic |
                                            -- rejected | failed | source
    content_hash   VARCHAR,                 -- the article it gave (article, off_topic)
    reason         VARCHAR,                 -- why it was rejected or skipped
    fetched_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (run_id, url, outcome)
);

-- An article the extractor failed on keeps a fact_extractions row with the error, so the run
-- goes on and the article is not retried until the extractor changes.
ALTER TABLE fact_extractions ADD COLUMN error VARCHAR;

-- Run counters for the new stages: pages fetched, pages skipped as off-topic, facts extracted.
ALTER TABLE runs ADD COLUMN fetched INTEGER DEFAULT 0;
ALTER TABLE runs ADD COLUMN skipped INTEGER DEFAULT 0;
ALTER TABLE runs ADD COLUMN facts INTEGER DEFAULT 0;
