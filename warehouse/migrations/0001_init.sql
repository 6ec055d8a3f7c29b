-- Foundation schema: runs, articles (one per content hash), sightings, rejects, and the input
-- fingerprints that let an unchanged file be skipped on the next run.

CREATE SEQUENCE run_id_seq START 1;

CREATE TABLE runs (
    run_id        BIGINT PRIMARY KEY DEFAULT nextval('run_id_seq'),
    flow_run_id   VARCHAR,                 -- Prefect flow run id: open it in the UI
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    status        VARCHAR NOT NULL,        -- running | completed | failed | abandoned
    files_seen    INTEGER NOT NULL DEFAULT 0,
    articles_new  INTEGER NOT NULL DEFAULT 0,
    duplicates    INTEGER NOT NULL DEFAULT 0,
    rejected      INTEGER NOT NULL DEFAULT 0,
    unchanged     INTEGER NOT NULL DEFAULT 0, -- inputs skipped because their bytes were already ingested
    source        VARCHAR,                 -- the seeds folder (or other input) the run read
    error         VARCHAR                  -- why a failed run failed
);

CREATE TABLE articles (
    article_id     VARCHAR PRIMARY KEY,    -- first 16 hex digits of content_hash: stable across rebuilds
    content_hash   VARCHAR NOT NULL UNIQUE, -- sha256 of the NFC, whitespace-folded cleaned body
    title          VARCHAR,
    publisher      VARCHAR,
    author         VARCHAR,
    published_at   TIMESTAMP,              -- as the source printed it (no time zone is implied)
    language       VARCHAR,                -- ISO 639-1, NULL when unsure
    body           VARCHAR NOT NULL,       -- cleaned report text, paragraphs separated by a blank line
    word_count     INTEGER NOT NULL,
    first_seen_at  TIMESTAMPTZ NOT NULL,
    run_id         BIGINT NOT NULL,        -- the run that first loaded it
    origin         VARCHAR NOT NULL,       -- where it was first seen (file path or URL)
    url            VARCHAR,                -- canonical URL when it came from the web
    source_kind    VARCHAR NOT NULL,       -- text | html
    encoding       VARCHAR                 -- detected encoding of the first input's bytes
);

CREATE TABLE sightings (
    content_hash  VARCHAR NOT NULL,
    origin        VARCHAR NOT NULL,        -- file path or URL that carried this content
    run_id        BIGINT NOT NULL,         -- the run that first saw it there
    seen_at       TIMESTAMPTZ NOT NULL,
    encoding      VARCHAR,                 -- that input's detected encoding
    PRIMARY KEY (content_hash, origin)
);

CREATE TABLE rejects (
    run_id   BIGINT NOT NULL,
    origin   VARCHAR NOT NULL,
    stage    VARCHAR NOT NULL,             -- discover | read | decode | extract | clean | fetch
    reason   VARCHAR NOT NULL,
    seen_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (run_id, origin)
);

-- What each input looked like when last processed. An input whose size and mtime, or failing
-- that whose bytes, are unchanged is not processed again.
CREATE TABLE inputs (
    origin         VARCHAR PRIMARY KEY,
    size           BIGINT NOT NULL,
    mtime_ns       BIGINT NOT NULL,
    bytes_sha256   VARCHAR NOT NULL,
    outcome        VARCHAR NOT NULL,       -- article | rejected
    content_hash   VARCHAR,                -- set when outcome = 'article'
    reason         VARCHAR,                -- set when outcome = 'rejected'
    first_run_id   BIGINT NOT NULL,
    last_run_id    BIGINT NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
