-- The year-end evaluation without re-reading the year (bench/worker at 1,000,000 submissions: 15 s → a
-- fraction of a second). Facts are kept where they are written instead of being recomputed every year:
--   * department_year_figures: each department's year figures, added to by every loop action (below).
--   * submissions.lead_department_id: the department of the submission's latest lead assignment (set by
--     LoopService.insertAssignment, the only place assignments are created); the spot-check pool and the
--     quarterly oversight list group by it instead of a DISTINCT ON over every assignment ever made.
--   * assignments.rating: the rating of the round, copied onto the round's lead assignments when the
--     evaluation is recorded (one evaluation closes or reopens a round, so a round has at most one).
--   * assignments.reply_working_days: the working days a reply took (WorkingCalendar.workingDays, computed
--     by LoopService.reply with the calendar as it stood then), instead of converting two instants to
--     local days and looking them up for every assignment of the year.
--   * submissions.sample_key: a uniform random number drawn at intake. A year's spot-check sample is read
--     from an index in the order of sample_key from an offset set by the year's seed (SpotCheckDraw).
-- Spot checks are stored as one sample per (year, department) with its submission ids in draw order, and
-- a verdict row per decided item: a year's sample is ~10 % of all closed submissions, and a row each
-- (with its indexes and foreign-key checks) cost seconds to write (95,130 rows: 3.8 s).

ALTER TABLE submissions ADD COLUMN lead_department_id uuid;
UPDATE submissions s SET lead_department_id = l.department_id
FROM (
    SELECT DISTINCT ON (a.submission_id) a.submission_id, a.department_id
    FROM assignments a WHERE a.role = 'lead' ORDER BY a.submission_id, a.round DESC, a.assigned_at DESC
) l
WHERE l.submission_id = s.id;
ALTER TABLE submissions ADD CONSTRAINT submissions_lead_department_id_fkey
    FOREIGN KEY (lead_department_id) REFERENCES departments (id);

ALTER TABLE submissions ADD COLUMN sample_key double precision NOT NULL DEFAULT random()
    CHECK (sample_key >= 0 AND sample_key < 1);
CREATE INDEX submissions_spot_check_pool ON submissions (lead_department_id, sample_key) INCLUDE (closed_at, id)
    WHERE status = 'closed';

ALTER TABLE assignments ADD COLUMN rating text CHECK (rating IN ('satisfied', 'basically_satisfied', 'unsatisfied'));
UPDATE assignments a SET rating = e.rating
FROM evaluations e
WHERE a.role = 'lead' AND e.submission_id = a.submission_id AND e.round = a.round;

ALTER TABLE assignments ADD COLUMN reply_working_days integer CHECK (reply_working_days >= 0);
-- Backfill for replies given before this migration: the rule of WorkingCalendar (weekends off, holidays
-- off, adjusted working days on) over calendar_days, in the configured zone (`minqing-api migrate` passes
-- MINQING_TIMEZONE as minqing.timezone). One-off; from now on the application computes it.
UPDATE assignments a SET reply_working_days = (
    SELECT count(*) FROM generate_series(d.assigned + 1, d.replied, interval '1 day') AS g(day)
    LEFT JOIN calendar_days c ON c.day = g.day::date
    WHERE coalesce(c.kind = 'workday', extract(isodow FROM g.day) < 6)
)
FROM (
    SELECT id, (assigned_at AT TIME ZONE z.name)::date AS assigned, (replied_at AT TIME ZONE z.name)::date AS replied
    FROM assignments,
         (SELECT coalesce(nullif(current_setting('minqing.timezone', true), ''), 'Asia/Shanghai') AS name) z
    WHERE replied_at IS NOT NULL
) d
WHERE a.id = d.id;

-- The year-end figures per (year, department), kept by the loop actions as they happen
-- (DepartmentYearFigures); built here from the assignments made so far. The year is the local year of the
-- assignment.
CREATE TABLE department_year_figures (
    year                integer NOT NULL,
    department_id       uuid NOT NULL REFERENCES departments (id),
    assigned            integer NOT NULL DEFAULT 0,
    replied             integer NOT NULL DEFAULT 0,
    replied_on_time     integer NOT NULL DEFAULT 0,
    satisfied           integer NOT NULL DEFAULT 0,
    basically_satisfied integer NOT NULL DEFAULT 0,
    unsatisfied         integer NOT NULL DEFAULT 0,
    -- unrated = lead_replies - rated_lead_replies
    lead_replies        integer NOT NULL DEFAULT 0,
    rated_lead_replies  integer NOT NULL DEFAULT 0,
    extensions          integer NOT NULL DEFAULT 0,
    escalations         integer NOT NULL DEFAULT 0,
    -- the working days replies took, summed, and how many replies that is
    reply_working_days  bigint NOT NULL DEFAULT 0,
    replies_timed       integer NOT NULL DEFAULT 0,
    PRIMARY KEY (year, department_id)
);
INSERT INTO department_year_figures (year, department_id, assigned, replied, replied_on_time, satisfied, basically_satisfied,
    unsatisfied, lead_replies, rated_lead_replies, extensions, escalations, reply_working_days, replies_timed)
SELECT extract(year FROM a.assigned_at AT TIME ZONE z.name)::int, a.department_id, count(*), count(a.replied_at),
       count(*) FILTER (WHERE a.replied_at <= a.due_at),
       count(*) FILTER (WHERE a.rating = 'satisfied'), count(*) FILTER (WHERE a.rating = 'basically_satisfied'),
       count(*) FILTER (WHERE a.rating = 'unsatisfied'),
       count(*) FILTER (WHERE a.role = 'lead' AND a.replied_at IS NOT NULL),
       count(*) FILTER (WHERE a.role = 'lead' AND a.replied_at IS NOT NULL AND a.rating IS NOT NULL),
       coalesce(sum(a.extension_count), 0), count(*) FILTER (WHERE a.status = 'escalated'),
       coalesce(sum(a.reply_working_days), 0), count(a.reply_working_days)
FROM assignments a, (SELECT coalesce(nullif(current_setting('minqing.timezone', true), ''), 'Asia/Shanghai') AS name) z
GROUP BY 1, 2;

CREATE TABLE spot_check_samples (
    year           integer NOT NULL,
    department_id  uuid NOT NULL REFERENCES departments (id),
    seed           bigint NOT NULL,
    -- the department's closed submissions of the year the sample was drawn from (null for samples drawn
    -- before this migration, which did not record it)
    pool_size      integer CHECK (pool_size >= 0),
    -- in draw order
    submission_ids uuid[] NOT NULL,
    created_at     timestamptz NOT NULL,
    PRIMARY KEY (year, department_id)
);

CREATE TABLE spot_check_verdicts (
    year          integer NOT NULL,
    submission_id uuid NOT NULL REFERENCES submissions (id),
    department_id uuid NOT NULL,
    verdict       text NOT NULL CHECK (verdict IN ('confirmed', 'problem_found')),
    note          text,
    decided_by    uuid REFERENCES users (id),
    decided_at    timestamptz NOT NULL,
    PRIMARY KEY (year, submission_id),
    FOREIGN KEY (year, department_id) REFERENCES spot_check_samples (year, department_id)
);

INSERT INTO spot_check_samples (year, department_id, seed, submission_ids, created_at)
SELECT year, department_id, min(seed), array_agg(submission_id ORDER BY created_at, submission_id), min(created_at)
FROM spot_checks GROUP BY year, department_id;
INSERT INTO spot_check_verdicts (year, submission_id, department_id, verdict, note, decided_by, decided_at)
SELECT year, submission_id, department_id, verdict, note, decided_by, decided_at
FROM spot_checks WHERE verdict IS NOT NULL;
DROP TABLE spot_checks;
