-- Regions: the congress levels (province 省 → city 市 → county or district 县/区 → township or street 乡镇/街道).
-- Stations, departments, representatives and submissions belong to one; staff and leaders are bound to one
-- and reach its subtree.

CREATE TABLE regions (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name          text NOT NULL,
    level         text NOT NULL CHECK (level IN ('province', 'city', 'county', 'township')),
    parent_id     uuid REFERENCES regions (id),
    -- 行政区划代码: 6 digits down to the county, 9 for a township
    division_code text UNIQUE CHECK (division_code ~ '^([0-9]{6}|[0-9]{9})$'),
    -- the ids from the root down to this region, itself last: its subtree is every region whose path
    -- contains its id (`path @> ARRAY[id]`, served by the GIN index)
    path          uuid[] NOT NULL CHECK (path[array_length(path, 1)] = id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX regions_path ON regions USING gin (path);
CREATE INDEX regions_order ON regions (created_at, id);
CREATE INDEX regions_parent ON regions (parent_id);

ALTER TABLE stations ADD COLUMN region_id uuid REFERENCES regions (id);
ALTER TABLE departments ADD COLUMN region_id uuid REFERENCES regions (id);
ALTER TABLE representatives ADD COLUMN region_id uuid REFERENCES regions (id);
-- where the item is handled now, and where it started (they differ once it was referred up)
ALTER TABLE submissions ADD COLUMN region_id uuid REFERENCES regions (id);
ALTER TABLE submissions ADD COLUMN origin_region_id uuid REFERENCES regions (id);

-- An upgraded database keeps working: every existing row goes into one region made for it (renamed and
-- placed in a tree by an admin afterwards). A fresh database starts without regions.
DO $$
DECLARE
    region uuid := gen_random_uuid();
BEGIN
    IF EXISTS (SELECT 1 FROM stations) OR EXISTS (SELECT 1 FROM departments) OR EXISTS (SELECT 1 FROM representatives)
        OR EXISTS (SELECT 1 FROM submissions)
    THEN
        INSERT INTO regions (id, name, level, path) VALUES (region, '本级', 'county', ARRAY[region]);
        UPDATE stations SET region_id = region;
        UPDATE departments SET region_id = region;
        UPDATE representatives SET region_id = region;
        UPDATE submissions SET region_id = region, origin_region_id = region;
    END IF;
END
$$;

ALTER TABLE stations ALTER COLUMN region_id SET NOT NULL;
ALTER TABLE departments ALTER COLUMN region_id SET NOT NULL;
ALTER TABLE representatives ALTER COLUMN region_id SET NOT NULL;
ALTER TABLE submissions ALTER COLUMN region_id SET NOT NULL;
ALTER TABLE submissions ALTER COLUMN origin_region_id SET NOT NULL;
CREATE INDEX stations_region ON stations (region_id);
CREATE INDEX departments_region ON departments (region_id);
CREATE INDEX representatives_region ON representatives (region_id);
CREATE INDEX submissions_region ON submissions (region_id, created_at, id);

-- Staff and leaders of the congress of a region.
ALTER TABLE users ADD COLUMN region_id uuid REFERENCES regions (id);
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('admin', 'staff', 'leader', 'representative', 'observer', 'department'));
ALTER TABLE users ADD CONSTRAINT users_region_binding CHECK ((role IN ('staff', 'leader')) = (region_id IS NOT NULL));
CREATE INDEX users_region ON users (region_id) WHERE region_id IS NOT NULL;

-- Their actions on the timeline.
ALTER TABLE timeline_events DROP CONSTRAINT timeline_events_actor_role_check;
ALTER TABLE timeline_events ADD CONSTRAINT timeline_events_actor_role_check
    CHECK (actor_role IN ('resident', 'admin', 'staff', 'leader', 'representative', 'observer', 'department', 'system'));
