-- Pre-assignment (预交办) and the monthly batch (按月汇总、逐月交办) of suggestions made between sessions.

-- Proposed departments, which see the suggestion and may object until the end of the objection period
-- (3 working days).
CREATE TABLE suggestion_preassignments (
    suggestion_id uuid NOT NULL REFERENCES suggestions (id),
    department_id uuid NOT NULL REFERENCES departments (id),
    role          text NOT NULL CHECK (role IN ('lead', 'co')),
    months        integer CHECK (months BETWEEN 1 AND 6),
    proposed_at   timestamptz NOT NULL,
    object_by     timestamptz NOT NULL,
    objection     text,
    objected_at   timestamptz,
    PRIMARY KEY (suggestion_id, department_id)
);
CREATE INDEX suggestion_preassignments_department ON suggestion_preassignments (department_id);

-- One row per month the batch ran (its marker: the batch runs once, on the month's first working day).
CREATE TABLE suggestion_batches (
    month    text PRIMARY KEY,
    ran_at   timestamptz NOT NULL,
    assigned integer NOT NULL,
    waiting  integer NOT NULL
);
