-- The worker's rhythm: reminders, inbox notifications, webhook endpoints and their outbox, report
-- snapshots, oversight meetings and spot checks.

-- One row per (assignment, rung): a reminder is sent once whatever the number of workers.
CREATE TABLE reminders (
    assignment_id uuid NOT NULL REFERENCES assignments (id),
    rung          text NOT NULL,
    department_id uuid NOT NULL REFERENCES departments (id),
    sent_at       timestamptz NOT NULL,
    PRIMARY KEY (assignment_id, rung)
);
CREATE INDEX reminders_sent ON reminders (sent_at);

CREATE TABLE notifications (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    recipient_user_id uuid NOT NULL REFERENCES users (id),
    type              text NOT NULL,
    title             text NOT NULL,
    body              text NOT NULL,
    data              jsonb NOT NULL DEFAULT '{}',
    created_at        timestamptz NOT NULL,
    read_at           timestamptz
);
CREATE INDEX notifications_inbox ON notifications (recipient_user_id, (read_at IS NOT NULL), created_at DESC, id DESC);

CREATE TABLE webhook_endpoints (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- null: a global endpoint for admins (every event)
    department_id   uuid REFERENCES departments (id),
    url             text NOT NULL,
    event_types     text[],
    -- the whsec_ secret, sealed with MINQING_DATA_KEY
    secret_sealed   bytea NOT NULL,
    active          boolean NOT NULL DEFAULT true,
    disabled_reason text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX webhook_endpoints_department ON webhook_endpoints (department_id) WHERE active;

-- Transactional outbox: written in the same transaction as the event it announces.
CREATE TABLE webhook_messages (
    id              text PRIMARY KEY,  -- msg_…, sent as webhook-id on every attempt
    endpoint_id     uuid NOT NULL REFERENCES webhook_endpoints (id),
    event_type      text NOT NULL,
    payload         jsonb NOT NULL,
    state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivering', 'delivered', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    locked_until    timestamptz,
    last_status     integer,
    last_error      text,
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz
);
CREATE INDEX webhook_messages_due ON webhook_messages (next_attempt_at) WHERE state IN ('pending', 'delivering');
CREATE INDEX webhook_messages_endpoint ON webhook_messages (endpoint_id, created_at);

CREATE TABLE webhook_attempts (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id   text NOT NULL REFERENCES webhook_messages (id),
    endpoint_id  uuid NOT NULL REFERENCES webhook_endpoints (id),
    attempt      integer NOT NULL,
    attempted_at timestamptz NOT NULL,
    status_code  integer,
    error        text,
    duration_ms  integer NOT NULL
);
CREATE INDEX webhook_attempts_endpoint ON webhook_attempts (endpoint_id, attempted_at DESC);

-- Immutable report snapshots; a correction is a new version with a reason.
CREATE TABLE reports (
    kind          text NOT NULL CHECK (kind IN ('monthly', 'quarterly', 'annual')),
    period_key    text NOT NULL,
    version       integer NOT NULL DEFAULT 1,
    reason        text,
    data          jsonb NOT NULL,
    created_at    timestamptz NOT NULL,
    published_at  timestamptz,
    PRIMARY KEY (kind, period_key, version)
);

CREATE TABLE oversight_meetings (
    quarter      text PRIMARY KEY,
    meeting_date date NOT NULL,
    notes        text,
    decisions    text,
    updated_at   timestamptz NOT NULL
);

CREATE TABLE spot_checks (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    year          integer NOT NULL,
    department_id uuid NOT NULL REFERENCES departments (id),
    submission_id uuid NOT NULL REFERENCES submissions (id),
    seed          bigint NOT NULL,
    verdict       text CHECK (verdict IN ('confirmed', 'problem_found')),
    note          text,
    decided_by    uuid REFERENCES users (id),
    decided_at    timestamptz,
    created_at    timestamptz NOT NULL,
    UNIQUE (year, department_id, submission_id)
);
CREATE INDEX spot_checks_year ON spot_checks (year, department_id);
