-- Reports per region: the monthly sheet, the quarterly list (and its meeting) and the annual evaluation are
-- written for every region that has departments, each ranking that region's own departments. Referrals are
-- kept one row each, so a region's sheet can say how many items it referred up.

CREATE TABLE submission_referrals (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id  uuid NOT NULL REFERENCES submissions (id),
    from_region_id uuid NOT NULL REFERENCES regions (id),
    to_region_id   uuid NOT NULL REFERENCES regions (id),
    referred_at    timestamptz NOT NULL
);
CREATE INDEX submission_referrals_at ON submission_referrals (referred_at);
CREATE INDEX submission_referrals_submission ON submission_referrals (submission_id);

-- Referrals made before this table: an item goes up one level at a time, so its k-th referral went from
-- the (k-1)-th region above its origin to the k-th.
INSERT INTO submission_referrals (submission_id, from_region_id, to_region_id, referred_at)
SELECT t.submission_id, r.path[cardinality(r.path) - t.k + 1], r.path[cardinality(r.path) - t.k], t.at
FROM (
    SELECT submission_id, at, row_number() OVER (PARTITION BY submission_id ORDER BY id)::int AS k
    FROM timeline_events WHERE action = 'referred'
) t
JOIN submissions s ON s.id = t.submission_id JOIN regions r ON r.id = s.origin_region_id
WHERE cardinality(r.path) - t.k >= 1;

-- Reports and meetings written before covered the whole deployment: they belong to its top region (the
-- oldest root; made here, like 0009 does, when there is none yet).
DO $$
DECLARE
    top uuid;
BEGIN
    IF EXISTS (SELECT 1 FROM reports) OR EXISTS (SELECT 1 FROM oversight_meetings) THEN
        SELECT id INTO top FROM regions WHERE parent_id IS NULL ORDER BY created_at, id LIMIT 1;
        IF top IS NULL THEN
            top := gen_random_uuid();
            INSERT INTO regions (id, name, level, path) VALUES (top, '本级', 'county', ARRAY[top]);
        END IF;
    END IF;
    -- a default fills the existing rows without an UPDATE (which the audit trigger would record)
    EXECUTE format('ALTER TABLE reports ADD COLUMN region_id uuid REFERENCES regions (id) DEFAULT %L', top);
    EXECUTE format('ALTER TABLE oversight_meetings ADD COLUMN region_id uuid REFERENCES regions (id) DEFAULT %L', top);
END
$$;

ALTER TABLE reports ALTER COLUMN region_id DROP DEFAULT;
ALTER TABLE oversight_meetings ALTER COLUMN region_id DROP DEFAULT;
ALTER TABLE reports ALTER COLUMN region_id SET NOT NULL;
ALTER TABLE reports DROP CONSTRAINT reports_pkey;
ALTER TABLE reports ADD PRIMARY KEY (kind, region_id, period_key, version);
ALTER TABLE oversight_meetings ALTER COLUMN region_id SET NOT NULL;
ALTER TABLE oversight_meetings DROP CONSTRAINT oversight_meetings_pkey;
ALTER TABLE oversight_meetings ADD PRIMARY KEY (region_id, quarter);

DROP TRIGGER audit ON reports;
CREATE TRIGGER audit AFTER UPDATE ON reports
    FOR EACH ROW EXECUTE FUNCTION audit_row('report', 'kind', 'region_id', 'period_key', 'version');
DROP TRIGGER audit ON oversight_meetings;
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON oversight_meetings
    FOR EACH ROW EXECUTE FUNCTION audit_row('oversight_meeting', 'region_id', 'quarter');
