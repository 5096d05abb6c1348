-- One handling engine for more than one kind of work (issue 13): an assignment, its replies and its
-- timeline entries belong to a subject, a resident's submission or a representative's suggestion
-- (代表建议). The department side of the loop reads the subject through the `handling_subjects` view, so it
-- never needs a second copy for a new kind.

-- Congress sessions (人民代表大会会议) of a region; a suggestion made between sessions has none.
CREATE TABLE congress_sessions (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    region_id  uuid NOT NULL REFERENCES regions (id),
    name       text NOT NULL,
    opens_on   date NOT NULL,
    closes_on  date NOT NULL,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CHECK (closes_on >= opens_on),
    UNIQUE (region_id, name)
);
CREATE INDEX congress_sessions_region ON congress_sessions (region_id, opens_on DESC, id);

-- The last number given per scope: a session's id, or 'between:<region id>:<year>'. Not gapless (a
-- rolled-back submit may skip one); unique through the index on suggestions.
CREATE TABLE suggestion_counters (
    scope text PRIMARY KEY,
    last  integer NOT NULL
);

CREATE TABLE suggestions (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- 第0012号 within a session, 闭-2026-0012 between sessions; given at submit
    number             text,
    region_id          uuid NOT NULL REFERENCES regions (id),
    session_id         uuid REFERENCES congress_sessions (id),
    representative_id  uuid NOT NULL REFERENCES representatives (id),
    filed_by_user_id   uuid REFERENCES users (id),
    type               text NOT NULL CHECK (type IN ('proposal', 'suggestion', 'criticism', 'opinion')),
    title              text NOT NULL,
    body               text NOT NULL,
    category           text NOT NULL REFERENCES categories (code),
    status             text NOT NULL CHECK (status IN ('draft', 'submitted', 'accepted', 'preassigned', 'assigned',
                           'answered', 'in_follow_up', 'done', 'closed', 'reopened', 'converted')),
    round              integer NOT NULL DEFAULT 1 CHECK (round >= 1),
    -- the reason of the last return for revision (shown to the representative) or of a conversion
    review_note        text,
    key_item           boolean NOT NULL DEFAULT false,
    -- the government leader who leads a key suggestion's handling (领办)
    lead_official      text,
    lead_department_id uuid REFERENCES departments (id),
    submitted_at       timestamptz,
    replied_at         timestamptz,
    closed_at          timestamptz,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    CHECK ((status = 'draft') OR number IS NOT NULL)
);
CREATE UNIQUE INDEX suggestions_number ON suggestions (region_id, coalesce(session_id::text, ''), number);
CREATE INDEX suggestions_order ON suggestions (created_at, id);
CREATE INDEX suggestions_region ON suggestions (region_id, created_at, id);
CREATE INDEX suggestions_representative ON suggestions (representative_id, created_at, id);
CREATE INDEX suggestions_session ON suggestions (session_id, created_at, id) WHERE session_id IS NOT NULL;

-- Co-signers (联名代表): invited when named, confirmed when they co-sign.
CREATE TABLE suggestion_co_signers (
    suggestion_id     uuid NOT NULL REFERENCES suggestions (id),
    representative_id uuid NOT NULL REFERENCES representatives (id),
    invited_at        timestamptz NOT NULL,
    confirmed_at      timestamptz,
    PRIMARY KEY (suggestion_id, representative_id)
);
CREATE INDEX suggestion_co_signers_representative ON suggestion_co_signers (representative_id);

-- The resident submissions a suggestion grows from (直接源自群众).
CREATE TABLE suggestion_sources (
    suggestion_id uuid NOT NULL REFERENCES suggestions (id),
    submission_id uuid NOT NULL REFERENCES submissions (id),
    PRIMARY KEY (suggestion_id, submission_id)
);
CREATE INDEX suggestion_sources_submission ON suggestion_sources (submission_id);

-- Assignments: a subject of one kind, and a term in working days or in calendar months.
ALTER TABLE assignments ALTER COLUMN submission_id DROP NOT NULL;
ALTER TABLE assignments ADD COLUMN suggestion_id uuid REFERENCES suggestions (id);
ALTER TABLE assignments ADD COLUMN subject_kind text NOT NULL DEFAULT 'submission'
    CHECK (subject_kind IN ('submission', 'suggestion'));
ALTER TABLE assignments ADD CONSTRAINT assignments_one_subject
    CHECK ((submission_id IS NOT NULL) = (subject_kind = 'submission') AND (suggestion_id IS NOT NULL) = (subject_kind = 'suggestion'));
ALTER TABLE assignments ADD COLUMN subject_id uuid GENERATED ALWAYS AS (coalesce(submission_id, suggestion_id)) STORED;
ALTER TABLE assignments ALTER COLUMN working_days DROP NOT NULL;
ALTER TABLE assignments ADD COLUMN months integer CHECK (months > 0);
ALTER TABLE assignments ADD CONSTRAINT assignments_one_term CHECK (num_nonnulls(working_days, months) = 1);
ALTER TABLE assignments ADD COLUMN extension_months integer CHECK (extension_months > 0);
CREATE INDEX assignments_suggestion ON assignments (suggestion_id, round) WHERE suggestion_id IS NOT NULL;
CREATE INDEX assignments_subject ON assignments (subject_id);

ALTER TABLE replies ALTER COLUMN submission_id DROP NOT NULL;
ALTER TABLE replies ADD COLUMN suggestion_id uuid REFERENCES suggestions (id);
ALTER TABLE replies ADD CONSTRAINT replies_one_subject CHECK (num_nonnulls(submission_id, suggestion_id) = 1);
CREATE INDEX replies_suggestion ON replies (suggestion_id, created_at) WHERE suggestion_id IS NOT NULL;

ALTER TABLE timeline_events ALTER COLUMN submission_id DROP NOT NULL;
ALTER TABLE timeline_events ADD COLUMN suggestion_id uuid REFERENCES suggestions (id);
ALTER TABLE timeline_events ADD CONSTRAINT timeline_one_subject CHECK (num_nonnulls(submission_id, suggestion_id) = 1);
CREATE INDEX timeline_suggestion ON timeline_events (suggestion_id, id) WHERE suggestion_id IS NOT NULL;

-- What the engine reads of any subject: its kind, number, short title, category, region and representative.
-- Joined as `handling_subjects h ON h.id = a.subject_id AND h.kind = a.subject_kind`.
CREATE VIEW handling_subjects AS
    SELECT 'submission'::text AS kind, s.id, s.receipt_no AS number, coalesce(s.title, left(s.content, 30)) AS title,
           s.category, s.region_id, s.representative_id, s.key_item
    FROM submissions s
    UNION ALL
    SELECT 'suggestion'::text, g.id, coalesce(g.number, ''), g.title, g.category, g.region_id, g.representative_id, g.key_item
    FROM suggestions g;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON congress_sessions
    FOR EACH ROW EXECUTE FUNCTION audit_row('congress_session', 'id');
