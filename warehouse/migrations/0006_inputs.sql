-- Bring your own coverage (issue 13): how far each WARC file has been loaded, what was skipped in
-- it, when a sighting's input was fetched, and the fields news-database exports carry.
--
-- A WARC is loaded in chunks of records; each chunk's articles, rejects and its progress row are
-- written in one transaction, so a run killed half-way resumes at next_offset and loads no record
-- twice. Once complete, the archive also gets an `inputs` row (outcome 'archive') and is skipped
-- by size and mtime like any finished input. A changed file (size or mtime) is read again from
-- the start; records already loaded are then duplicates (a sighting exists), never new articles.
CREATE TABLE archive_progress (
    origin       VARCHAR PRIMARY KEY,     -- the archive file's path
    size         BIGINT NOT NULL,         -- size and mtime of the file the offset belongs to
    mtime_ns     BIGINT NOT NULL,
    next_offset  BIGINT NOT NULL,         -- offset of the first record not yet loaded
    complete     BOOLEAN NOT NULL,
    run_id       BIGINT NOT NULL,         -- the run that last advanced it
    started_run_id BIGINT NOT NULL,       -- the run that began reading this version of the
                                          -- file: rejects of its records from before it are stale
    updated_at   TIMESTAMPTZ NOT NULL
);

-- Records left out by design (warcinfo, request, metadata, revisit...), counted per reason.
CREATE TABLE archive_skips (
    run_id   BIGINT NOT NULL,
    origin   VARCHAR NOT NULL,            -- the archive file's path
    reason   VARCHAR NOT NULL,            -- e.g. 'request record'
    records  BIGINT NOT NULL,
    PRIMARY KEY (run_id, origin, reason)
);

-- When the input behind a sighting was fetched: a WARC record's WARC-Date; NULL for files.
ALTER TABLE sightings ADD COLUMN fetched_at TIMESTAMPTZ;

-- Fields a news-database export (Nexis / LexisNexis) states for each document; NULL otherwise.
ALTER TABLE articles ADD COLUMN section VARCHAR;          -- SECTION: e.g. 'NEWS; Pg. 3'
ALTER TABLE articles ADD COLUMN declared_words INTEGER;   -- LENGTH: the database's word count
ALTER TABLE articles ADD COLUMN load_date DATE;           -- LOAD-DATE: when the database got it
ALTER TABLE articles ADD COLUMN copyright VARCHAR;        -- the document's copyright line

-- The metadata manifest's rows, as of the last run that read it (one manifest per input folder).
-- What a row says overrides the cleaner's guess in `articles` for every article its file gave;
-- the rows stay here so an analyst can see which values came from the manifest.
CREATE TABLE manifest_entries (
    origin        VARCHAR PRIMARY KEY,    -- the input file the row names (as discovered)
    manifest      VARCHAR NOT NULL,       -- the manifest file
    row_number    INTEGER NOT NULL,       -- its data row (JSON Lines: line)
    url           VARCHAR,
    publisher     VARCHAR,
    published_at  TIMESTAMP,
    title         VARCHAR,
    language      VARCHAR,
    run_id        BIGINT NOT NULL
);

-- Every input read, with the digest of its raw bytes kept (gzip, content-addressed) in the folder
-- beside the warehouse (<db>.raw/<2 hex>/<sha256>.gz), so `newsfacts run --reprocess` can clean
-- and extract everything again without the original files or a re-fetch.
CREATE TABLE raw_inputs (
    origin        VARCHAR PRIMARY KEY,    -- file, WARC record (…#offset=N) or canonical URL
    bytes_sha256  VARCHAR NOT NULL,       -- names the blob
    kind          VARCHAR NOT NULL,       -- text | html: how the bytes are read
    url           VARCHAR,
    charset       VARCHAR,                -- transport charset hint
    fetched_at    TIMESTAMPTZ,
    run_id        BIGINT NOT NULL,        -- the run that stored these bytes
    stored_at     TIMESTAMPTZ NOT NULL
);
