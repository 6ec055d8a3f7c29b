-- Near-duplicates and story clusters (issue 6), and the state that lets them grow incrementally.
--
-- Every article is clustered once: it gets a signature row, and a story. An update reads only
-- articles without a signature, places them against the stored state, and writes everything
-- below in one transaction (warehouse/clusters.py). When the clustering settings or code change
-- (cluster_state.fingerprint), the next update clears these tables and rebuilds them.
-- No foreign keys, as in 0002: articles must stay replaceable.

-- One row per clustered article: the MinHash signature that later articles are compared with.
CREATE TABLE cluster_signatures (
    article_id  VARCHAR PRIMARY KEY,
    seen        TIMESTAMP NOT NULL,       -- published_at, else first_seen_at (UTC): the earliest
                                          -- article of a near-duplicate group represents it
    signature   BLOB NOT NULL             -- num_perm little-endian uint32 MinHash values
);

-- Syndicated copies and light rewrites. Only copies have a row; duplicate_of is always the
-- group's representative (its earliest article), never another copy.
CREATE TABLE near_duplicates (
    article_id    VARCHAR PRIMARY KEY,
    duplicate_of  VARCHAR NOT NULL,
    similarity    DOUBLE NOT NULL,        -- estimated Jaccard similarity of word shingles
    CHECK (article_id <> duplicate_of),
    CHECK (similarity BETWEEN 0 AND 1)
);

CREATE TABLE stories (
    story_id         VARCHAR PRIMARY KEY, -- article_id of the report that opened the story
    label            VARCHAR NOT NULL,    -- the headline that best names its top terms
    first_seen       TIMESTAMP NOT NULL,  -- earliest / latest article: published_at, else
    last_seen        TIMESTAMP NOT NULL,  -- first_seen_at (UTC)
    first_published  TIMESTAMP,           -- earliest / latest known published_at: the date
    last_published   TIMESTAMP,           -- window a new report must fall in to join
    articles         INTEGER NOT NULL,    -- every member, syndicated copies included
    reports          INTEGER NOT NULL,    -- independent reports (copies not counted)
    top_terms        VARCHAR[] NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);

CREATE TABLE article_stories (
    article_id   VARCHAR PRIMARY KEY,
    story_id     VARCHAR NOT NULL,
    similarity   DOUBLE,                  -- cosine to the story when it joined; NULL for the
                                          -- report that opened it and for copies
    assigned_at  TIMESTAMPTZ NOT NULL
);

-- A story's term vector: the sum of its reports' term weights, best story_terms terms kept.
CREATE TABLE story_terms (
    story_id  VARCHAR NOT NULL,
    term      VARCHAR NOT NULL,
    weight    DOUBLE NOT NULL,
    PRIMARY KEY (story_id, term)
);

-- How many independent reports use each term: the document frequencies behind TF-IDF.
CREATE TABLE report_terms (
    term     VARCHAR PRIMARY KEY,
    reports  INTEGER NOT NULL
);

-- One row: what the stored state was built with, and how many reports the counts cover.
CREATE TABLE cluster_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint  VARCHAR NOT NULL,        -- settings and algorithm versions
    reports      INTEGER NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
