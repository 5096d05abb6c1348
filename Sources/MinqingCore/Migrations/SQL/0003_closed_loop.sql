-- The closed loop: submissions, assignments, replies, evaluations, the timeline, the working-day
-- calendar, receipt counters, idempotency keys and rate counters.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Public holidays and adjusted working days (调休); weekends are off unless listed as workdays.
CREATE TABLE calendar_days (
    day  date PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('holiday', 'workday'))
);

-- Gapless receipt numbers per year: MQ2026-000123.
CREATE TABLE receipt_counters (
    year integer PRIMARY KEY,
    last integer NOT NULL
);

CREATE TABLE submissions (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    receipt_no           text NOT NULL UNIQUE,
    tracking_token_hash  bytea NOT NULL UNIQUE,
    channel              text NOT NULL CHECK (channel IN ('code', 'reception', 'observer', 'phone', 'activity')),
    code                 text REFERENCES codes (code),
    representative_id    uuid REFERENCES representatives (id),
    station_id           uuid REFERENCES stations (id),
    filed_by_user_id     uuid REFERENCES users (id),
    filed_by_observer_id uuid REFERENCES observers (id),
    kind                 text NOT NULL CHECK (kind IN ('opinion', 'suggestion', 'complaint', 'help', 'inquiry')),
    category             text NOT NULL REFERENCES categories (code),
    title                text,
    content              text NOT NULL,
    location_address     text,
    latitude             double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude            double precision CHECK (longitude BETWEEN -180 AND 180),
    anonymous            boolean NOT NULL DEFAULT false,
    -- personal data: AES-GCM sealed boxes (MINQING_DATA_KEY); only the masked phone is kept in clear
    contact_name_sealed  bytea,
    contact_phone_sealed bytea,
    contact_phone_masked text,
    contact_name_masked  text,
    status               text NOT NULL CHECK (status IN ('submitted', 'accepted', 'rejected', 'merged', 'assigned',
                             'replied', 'closed', 'reopened')),
    round                integer NOT NULL DEFAULT 1 CHECK (round >= 1),
    key_item             boolean NOT NULL DEFAULT false,
    merged_into          uuid REFERENCES submissions (id),
    escalation_required  boolean NOT NULL DEFAULT false,
    close_reason         text CHECK (close_reason IN ('satisfied', 'basically_satisfied', 'unrated')),
    replied_at           timestamptz,
    closed_at            timestamptz,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    CHECK ((status = 'merged') = (merged_into IS NOT NULL)),
    CHECK (NOT anonymous OR contact_name_sealed IS NULL)
);
CREATE INDEX submissions_order ON submissions (created_at, id);
CREATE INDEX submissions_status ON submissions (status, created_at, id);
CREATE INDEX submissions_kind ON submissions (kind, created_at, id);
CREATE INDEX submissions_category ON submissions (category, created_at, id);
CREATE INDEX submissions_station ON submissions (station_id, created_at, id);
CREATE INDEX submissions_representative ON submissions (representative_id, created_at, id);
CREATE INDEX submissions_observer ON submissions (filed_by_observer_id, created_at, id) WHERE filed_by_observer_id IS NOT NULL;
CREATE INDEX submissions_merged_into ON submissions (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX submissions_text ON submissions USING gin ((coalesce(title, '') || ' ' || content) gin_trgm_ops);

CREATE TABLE assignments (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    submission_id          uuid NOT NULL REFERENCES submissions (id),
    round                  integer NOT NULL,
    department_id          uuid NOT NULL REFERENCES departments (id),
    role                   text NOT NULL CHECK (role IN ('lead', 'co')),
    status                 text NOT NULL CHECK (status IN ('pending', 'acknowledged', 'replied', 'returned', 'escalated')),
    working_days           integer NOT NULL CHECK (working_days > 0),
    assigned_at            timestamptz NOT NULL,
    due_at                 timestamptz NOT NULL,
    acknowledged_at        timestamptz,
    replied_at             timestamptz,
    closed_at              timestamptz,
    return_reason          text,
    extension_status       text CHECK (extension_status IN ('requested', 'approved', 'denied')),
    extension_days         integer CHECK (extension_days > 0),
    extension_reason       text,
    extension_count        integer NOT NULL DEFAULT 0,
    escalated_from         uuid REFERENCES assignments (id),
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL
);
CREATE INDEX assignments_submission ON assignments (submission_id, round);
CREATE INDEX assignments_department ON assignments (department_id, assigned_at, id);
-- open assignments by deadline: deadline scans and overdue filters
CREATE INDEX assignments_open_due ON assignments (due_at) WHERE status IN ('pending', 'acknowledged');

CREATE TABLE replies (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- null for a reply on the spot by the representative (当场答复)
    assignment_id uuid REFERENCES assignments (id),
    submission_id uuid NOT NULL REFERENCES submissions (id),
    round         integer NOT NULL,
    outcome       text NOT NULL CHECK (outcome IN ('solved', 'planned', 'explained')),
    text          text NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE INDEX replies_submission ON replies (submission_id, created_at);

CREATE TABLE evaluations (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    submission_id uuid NOT NULL REFERENCES submissions (id),
    round         integer NOT NULL,
    evaluator     text NOT NULL CHECK (evaluator IN ('resident', 'representative')),
    rating        text NOT NULL CHECK (rating IN ('satisfied', 'basically_satisfied', 'unsatisfied')),
    comment       text,
    created_at    timestamptz NOT NULL,
    UNIQUE (submission_id, round, evaluator)
);

-- Append-only history of every transition and note.
CREATE TABLE timeline_events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    submission_id uuid NOT NULL REFERENCES submissions (id),
    at            timestamptz NOT NULL,
    actor_role    text NOT NULL CHECK (actor_role IN ('resident', 'admin', 'representative', 'observer', 'department', 'system')),
    actor_id      uuid,
    action        text NOT NULL,
    from_status   text,
    to_status     text,
    note          text,
    public        boolean NOT NULL DEFAULT false,
    assignment_id uuid REFERENCES assignments (id),
    department_id uuid REFERENCES departments (id)
);
CREATE INDEX timeline_submission ON timeline_events (submission_id, id);
CREATE RULE timeline_no_update AS ON UPDATE TO timeline_events DO INSTEAD NOTHING;
CREATE RULE timeline_no_delete AS ON DELETE TO timeline_events DO INSTEAD NOTHING;

-- Idempotency-Key replay store (kept at least 24 hours).
CREATE TABLE idempotency_keys (
    scope        text NOT NULL,
    key          text NOT NULL,
    request_hash bytea NOT NULL,
    response     jsonb,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);

-- Fixed-window rate counters shared by every API replica.
CREATE TABLE rate_counters (
    bucket       text NOT NULL,
    window_start timestamptz NOT NULL,
    hits         integer NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
