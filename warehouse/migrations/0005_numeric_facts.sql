-- Facts for any story (issue 11): numbers as numbers, new kinds, predicate lemma and class.
--
-- facts.value / value_max become DOUBLE (so `where value > 100` works), with value_from for a
-- change "from 200 to 312"; kind gains money, measure and percent; predicate_lemma keeps the
-- verb or event noun as written (predicate is its class, config/predicates.toml); hedge is the
-- qualifier's class (approximately, nearly, at least, more than, up to, fewer than, exactly).
-- A date's ISO value moves to date_value / date_value_max. Rows written by the old extractor
-- are carried over (their extractor id is old, so the next run re-extracts them anyway).
--
-- mentions gain the name the article's short forms join to and the model's entity label;
-- fact_extractions gains `skipped`: why a body got no facts (language, no text, too long).
--
-- DuckDB cannot change a CHECK constraint in place, so facts is rebuilt.

CREATE TABLE facts_v5 (
    fact_id          VARCHAR PRIMARY KEY,
    article_id       VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL
        CHECK (kind IN ('count', 'money', 'measure', 'percent', 'quote', 'date')),
    subject          VARCHAR,     -- what is counted or measured, as written ('collapsed buildings')
    subject_key      VARCHAR,     -- lemma of its head noun ('building'), what claims group by
    predicate        VARCHAR,     -- event class: killed, injured, arrested, ... or the lemma
    predicate_lemma  VARCHAR,     -- the verb, adjective or event noun's lemma ('pull', 'toll')
    value            DOUBLE,      -- the number in whole units (money: units of its currency)
    value_max        DOUBLE,      -- upper end of a range or ceiling
    value_from       DOUBLE,      -- start of a change 'from 200 to 312' (value is 312)
    date_value       VARCHAR,     -- date facts: ISO 8601 ('2025-06-27', '2025-04', '2025-W26')
    date_value_max   VARCHAR,     -- date facts: end of a date range
    qualifier        VARCHAR,     -- hedge as written ('more than', 'almost'); date modifier
    hedge            VARCHAR,     -- its class (approximately, nearly, at least, up to, ...)
    unit             VARCHAR,     -- money: ISO currency; measure: unit lemma; percent: 'percent';
                                  -- count: NULL; date: precision (day, week, month, year)
    source           VARCHAR,     -- who reported it / the quote's speaker, as written
    via              VARCHAR,     -- an outer source relaying the inner one
    text             VARCHAR NOT NULL,
    sentence         VARCHAR NOT NULL,
    start_char       INTEGER NOT NULL,
    end_char         INTEGER NOT NULL,
    extractor        VARCHAR NOT NULL,
    CHECK (end_char >= start_char)
);

INSERT INTO facts_v5
SELECT
    fact_id, article_id, kind, subject, subject_key, predicate, NULL,
    CASE WHEN kind = 'date' THEN NULL ELSE try_cast(value AS DOUBLE) END,
    CASE WHEN kind = 'date' THEN NULL ELSE try_cast(value_max AS DOUBLE) END,
    NULL,
    CASE WHEN kind = 'date' THEN value END,
    CASE WHEN kind = 'date' THEN value_max END,
    qualifier, NULL, unit, source, via, text, sentence, start_char, end_char, extractor
FROM facts;

DROP TABLE facts;
ALTER TABLE facts_v5 RENAME TO facts;

ALTER TABLE mentions ADD COLUMN name VARCHAR;
ALTER TABLE mentions ADD COLUMN label VARCHAR;
ALTER TABLE fact_extractions ADD COLUMN skipped VARCHAR;
