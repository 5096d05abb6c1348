-- Scheduler engine: a period ledger (one row per job kind and period) and a per-kind cursor.
-- See docs/ARCHITECTURE.md, "Scheduler guarantees".

CREATE TABLE job_cursors (
    kind            text PRIMARY KEY,
    -- nominal occurrence of the newest period already enqueued; only ever moves forward
    last_nominal_at timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE job_runs (
    kind             text NOT NULL,
    period_key       text NOT NULL,
    nominal_at       timestamptz NOT NULL,
    state            text NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'running', 'succeeded', 'failed')),
    attempt          integer NOT NULL DEFAULT 0 CHECK (attempt >= 0),
    max_attempts     integer NOT NULL CHECK (max_attempts > 0),
    run_after        timestamptz NOT NULL,
    lease_owner      text,
    lease_expires_at timestamptz,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    started_at       timestamptz,
    finished_at      timestamptz,
    PRIMARY KEY (kind, period_key),
    CHECK ((state = 'running') = (lease_owner IS NOT NULL AND lease_expires_at IS NOT NULL))
);

CREATE INDEX job_runs_claimable ON job_runs (run_after) WHERE state = 'pending';
CREATE INDEX job_runs_leased ON job_runs (lease_expires_at) WHERE state = 'running';
CREATE INDEX job_runs_finished ON job_runs (kind, finished_at) WHERE state = 'succeeded';
