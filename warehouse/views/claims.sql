-- Reported numbers cross-checked between outlets.
--
-- numeric_facts: every count, money amount, measure and percentage, its article's publisher,
--   and the interval of values the wording allows (lo..hi), read from the hedge class:
--   exact = the number; approximately = +/-10%; nearly = 90-100%; at least / more than = the
--   number upwards; up to / fewer than = up to it; ranges and vague amounts ("hundreds") =
--   value..value_max. count_facts is its counts.
-- claims: facts grouped across articles by kind, predicate (the event class), subject_key (the
--   counted noun's lemma), unit (currency, measure unit) and value (a ceiling
--   "up to 15,000" and a plain "15,000" are the same claim). corroboration = distinct
--   independent sources: a syndicated copy (near_duplicates) counts as the report it copies, so
--   a wire report reprinted by ten outlets is one source, that of its earliest article; then
--   distinct publishers, and an article without a publisher counts as a source of its own (NULLs
--   are never merged). reports = distinct independent reports; stories = the stories
--   (article_stories) the claim was reported in.
--   conflicting_values lists the values of other claims of the same kind, predicate, subject
--   and unit whose intervals do not overlap. Across stories only values within a factor of 10
--   are compared ("9 killed" and "600 killed" in unrelated reports are different groups, not
--   rival estimates); within one article or story any two are ("the navy said 40 bodies had
--   been recovered ... only three bodies had been retrieved").
-- claim_conflicts: those conflicting pairs, one row each.

-- The clustering tables come from migration 0004; these guards, identical to it, only let this
-- file also apply over a facts-only schema (tests/tasks/facts/test_warehouse_sql.py).
CREATE TABLE IF NOT EXISTS near_duplicates (
    article_id    VARCHAR PRIMARY KEY,
    duplicate_of  VARCHAR NOT NULL,
    similarity    DOUBLE NOT NULL,
    CHECK (article_id <> duplicate_of),
    CHECK (similarity BETWEEN 0 AND 1)
);
CREATE TABLE IF NOT EXISTS article_stories (
    article_id   VARCHAR PRIMARY KEY,
    story_id     VARCHAR NOT NULL,
    similarity   DOUBLE,
    assigned_at  TIMESTAMPTZ NOT NULL
);

CREATE OR REPLACE VIEW numeric_facts AS
WITH typed AS (
    SELECT
        f.fact_id,
        f.article_id,
        a.publisher,
        coalesce(d.duplicate_of, f.article_id) AS report_id,
        coalesce(r.publisher, 'article:' || coalesce(d.duplicate_of, f.article_id)) AS source_key,
        m.story_id,
        a.published_at,
        a.title,
        f.kind,
        f.predicate,
        f.predicate_lemma,
        f.subject,
        f.subject_key,
        f.value,
        f.value_max,
        f.value_from,
        f.qualifier,
        f.hedge,
        f.unit,
        f.source,
        f.via,
        f.text,
        f.sentence,
        f.start_char,
        f.end_char,
        f.extractor
    FROM facts f
    JOIN articles a USING (article_id)
    LEFT JOIN near_duplicates d ON d.article_id = f.article_id
    LEFT JOIN articles r ON r.article_id = coalesce(d.duplicate_of, f.article_id)
    LEFT JOIN article_stories m ON m.article_id = f.article_id
    WHERE f.kind IN ('count', 'money', 'measure', 'percent')
)
SELECT
    *,
    CASE hedge
        WHEN 'approximately' THEN value * 0.9
        WHEN 'nearly' THEN value * 0.9
        WHEN 'up to' THEN 0
        WHEN 'fewer than' THEN 0
        ELSE value
    END AS lo,
    CASE
        WHEN hedge IN ('at least', 'more than') THEN 'Infinity'::DOUBLE
        WHEN hedge = 'approximately' THEN value * 1.1
        ELSE coalesce(value_max, value)
    END AS hi
FROM typed;

CREATE OR REPLACE VIEW count_facts AS
SELECT * FROM numeric_facts WHERE kind = 'count';

CREATE OR REPLACE VIEW claims AS
WITH grouped AS (
    SELECT
        kind,
        predicate,
        subject_key AS subject,
        unit,
        value,
        max(value_max) AS value_max,
        coalesce(value_max, value) AS value_key,
        list(DISTINCT hedge ORDER BY hedge) FILTER (WHERE hedge IS NOT NULL) AS qualifiers,
        list(DISTINCT predicate_lemma ORDER BY predicate_lemma)
            FILTER (WHERE predicate_lemma IS NOT NULL) AS predicate_lemmas,
        count(DISTINCT source_key) AS corroboration,
        count(DISTINCT report_id) AS reports,
        count(DISTINCT article_id) AS article_count,
        list(DISTINCT story_id ORDER BY story_id) FILTER (WHERE story_id IS NOT NULL) AS stories,
        list(DISTINCT article_id ORDER BY article_id) AS articles,
        list(DISTINCT publisher ORDER BY publisher) FILTER (WHERE publisher IS NOT NULL)
            AS publishers,
        list(DISTINCT source ORDER BY source) FILTER (WHERE source IS NOT NULL) AS sources,
        list(DISTINCT via ORDER BY via) FILTER (WHERE via IS NOT NULL) AS via,
        list(DISTINCT subject ORDER BY subject) FILTER (WHERE subject IS NOT NULL)
            AS subjects_as_written,
        min(published_at) AS first_published,
        min(lo) AS lo,
        max(hi) AS hi,
        arg_min(sentence, article_id || ':' || lpad(start_char::VARCHAR, 9, '0'))
            AS example_sentence
    FROM numeric_facts
    WHERE value IS NOT NULL
    GROUP BY kind, predicate, subject_key, unit, value, coalesce(value_max, value)
),
conflicts AS (
    SELECT
        a.kind,
        a.predicate,
        a.subject,
        a.unit,
        a.value,
        a.value_key,
        list(DISTINCT b.value ORDER BY b.value) AS conflicting_values
    FROM grouped a
    JOIN grouped b
        ON a.kind = b.kind
        AND a.predicate = b.predicate
        AND a.subject = b.subject
        AND a.unit IS NOT DISTINCT FROM b.unit
        AND (a.hi < b.lo OR b.hi < a.lo)
        AND (
            greatest(a.value, b.value) <= 10 * least(a.value, b.value)
            OR list_has_any(a.articles, b.articles)
            OR list_has_any(coalesce(a.stories, []), coalesce(b.stories, []))
        )
    GROUP BY ALL
)
SELECT
    g.kind,
    g.predicate,
    g.subject,
    g.unit,
    g.value,
    g.value_max,
    coalesce(g.qualifiers, []::VARCHAR[]) AS qualifiers,
    coalesce(g.predicate_lemmas, []::VARCHAR[]) AS predicate_lemmas,
    g.corroboration,
    g.reports,
    g.article_count,
    coalesce(g.publishers, []::VARCHAR[]) AS publishers,
    coalesce(g.sources, []::VARCHAR[]) AS sources,
    coalesce(g.via, []::VARCHAR[]) AS via,
    g.articles,
    coalesce(g.stories, []::VARCHAR[]) AS stories,
    c.conflicting_values IS NOT NULL AS in_conflict,
    coalesce(c.conflicting_values, []::DOUBLE[]) AS conflicting_values,
    coalesce(g.subjects_as_written, []::VARCHAR[]) AS subjects_as_written,
    g.first_published,
    g.example_sentence
FROM grouped g
LEFT JOIN conflicts c
    ON g.kind = c.kind
    AND g.predicate = c.predicate
    AND g.subject = c.subject
    AND g.unit IS NOT DISTINCT FROM c.unit
    AND g.value = c.value
    AND g.value_key = c.value_key;

CREATE OR REPLACE VIEW claim_conflicts AS
SELECT
    a.kind,
    a.predicate,
    a.subject,
    a.unit,
    a.value AS value_a,
    a.value_max AS value_max_a,
    a.qualifiers AS qualifiers_a,
    a.sources AS sources_a,
    a.publishers AS publishers_a,
    b.value AS value_b,
    b.value_max AS value_max_b,
    b.qualifiers AS qualifiers_b,
    b.sources AS sources_b,
    b.publishers AS publishers_b
FROM claims a
JOIN claims b
    ON a.kind = b.kind
    AND a.predicate = b.predicate
    AND a.subject = b.subject
    AND a.unit IS NOT DISTINCT FROM b.unit
    AND a.value < b.value
    AND list_contains(a.conflicting_values, b.value);
