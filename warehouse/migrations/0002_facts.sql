-- Extracted facts (issue 3): counts, quotes and dates per article, the story's entity catalogue
-- and where each entity is named.
--
-- An article's facts and mentions are replaced whole, in one transaction, whenever the current
-- extractor id (tasks.facts.extractor_id: code version + catalogue fingerprint) differs from
-- fact_extractions.extractor:
--   DELETE FROM facts WHERE article_id = ?; DELETE FROM mentions WHERE article_id = ?;
--   INSERT INTO facts ...; INSERT INTO mentions ...; INSERT OR REPLACE INTO fact_extractions ...
-- fact_id is a hash of (article_id, kind, offsets, predicate, unit, extractor), so re-running
-- the same extractor writes the same ids and never duplicates a fact.
-- The catalogue is refreshed the same way: DELETE FROM entities; INSERT INTO entities ... (a
-- catalogue edit changes the extractor id, so every article is re-extracted after it).
-- No foreign keys: DuckDB cannot update or delete a parent row that a key references, and
-- articles and entities must stay replaceable.

CREATE TABLE entities (
    entity_id  VARCHAR PRIMARY KEY,         -- catalogue slug (config/entities.toml); never reused
    name       VARCHAR NOT NULL UNIQUE,     -- canonical name: what facts.source resolves to
    type       VARCHAR NOT NULL CHECK (type IN ('person', 'org', 'place')),
    aliases    VARCHAR[] NOT NULL           -- every surface form, short context forms included
);

CREATE TABLE facts (
    fact_id      VARCHAR PRIMARY KEY,
    article_id   VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL CHECK (kind IN ('count', 'quote', 'date')),
    subject      VARCHAR,                   -- count: what is counted, as written
    subject_key  VARCHAR,                   -- count: subject folded for comparison ('troops')
    predicate    VARCHAR,                   -- count: killed, wounded, casualties, deployed, ...
    value        VARCHAR,                   -- count: decimal number text; date: ISO 8601
    value_max    VARCHAR,                   -- upper bound of a range or ceiling; date range end
    qualifier    VARCHAR,                   -- count hedge (approximately, at least, up to, ...)
                                            -- or date modifier (early, late, since, ...)
    unit         VARCHAR,                   -- count: NULL, or day/week/month/year for a duration
                                            -- date: precision (day, week, month, season, year)
    source       VARCHAR,                   -- count: attribution; quote: speaker (canonical
                                            -- entity name where known, else as written)
    via          VARCHAR,                   -- who relayed the source ("lawmaker Lee, citing NIS")
    text         VARCHAR NOT NULL,          -- the fact's own text (a quote: the quotation)
    sentence     VARCHAR NOT NULL,          -- the sentence(s) holding it
    start_char   INTEGER NOT NULL,          -- offsets into articles.body: text = body[start:end]
    end_char     INTEGER NOT NULL,
    extractor    VARCHAR NOT NULL,          -- extractor id that produced the row
    CHECK (end_char >= start_char)
);

CREATE TABLE mentions (
    entity_id   VARCHAR NOT NULL,
    article_id  VARCHAR NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    text        VARCHAR NOT NULL,           -- the alias as it appears in the body
    PRIMARY KEY (article_id, start_char, end_char)
);

-- Which extractor last processed each article, so stale articles are found with one join.
CREATE TABLE fact_extractions (
    article_id    VARCHAR PRIMARY KEY,
    extractor     VARCHAR NOT NULL,
    extracted_at  TIMESTAMPTZ NOT NULL,
    facts         INTEGER NOT NULL,
    mentions      INTEGER NOT NULL
);
