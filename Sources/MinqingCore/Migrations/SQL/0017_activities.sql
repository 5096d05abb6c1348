-- Activities at the stations (issue 14): consultations (协商议事/面对面), talks, receptions, leader visits,
-- inspections, inquiries, report-backs and open days, each in a region and usually at a station, with the
-- representatives and officials taking part. An activity's own code (活动码) files into it.
CREATE TABLE activities (
    id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    region_id                   uuid NOT NULL REFERENCES regions (id),
    station_id                  uuid REFERENCES stations (id),
    kind                        text NOT NULL CHECK (kind IN ('consultation', 'talk', 'reception', 'leader_visit', 'inspection',
                                    'inquiry', 'report_back', 'open_day')),
    title                       text NOT NULL,
    topic                       text,
    starts_at                   timestamptz NOT NULL,
    ends_at                     timestamptz NOT NULL,
    place                       text,
    -- [{name, title, department_id?}]: the officials who attend (局长, 镇长…)
    officials                   jsonb NOT NULL DEFAULT '[]',
    -- who organises it, as written (a committee, a station); a representative's own reception names him too
    organiser                   text,
    organiser_representative_id uuid REFERENCES representatives (id),
    status                      text NOT NULL CHECK (status IN ('planned', 'held', 'closed', 'cancelled')),
    visitors                    integer CHECK (visitors >= 0),
    minutes                     text,
    created_by_user_id          uuid REFERENCES users (id),
    held_at                     timestamptz,
    closed_at                   timestamptz,
    cancelled_at                timestamptz,
    created_at                  timestamptz NOT NULL,
    updated_at                  timestamptz NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (jsonb_typeof(officials) = 'array')
);
CREATE INDEX activities_region ON activities (region_id, starts_at DESC, id);
CREATE INDEX activities_station ON activities (station_id, starts_at) WHERE station_id IS NOT NULL;

CREATE TABLE activity_representatives (
    activity_id       uuid NOT NULL REFERENCES activities (id),
    representative_id uuid NOT NULL REFERENCES representatives (id),
    PRIMARY KEY (activity_id, representative_id)
);
CREATE INDEX activity_representatives_representative ON activity_representatives (representative_id);

-- An activity code is bound to its activity (target_id = activity_id), so several activities at one station
-- each have a live code. Codes of kind 'activity' issued before were bound to a station; they keep working
-- as that station's codes (activity_id NULL).
ALTER TABLE codes ADD COLUMN activity_id uuid REFERENCES activities (id);
ALTER TABLE codes ADD CONSTRAINT codes_activity_kind CHECK (activity_id IS NULL OR (kind = 'activity' AND target_id = activity_id));

-- A submission filed through an activity's code is recorded against it (channel 'activity').
ALTER TABLE submissions ADD COLUMN activity_id uuid REFERENCES activities (id);
CREATE INDEX submissions_activity ON submissions (activity_id, created_at) WHERE activity_id IS NOT NULL;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON activities
    FOR EACH ROW EXECUTE FUNCTION audit_row('activity', 'id');
