-- Rollups for the insight reads over long periods (the dashboard over a year, hot words of a quarter): per
-- UTC day (and, for the weekly series, per UTC hour) and region, the counts a period's reads sum instead of
-- reading every row. Kept exact without contention: triggers append deltas in the writing transaction
-- (inserts only, so concurrent intakes never wait on one another), and the worker's `rollup_compaction`
-- folds them into the rollup in one transaction; a read sums the rollup and the deltas for the whole buckets
-- of its period and reads the rows of the partial buckets at its edges (RollupSpan). UTC buckets keep the
-- rollup independent of MINQING_TIMEZONE; a local day or week is then whole UTC buckets plus its edges.

-- item_terms: items and occurrences per term
CREATE TABLE term_rollup (
    bucket      timestamptz NOT NULL,
    region_id   uuid NOT NULL,
    term        text NOT NULL,
    items       integer NOT NULL,
    occurrences integer NOT NULL,
    PRIMARY KEY (region_id, bucket, term)
);
CREATE TABLE term_rollup_deltas (
    id          bigserial PRIMARY KEY,
    bucket      timestamptz NOT NULL,
    region_id   uuid NOT NULL,
    term        text NOT NULL,
    items       integer NOT NULL,
    occurrences integer NOT NULL
);
CREATE INDEX term_rollup_deltas_bucket ON term_rollup_deltas (region_id, bucket);

CREATE FUNCTION term_rollup_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO term_rollup_deltas (bucket, region_id, term, items, occurrences)
    SELECT date_trunc('day', filed_at, 'UTC'), region_id, term, count(*), sum(occurrences) FROM new_rows GROUP BY 1, 2, 3;
    RETURN NULL;
END $$;
CREATE FUNCTION term_rollup_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO term_rollup_deltas (bucket, region_id, term, items, occurrences)
    SELECT date_trunc('day', filed_at, 'UTC'), region_id, term, -count(*), -sum(occurrences) FROM old_rows GROUP BY 1, 2, 3;
    RETURN NULL;
END $$;
CREATE TRIGGER item_terms_rollup_insert AFTER INSERT ON item_terms
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION term_rollup_inserted();
CREATE TRIGGER item_terms_rollup_delete AFTER DELETE ON item_terms
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION term_rollup_deleted();
-- item_terms rows are only inserted and deleted (ItemTerms.write); an update would bypass the rollup
CREATE FUNCTION item_terms_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'item_terms rows are replaced, not updated (the term rollup counts inserts and deletes)';
END $$;
CREATE TRIGGER item_terms_no_update BEFORE UPDATE ON item_terms FOR EACH ROW EXECUTE FUNCTION item_terms_no_update();

INSERT INTO term_rollup (bucket, region_id, term, items, occurrences)
SELECT date_trunc('day', filed_at, 'UTC'), region_id, term, count(*), sum(occurrences) FROM item_terms GROUP BY 1, 2, 3;

-- submissions: `filed` per UTC day by the origin region, category and channel; `filed_hour` per UTC hour by
-- the origin region (the weekly series); `closed` per UTC day of closed_at by the region handling it and
-- category, while it stays closed
CREATE TABLE submission_rollup (
    kind      text NOT NULL CHECK (kind IN ('filed', 'filed_hour', 'closed')),
    bucket    timestamptz NOT NULL,
    region_id uuid NOT NULL,
    category  text NOT NULL,
    channel   text NOT NULL,
    n         integer NOT NULL,
    PRIMARY KEY (region_id, kind, bucket, category, channel)
);
CREATE TABLE submission_rollup_deltas (
    id        bigserial PRIMARY KEY,
    kind      text NOT NULL,
    bucket    timestamptz NOT NULL,
    region_id uuid NOT NULL,
    category  text NOT NULL,
    channel   text NOT NULL,
    n         integer NOT NULL
);
CREATE INDEX submission_rollup_deltas_bucket ON submission_rollup_deltas (region_id, kind, bucket);

-- the buckets one submission counts in
CREATE FUNCTION submission_rollup_keys(s submissions)
RETURNS TABLE (kind text, bucket timestamptz, region_id uuid, category text, channel text) LANGUAGE sql STABLE AS $$
    SELECT 'filed', date_trunc('day', s.created_at, 'UTC'), s.origin_region_id, s.category, s.channel
    UNION ALL SELECT 'filed_hour', date_trunc('hour', s.created_at, 'UTC'), s.origin_region_id, '', ''
    UNION ALL SELECT 'closed', date_trunc('day', s.closed_at, 'UTC'), s.region_id, s.category, ''
    WHERE s.status = 'closed' AND s.closed_at IS NOT NULL
$$;
CREATE FUNCTION submission_rollup_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO submission_rollup_deltas (kind, bucket, region_id, category, channel, n)
        SELECT k.kind, k.bucket, k.region_id, k.category, k.channel, -1 FROM submission_rollup_keys(OLD) k;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO submission_rollup_deltas (kind, bucket, region_id, category, channel, n)
        SELECT k.kind, k.bucket, k.region_id, k.category, k.channel, 1 FROM submission_rollup_keys(NEW) k;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER submissions_rollup_insert AFTER INSERT OR DELETE ON submissions
    FOR EACH ROW EXECUTE FUNCTION submission_rollup_changed();
-- most updates (the loop's status steps) touch none of the counted fields: they add nothing
CREATE TRIGGER submissions_rollup_update AFTER UPDATE ON submissions FOR EACH ROW
    WHEN ((OLD.created_at, OLD.origin_region_id, OLD.category, OLD.channel, OLD.status = 'closed', OLD.closed_at, OLD.region_id)
          IS DISTINCT FROM
          (NEW.created_at, NEW.origin_region_id, NEW.category, NEW.channel, NEW.status = 'closed', NEW.closed_at, NEW.region_id))
    EXECUTE FUNCTION submission_rollup_changed();

-- the existing submissions, bucket by bucket as submission_rollup_keys counts them
INSERT INTO submission_rollup (kind, bucket, region_id, category, channel, n)
SELECT 'filed', date_trunc('day', created_at, 'UTC'), origin_region_id, category, channel, count(*) FROM submissions GROUP BY 2, 3, 4, 5
UNION ALL
SELECT 'filed_hour', date_trunc('hour', created_at, 'UTC'), origin_region_id, '', '', count(*) FROM submissions GROUP BY 2, 3
UNION ALL
SELECT 'closed', date_trunc('day', closed_at, 'UTC'), region_id, category, '', count(*) FROM submissions
WHERE status = 'closed' AND closed_at IS NOT NULL GROUP BY 2, 3, 4;
