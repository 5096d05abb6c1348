-- A region's annual consultation plan (年度协商计划): topics with target months; an activity may take up a
-- plan item, and the plan shows which were held. An activity's outcome may be published (公开成果) on a
-- public page at its code.
CREATE TABLE consultation_plan_items (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    region_id  uuid NOT NULL REFERENCES regions (id),
    year       integer NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    position   integer NOT NULL,
    topic      text NOT NULL,
    month      integer NOT NULL CHECK (month BETWEEN 1 AND 12),
    note       text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);
CREATE INDEX consultation_plan_items_plan ON consultation_plan_items (region_id, year, position);

ALTER TABLE activities ADD COLUMN plan_item_id uuid REFERENCES consultation_plan_items (id);
CREATE INDEX activities_plan_item ON activities (plan_item_id) WHERE plan_item_id IS NOT NULL;
ALTER TABLE activities ADD COLUMN published_at timestamptz;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON consultation_plan_items
    FOR EACH ROW EXECUTE FUNCTION audit_row('consultation_plan_item', 'id');
