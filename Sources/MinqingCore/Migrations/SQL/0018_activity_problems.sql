-- An activity's problem list (问题清单): each problem is a subject of the one handling engine, like a
-- submission or a suggestion — assigned to departments with a written-reply term in months, replied, rated
-- by the activity's representatives, reopened when unsatisfied — and keeps its activity.
CREATE TABLE activity_problems (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    activity_id        uuid NOT NULL REFERENCES activities (id),
    -- 1, 2, 3… within the activity; shown as 第3项
    seq                integer NOT NULL CHECK (seq >= 1),
    region_id          uuid NOT NULL REFERENCES regions (id),
    title              text NOT NULL,
    body               text NOT NULL,
    category           text NOT NULL REFERENCES categories (code),
    -- a resident's submission filed through the activity's code, promoted to the list
    submission_id      uuid REFERENCES submissions (id),
    status             text NOT NULL CHECK (status IN ('open', 'assigned', 'answered', 'done', 'reopened')),
    round              integer NOT NULL DEFAULT 1 CHECK (round >= 1),
    key_item           boolean NOT NULL DEFAULT false,
    lead_department_id uuid REFERENCES departments (id),
    outcome            text CHECK (outcome IN ('solved', 'planned', 'explained')),
    created_by_user_id uuid REFERENCES users (id),
    replied_at         timestamptz,
    closed_at          timestamptz,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    UNIQUE (activity_id, seq)
);
CREATE UNIQUE INDEX activity_problems_submission ON activity_problems (submission_id) WHERE submission_id IS NOT NULL;

-- The activity's representatives rate a round's answer; the first rating settles it.
CREATE TABLE problem_ratings (
    problem_id        uuid NOT NULL REFERENCES activity_problems (id),
    round             integer NOT NULL,
    representative_id uuid NOT NULL REFERENCES representatives (id),
    rating            text NOT NULL CHECK (rating IN ('satisfied', 'basically_satisfied', 'unsatisfied')),
    comment           text,
    created_at        timestamptz NOT NULL,
    PRIMARY KEY (problem_id, round)
);

-- The engine's tables take a third kind of subject.
ALTER TABLE assignments ADD COLUMN problem_id uuid REFERENCES activity_problems (id);
ALTER TABLE assignments DROP CONSTRAINT assignments_subject_kind_check;
ALTER TABLE assignments ADD CONSTRAINT assignments_subject_kind_check CHECK (subject_kind IN ('submission', 'suggestion', 'problem'));
ALTER TABLE assignments DROP CONSTRAINT assignments_one_subject;
ALTER TABLE assignments ADD CONSTRAINT assignments_one_subject
    CHECK ((submission_id IS NOT NULL) = (subject_kind = 'submission') AND (suggestion_id IS NOT NULL) = (subject_kind = 'suggestion')
           AND (problem_id IS NOT NULL) = (subject_kind = 'problem'));
DROP INDEX assignments_subject;
ALTER TABLE assignments DROP COLUMN subject_id;
ALTER TABLE assignments ADD COLUMN subject_id uuid GENERATED ALWAYS AS (coalesce(submission_id, suggestion_id, problem_id)) STORED;
CREATE INDEX assignments_subject ON assignments (subject_id);
CREATE INDEX assignments_problem ON assignments (problem_id, round) WHERE problem_id IS NOT NULL;

ALTER TABLE replies ADD COLUMN problem_id uuid REFERENCES activity_problems (id);
ALTER TABLE replies DROP CONSTRAINT replies_one_subject;
ALTER TABLE replies ADD CONSTRAINT replies_one_subject CHECK (num_nonnulls(submission_id, suggestion_id, problem_id) = 1);
CREATE INDEX replies_problem ON replies (problem_id, created_at) WHERE problem_id IS NOT NULL;

ALTER TABLE timeline_events ADD COLUMN problem_id uuid REFERENCES activity_problems (id);
ALTER TABLE timeline_events DROP CONSTRAINT timeline_one_subject;
ALTER TABLE timeline_events ADD CONSTRAINT timeline_one_subject CHECK (num_nonnulls(submission_id, suggestion_id, problem_id) = 1);
CREATE INDEX timeline_problem ON timeline_events (problem_id, id) WHERE problem_id IS NOT NULL;

-- A problem's number is its activity's place in the list; its representative is none (the activity's
-- representatives rate it).
CREATE OR REPLACE VIEW handling_subjects AS
    SELECT 'submission'::text AS kind, s.id, s.receipt_no AS number, coalesce(s.title, left(s.content, 30)) AS title,
           s.category, s.region_id, s.representative_id, s.key_item
    FROM submissions s
    UNION ALL
    SELECT 'suggestion'::text, g.id, coalesce(g.number, ''), g.title, g.category, g.region_id, g.representative_id, g.key_item
    FROM suggestions g
    UNION ALL
    SELECT 'problem'::text, p.id, '问题清单第' || p.seq || '项', p.title, p.category, p.region_id, NULL::uuid, p.key_item
    FROM activity_problems p;
