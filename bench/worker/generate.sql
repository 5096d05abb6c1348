-- Synthetic year for bench/worker/run.sh: the registry, then 2026's submissions with their assignments,
-- replies, evaluations and reminders, in chunks. Needs a migrated, empty database (the categories come
-- with the migrations). run.sh drives it; by hand:
--
--   psql -X -q -v part=registry -f bench/worker/generate.sql "$DATABASE_URL"
--   psql -X -q -v part=chunk -v first=1 -v last=50000 -v total=1000000 -f bench/worker/generate.sql "$DATABASE_URL"
--   …                                   (first/last up to total, in order; each chunk is one transaction)
--   psql -X -q -v part=summary -v total=1000000 -f bench/worker/generate.sql "$DATABASE_URL"
--
-- Deterministic: ids are md5 of a fixed text and a number, and each chunk seeds random() from its first
-- row, so the same total and chunk boundaries always give the same rows (an interrupted run can resume).
--
-- The world it describes is the state at the deadline scan's instant, 2027-01-05 10:00 (+08), a Tuesday:
--   registry     2,000 departments on three levels (40 city bureaus, 360 county offices each under a city
--                bureau, 1,600 township offices each under a county office), one department user each
--                and 3 admins; 64 stations (1 hub, 3 centres, 60 stations), 300 representatives with
--                their codes and the 60 stations' codes; the 2026 public holidays and adjusted working
--                days in calendar_days (they shape the due dates only);
--   submissions  total, created_at evenly over 2026 in Asia/Shanghai local time, in insertion order (the
--                heap is ordered by created_at as a real table is); 80 % filed through a code (60 %
--                representative, 20 % station), 10 % at a reception, 5 % by phone, 5 % at an activity;
--                kinds opinion 25 %, suggestion 30 %, complaint 20 %, help 15 %, inquiry 10 % (15, 15, 5,
--                5 and 3 working days); 28 categories, skewed; the title one of three sentences of the
--                category, the text that sentence, a detail and a request (for the hot words' terms);
--                lead_department_id is the department of the latest lead assignment (as
--                LoopService.insertAssignment sets it), sample_key a uniform number
--                in [0, 1) from an md5 of the submission's number (the product draws random() at intake);
--   assignments  every submission one lead, every fifth a second assignment: a co-handler, or for ~1.4 % of
--                all submissions (those rated unsatisfied, early enough in the year) the round-2 lead after
--                the reopening, so assignments = 1.2 × total exactly. Departments skewed (a few get
--                thousands, most a few hundred), in a shuffled order so the skew is not by level.
--                Assigned 0.5–24 h after filing; due at the end of the N-th working day after; a replied
--                one carries the working days its reply took (reply_working_days). A lead
--                assignment carries its round's rating when the round was rated (as LoopService.evaluate
--                copies it), a co-handler none.
--                ~2 % of submissions are still open (lead pending or acknowledged) after an approved
--                extension, due between 2027-02-05 and 2027-04 (more than 30 days after the scan instant);
--                the rest replied: 92 % on time, 8 % late by 0.2–20 days; no reply, rating or assignment
--                after the end of 2026;
--   evaluations  70 % of replies rated within 0.1–13 days (before the end of 2026): 80 % satisfied, 20 %
--                basically satisfied, plus the round-1 unsatisfied ratings of the reopened ones. Unrated
--                replies older than the 15-day rating window at the scan instant are closed as unrated
--                (as the scan did); younger ones are still `replied`;
--   reminders    what the ladder sent: due soon (3 working days before), due today, overdue by 1, 4, 7 …
--                working days, escalation at 5, each at 08:30 of its working day while the assignment was
--                open;
--   nothing is due at the scan instant: no open assignment is due within 21 days (the scan's horizon),
--   no `replied` submission is past the rating window. The summary part checks both.
--   department_year_figures: the year figures of each department, added up per chunk from its assignments (as
--                the loop actions add them one by one).
-- Not generated: timeline events, notifications, webhooks, reports, spot-check samples and verdicts (nothing
-- references them; the annual evaluation draws the spot checks).

\set ON_ERROR_STOP on
\if :{?part}
\else
\set part registry
\endif
\if :{?total}
\else
\set total 1000000
\endif
\set tz 'Asia/Shanghai'
\set year_start '2026-01-01 00:00:00+08'
\set year_end '2027-01-01 00:00:00+08'
\set scan_at '2027-01-05 10:00:00+08'

SET jit = off;
SET synchronous_commit = off;
SET work_mem = '64MB';
-- one process draws every random number, in order, so a seed gives the same rows
SET max_parallel_workers_per_gather = 0;

SELECT :'part' = 'registry' AS gen_registry, :'part' = 'chunk' AS gen_chunk, :'part' = 'summary' AS gen_summary \gset

-- The one region (made with the registry) as the default of every row's region, for each part: the chunks'
-- submissions need it as much as the registry (a part's end drops it again).
ALTER TABLE departments ALTER COLUMN region_id SET DEFAULT md5('minqing-worker-bench/region')::uuid;
ALTER TABLE stations ALTER COLUMN region_id SET DEFAULT md5('minqing-worker-bench/region')::uuid;
ALTER TABLE representatives ALTER COLUMN region_id SET DEFAULT md5('minqing-worker-bench/region')::uuid;
ALTER TABLE submissions ALTER COLUMN region_id SET DEFAULT md5('minqing-worker-bench/region')::uuid,
                        ALTER COLUMN origin_region_id SET DEFAULT md5('minqing-worker-bench/region')::uuid;

\if :gen_registry
-- ============================================================================================ registry
BEGIN;

-- 2026 as published (国务院办公厅), and New Year's Day 2027
INSERT INTO calendar_days (day, kind)
SELECT d::date, 'holiday' FROM unnest(ARRAY[
    '2026-01-01', '2026-01-02', '2026-01-03',
    '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
    '2026-04-04', '2026-04-05', '2026-04-06',
    '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
    '2026-06-19', '2026-06-20', '2026-06-21',
    '2026-09-25', '2026-09-26', '2026-09-27',
    '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
    '2027-01-01']) AS d
UNION ALL
SELECT d::date, 'workday' FROM unnest(ARRAY['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) AS d
ON CONFLICT (day) DO NOTHING;

-- departments: 1–40 city bureaus, 41–400 county offices (parent: a city bureau), 401–2000 township offices
-- (parent: a county office); inserted parents first
-- One region for the whole generated registry (migration 0009), made here; every row gets it as its column
-- default (set before each part, dropped again at its end).
INSERT INTO regions (id, name, level, path)
VALUES (md5('minqing-worker-bench/region')::uuid, '压测区', 'county', ARRAY[md5('minqing-worker-bench/region')::uuid]);

INSERT INTO departments (id, name, level, parent_id, contact_person, phone, created_at, updated_at)
SELECT md5('minqing-worker-bench/department/' || i)::uuid,
       CASE WHEN i <= 40 THEN '市' || b.names[1 + (i - 1) % 20] || CASE WHEN i > 20 THEN '（二分局）' ELSE '' END
            WHEN i <= 400 THEN p.places[1 + (i - 41) % 30] || '区' || b.names[1 + (i - 41) % 20]
            ELSE p.places[1 + (i - 401) % 30] || t.towns[1 + ((i - 401) / 30) % 40] || '街道' || o.offices[1 + (i - 401) % 12]
       END,
       CASE WHEN i <= 40 THEN 'city' WHEN i <= 400 THEN 'county' ELSE 'township' END,
       CASE WHEN i > 400 THEN md5('minqing-worker-bench/department/' || (41 + (i - 401) % 360))::uuid
            WHEN i > 40 THEN md5('minqing-worker-bench/department/' || (1 + (i - 41) % 40))::uuid END,
       '联系人' || i,
       '0571-' || lpad((80000000 + i * 37)::text, 8, '0'),
       '2025-12-01 09:00:00+08'::timestamptz + i * interval '1 minute',
       '2025-12-01 09:00:00+08'::timestamptz + i * interval '1 minute'
FROM generate_series(1, 2000) AS i,
     (SELECT ARRAY['住建局', '交通运输局', '教育局', '卫健委', '民政局', '人社局', '生态环境局', '城管局', '市场监管局',
                   '公安局', '水利局', '农业农村局', '文广旅体局', '商务局', '发改局', '自然资源局', '应急管理局',
                   '医保局', '残联', '信访局'] AS names) b,
     (SELECT ARRAY['上城', '拱墅', '西湖', '滨江', '萧山', '余杭', '临平', '钱塘', '富阳', '临安', '桐庐', '淳安', '建德',
                   '江干', '下城', '湖墅', '之江', '良渚', '瓜沥', '义蓬', '塘栖', '径山', '闲林', '仓前', '五常', '蒋村',
                   '转塘', '双浦', '长河', '浦沿'] AS places) p,
     (SELECT ARRAY['东', '西', '南', '北', '中', '新', '城', '湖', '江', '山', '河', '桥', '塘', '湾', '港', '溪', '园',
                   '岭', '坞', '桥头', '新塘', '长安', '永兴', '宁围', '新街', '北干', '蜀山', '戴村', '河上', '楼塔',
                   '进化', '所前', '义桥', '浦阳', '临浦', '党湾', '益农', '靖江', '南阳', '闻堰'] AS towns) t,
     (SELECT ARRAY['城建办', '社会事务办', '平安办', '经济发展办', '农业办', '综合执法队', '社区服务中心', '环卫所',
                   '党建办', '便民服务中心', '规划建设办', '民生服务办'] AS offices) o
ORDER BY i;

-- stations: 1 hub, 3 centres, 60 stations under the centres
INSERT INTO stations (id, name, level, parent_id, category, address, reception_schedule, phone, created_at, updated_at)
SELECT md5('minqing-worker-bench/station/' || i)::uuid,
       CASE WHEN i = 1 THEN '区人大代表联络总站' WHEN i <= 4 THEN '代表联络中心站' || (i - 1) ELSE '代表联络站' || (i - 4) END,
       CASE WHEN i = 1 THEN 'hub' WHEN i <= 4 THEN 'centre' ELSE 'station' END,
       CASE WHEN i = 1 THEN NULL WHEN i <= 4 THEN md5('minqing-worker-bench/station/1')::uuid
            ELSE md5('minqing-worker-bench/station/' || (2 + (i - 5) % 3))::uuid END,
       (ARRAY['community', 'industry', 'livelihood', 'enterprise', 'school', 'talent', 'other'])[1 + i % 7],
       '杭州市滨江区联络路' || i || '号',
       '{"weekdays": [2, 4], "from": "14:00", "to": "17:00"}'::jsonb,
       '0571-' || lpad((86000000 + i)::text, 8, '0'),
       '2025-12-01 08:00:00+08'::timestamptz + i * interval '1 minute',
       '2025-12-01 08:00:00+08'::timestamptz + i * interval '1 minute'
FROM generate_series(1, 64) AS i ORDER BY i;

-- representatives 1–300, home station 5 + (i - 1) % 60
INSERT INTO representatives (id, name, level, sector, home_station_id, phone, term_ends_on, created_at, updated_at)
SELECT md5('minqing-worker-bench/representative/' || i)::uuid,
       '代表' || i,
       (ARRAY['county', 'county', 'county', 'township', 'city', 'provincial', 'national'])[1 + i % 7],
       (ARRAY['社区', '企业', '教育', '医疗', '农业', '法律'])[1 + i % 6],
       md5('minqing-worker-bench/station/' || (5 + (i - 1) % 60))::uuid,
       '139' || lpad((i * 7919 % 100000000)::text, 8, '0'),
       date '2027-12-31',
       '2025-12-01 10:00:00+08'::timestamptz + i * interval '1 minute',
       '2025-12-01 10:00:00+08'::timestamptz + i * interval '1 minute'
FROM generate_series(1, 300) AS i ORDER BY i;

-- codes: one per representative (r…) and per station 5–64 (s…); letters a–h and digits 2–9 only
INSERT INTO codes (code, kind, representative_id, station_id, target_id, created_at)
SELECT 'r' || translate(left(md5('minqing-worker-bench/code/representative/' || i), 15), '01', 'gh'), 'representative',
       md5('minqing-worker-bench/representative/' || i)::uuid,
       md5('minqing-worker-bench/station/' || (5 + (i - 1) % 60))::uuid,
       md5('minqing-worker-bench/representative/' || i)::uuid,
       '2025-12-02 10:00:00+08'::timestamptz + i * interval '1 minute'
FROM generate_series(1, 300) AS i
UNION ALL
SELECT 's' || translate(left(md5('minqing-worker-bench/code/station/' || i), 15), '01', 'gh'), 'station', NULL,
       md5('minqing-worker-bench/station/' || i)::uuid, md5('minqing-worker-bench/station/' || i)::uuid,
       '2025-12-02 09:00:00+08'::timestamptz + i * interval '1 minute'
FROM generate_series(5, 64) AS i;

-- one user per department (the inbox of monthly sheets and reminder digests) and three admins; nobody logs
-- in, so the password hash is a placeholder no password matches
INSERT INTO users (id, username, password_hash, role, department_id, created_at, updated_at)
SELECT md5('minqing-worker-bench/user/department/' || i)::uuid, 'dept' || lpad(i::text, 4, '0'), '!bench', 'department',
       md5('minqing-worker-bench/department/' || i)::uuid,
       '2025-12-03 09:00:00+08'::timestamptz, '2025-12-03 09:00:00+08'::timestamptz
FROM generate_series(1, 2000) AS i
UNION ALL
SELECT md5('minqing-worker-bench/user/admin/' || i)::uuid, 'benchadmin' || i, '!bench', 'admin', NULL,
       '2025-12-03 09:00:00+08'::timestamptz, '2025-12-03 09:00:00+08'::timestamptz
FROM generate_series(1, 3) AS i;

COMMIT;

\elif :gen_chunk
-- ============================================================================================ one chunk
\if :{?first}
\else
\echo 'part=chunk needs -v first=… -v last=… -v total=…'
SELECT 1 / 0 AS missing_first;
\endif
BEGIN;
SELECT setseed(:first::float8 / (:total::float8 + 1)) \gset gen_unused_
SELECT array_agg(code ORDER BY position)::text AS cats, count(*) AS n_cats FROM categories WHERE active \gset gen_

-- Working days around the year: idx counts the working days up to and including the day (weekends off,
-- calendar_days overrides), so the N-th working day after day D is the working day with idx(D) + N.
CREATE TEMP TABLE gen_days ON COMMIT DROP AS
SELECT day, working, (count(*) FILTER (WHERE working) OVER (ORDER BY day))::int AS idx
FROM (SELECT g::date AS day, coalesce(c.kind = 'workday', extract(isodow FROM g) < 6) AS working
      FROM generate_series(date '2025-12-01', date '2027-12-31', interval '1 day') AS g
      LEFT JOIN calendar_days c ON c.day = g::date) d;
CREATE UNIQUE INDEX ON gen_days (day);
CREATE TEMP TABLE gen_wd ON COMMIT DROP AS SELECT idx, day FROM gen_days WHERE working;
CREATE UNIQUE INDEX ON gen_wd (idx);
ANALYZE gen_days;
ANALYZE gen_wd;

-- Submissions and the round-1 lead: every random number drawn once per row (OFFSET 0 keeps them there).
CREATE TEMP TABLE gen_s ON COMMIT DROP AS
SELECT r.*, c.created_at, k.kind, w.wd, a.assigned_at,
       ((dd.day + time '23:59:59') AT TIME ZONE :'tz') AS due_at, da.idx + w.wd AS due_idx,
       CASE WHEN da.working THEN da.idx ELSE da.idx + 1 END AS start_idx
FROM (
    SELECT n,
        random() AS r_time, random() AS r_assign, random() AS r_kind, random() AS r_category, random() AS r_channel,
        1 + floor(power(random(), 1.7) * 300)::int AS rep,
        5 + floor(power(random(), 1.3) * 60)::int AS station,
        random() < 0.08 AS anonymous, random() AS r_text,
        -- the lead department and the second one (shuffled so that the skew is not by level)
        1 + (floor(power(random(), 1.6) * 2000)::int * 7919) % 2000 AS lead_dept,
        1 + (floor(power(random(), 1.6) * 2000)::int * 7919) % 2000 AS other_dept,
        random() AS r_open, random() AS r_late, random() AS r_reply, random() AS r_cap, random() AS r_ack,
        random() AS r_rate, random() AS r_evald, random() AS r_rating, random() AS r_evaluator, random() AS r_auto,
        random() AS r_second, random() AS r_co, random() AS r_co_reply, random() AS r_ext,
        random() AS r_rate2, random() AS r_evald2, random() AS r_rating2, random() AS r_reply2, random() AS r_late2,
        random() AS r_assign2, random() AS r_same, random() AS r_outcome
    FROM generate_series(:first, :last) AS n
    OFFSET 0
) r
CROSS JOIN LATERAL (SELECT :'year_start'::timestamptz
                           + (r.n - 1 + r.r_time) * ((:'year_end'::timestamptz - :'year_start'::timestamptz) / :total) AS created_at) c
CROSS JOIN LATERAL (SELECT CASE WHEN r.r_kind < 0.25 THEN 'opinion' WHEN r.r_kind < 0.55 THEN 'suggestion'
                                WHEN r.r_kind < 0.75 THEN 'complaint' WHEN r.r_kind < 0.90 THEN 'help' ELSE 'inquiry' END AS kind) k
CROSS JOIN LATERAL (SELECT CASE k.kind WHEN 'complaint' THEN 5 WHEN 'help' THEN 5 WHEN 'inquiry' THEN 3 ELSE 15 END AS wd) w
CROSS JOIN LATERAL (SELECT least(c.created_at + (0.5 + 23.5 * r.r_assign) * interval '1 hour',
                                 c.created_at + (:'year_end'::timestamptz - c.created_at) / 2) AS assigned_at) a
JOIN gen_days da ON da.day = (a.assigned_at AT TIME ZONE :'tz')::date
JOIN gen_wd dd ON dd.idx = da.idx + w.wd;

-- Round 1: the lead's reply (or the extended due time of the open ones) and the rating.
CREATE TEMP TABLE gen_r1 ON COMMIT DROP AS
SELECT s.*, x.reply1,
       x.reply1 IS NOT NULL AND s.n % 5 = 0 AND s.r_second < 0.07
           AND x.reply1 < :'year_end'::timestamptz - interval '8 days' AS reopened,
       ((ed.day + time '23:59:59') AT TIME ZONE :'tz') AS open_due_at, ed.idx - s.due_idx AS extension_days
FROM gen_s s
CROSS JOIN LATERAL (
    SELECT CASE WHEN s.r_open < 0.02 THEN NULL
                WHEN raw < :'year_end'::timestamptz THEN raw
                ELSE s.assigned_at + (:'year_end'::timestamptz - s.assigned_at) * (0.1 + 0.85 * s.r_cap) END AS reply1
    FROM (SELECT CASE WHEN s.r_late < 0.08 THEN s.due_at + (0.2 + 20 * power(s.r_reply, 2)) * interval '1 day'
                      ELSE s.assigned_at + (s.due_at - s.assigned_at) * (0.05 + 0.9 * s.r_reply) END AS raw) rr
) x
-- open ones: an approved extension to a working day 2027-02-05 … about 2027-04
JOIN gen_wd ed ON ed.idx = (SELECT idx FROM gen_days WHERE day = date '2027-02-05') + floor(s.r_ext * 40)::int;

CREATE TEMP TABLE gen_e1 ON COMMIT DROP AS
SELECT r.*, e.eval1,
       CASE WHEN r.reopened THEN 'unsatisfied'
            WHEN e.eval1 IS NOT NULL THEN CASE WHEN r.r_rating < 0.80 THEN 'satisfied' ELSE 'basically_satisfied' END END AS rating1
FROM gen_r1 r
CROSS JOIN LATERAL (
    SELECT CASE WHEN r.reopened THEN r.reply1 + (0.1 + 5 * r.r_evald) * interval '1 day'
                WHEN r.reply1 IS NOT NULL AND r.r_rate < 0.70
                     AND r.reply1 + (0.1 + 13 * power(r.r_evald, 2)) * interval '1 day' < :'year_end'::timestamptz
                THEN r.reply1 + (0.1 + 13 * power(r.r_evald, 2)) * interval '1 day' END AS eval1
) e;

-- Round 2 of the reopened ones: re-assigned the next day (60 % to the same department), replied, rated or not.
CREATE TEMP TABLE gen_r2 ON COMMIT DROP AS
SELECT e.n, x.assigned2, ((dd.day + time '23:59:59') AT TIME ZONE :'tz') AS due2, da.idx + e.wd AS due2_idx,
       CASE WHEN da.working THEN da.idx ELSE da.idx + 1 END AS start2_idx
FROM gen_e1 e
CROSS JOIN LATERAL (SELECT least(e.eval1 + (1 + 23 * e.r_assign2) * interval '1 hour',
                                 e.eval1 + (:'year_end'::timestamptz - e.eval1) / 2) AS assigned2) x
JOIN gen_days da ON da.day = (x.assigned2 AT TIME ZONE :'tz')::date
JOIN gen_wd dd ON dd.idx = da.idx + e.wd
WHERE e.reopened;
CREATE UNIQUE INDEX ON gen_r2 (n);

CREATE TEMP TABLE gen_sub ON COMMIT DROP AS
SELECT e.*, r2.assigned2, r2.due2, r2.due2_idx, r2.start2_idx, y.reply2, z.eval2,
       CASE WHEN z.eval2 IS NOT NULL THEN CASE WHEN e.r_rating2 < 0.60 THEN 'satisfied' ELSE 'basically_satisfied' END END AS rating2
FROM gen_e1 e
LEFT JOIN gen_r2 r2 ON r2.n = e.n
LEFT JOIN LATERAL (
    SELECT CASE WHEN raw < :'year_end'::timestamptz THEN raw
                ELSE r2.assigned2 + (:'year_end'::timestamptz - r2.assigned2) * (0.1 + 0.85 * e.r_cap) END AS reply2
    FROM (SELECT CASE WHEN e.r_late2 < 0.15 THEN r2.due2 + (0.2 + 10 * power(e.r_reply2, 2)) * interval '1 day'
                      ELSE r2.assigned2 + (r2.due2 - r2.assigned2) * (0.05 + 0.9 * e.r_reply2) END AS raw) rr
    WHERE r2.n IS NOT NULL
) y ON true
LEFT JOIN LATERAL (
    SELECT y.reply2 + (0.1 + 13 * power(e.r_evald2, 2)) * interval '1 day' AS eval2
    WHERE y.reply2 IS NOT NULL AND e.r_rate2 < 0.70
      AND y.reply2 + (0.1 + 13 * power(e.r_evald2, 2)) * interval '1 day' < :'year_end'::timestamptz
) z ON true;

-- The submission's state: open, closed by a rating, closed as unrated by the scan after the rating
-- window, or still `replied` inside it.
CREATE TEMP TABLE gen_final ON COMMIT DROP AS
SELECT s.*, f.final_reply, f.final_eval, f.final_rating,
       CASE WHEN s.reply1 IS NULL THEN 'assigned'
            WHEN f.final_eval IS NOT NULL THEN 'closed'
            WHEN f.final_reply + interval '15 days' <= :'scan_at'::timestamptz THEN 'closed'
            ELSE 'replied' END AS status,
       CASE WHEN s.reply1 IS NULL THEN NULL
            WHEN f.final_eval IS NOT NULL THEN f.final_eval
            WHEN f.final_reply + interval '15 days' <= :'scan_at'::timestamptz
            THEN f.final_reply + interval '15 days' + s.r_auto * interval '5 minutes' END AS closed_at,
       CASE WHEN s.n % 5 <> 0 THEN 'none' WHEN s.reopened THEN 'round2' ELSE 'co' END AS second,
       o.second_dept,
       -- the latest lead (submissions.lead_department_id): the round-2 one of the reopened, 60 % in the same department
       CASE WHEN s.reopened AND s.r_same >= 0.6 THEN o.second_dept ELSE s.lead_dept END AS last_lead_dept
FROM gen_sub s
CROSS JOIN LATERAL (SELECT coalesce(s.reply2, s.reply1) AS final_reply,
                           CASE WHEN s.reopened THEN s.eval2 ELSE s.eval1 END AS final_eval,
                           CASE WHEN s.reopened THEN s.rating2 ELSE s.rating1 END AS final_rating) f
CROSS JOIN LATERAL (SELECT CASE WHEN s.other_dept = s.lead_dept THEN 1 + s.other_dept % 2000 ELSE s.other_dept END AS second_dept) o;

INSERT INTO submissions (id, receipt_no, tracking_token_hash, channel, code, representative_id, station_id, filed_by_user_id,
    kind, category, title, content, location_address, latitude, longitude, anonymous,
    contact_name_sealed, contact_phone_sealed, contact_phone_masked, contact_name_masked, status, round, key_item,
    escalation_required, close_reason, replied_at, closed_at, lead_department_id, sample_key, created_at, updated_at)
SELECT
    md5('minqing-worker-bench/submission/' || n)::uuid,
    'MQ2026-' || lpad(n::text, 7, '0'),
    sha256(convert_to('minqing-worker-bench/token/' || n, 'UTF8')),
    ch.channel,
    CASE WHEN r_channel < 0.60 THEN 'r' || translate(left(md5('minqing-worker-bench/code/representative/' || rep), 15), '01', 'gh')
         WHEN r_channel < 0.80 THEN 's' || translate(left(md5('minqing-worker-bench/code/station/' || station), 15), '01', 'gh') END,
    CASE WHEN r_channel < 0.60 OR r_channel >= 0.95 THEN md5('minqing-worker-bench/representative/' || rep)::uuid END,
    CASE WHEN r_channel < 0.60 OR r_channel >= 0.95 THEN md5('minqing-worker-bench/station/' || (5 + (rep - 1) % 60))::uuid
         WHEN r_channel < 0.90 THEN md5('minqing-worker-bench/station/' || station)::uuid END,
    CASE WHEN r_channel >= 0.80 AND r_channel < 0.95 THEN md5('minqing-worker-bench/user/admin/' || (1 + n % 3))::uuid END,
    kind,
    (:'gen_cats'::text[])[x.cat],
    t.topic,
    t.topic || '，' || t.detail || '，' || t.request || '。',
    '杭州市滨江区' || t.place || '社区' || (1 + n % 40) || '幢',
    CASE WHEN r_text < 0.3 THEN 30.18 + r_text / 5 END,
    CASE WHEN r_text < 0.3 THEN 120.15 + r_text / 3 END,
    anonymous,
    CASE WHEN NOT anonymous THEN '\x3ace538cda79debb3db117fa6cbbd93dba8ca241450ef8440929c052bd422a88d449'::bytea END,
    '\x6dca92e162a840be0ae28fe7d3d52fc5ec6d4f6c17314c294d0477ac9cc76481ccec6a17f77b3f'::bytea,
    '13' || (n % 10) || '****' || lpad((n % 10000)::text, 4, '0'),
    CASE WHEN NOT anonymous THEN '张*' END,
    status,
    CASE WHEN reopened THEN 2 ELSE 1 END,
    r_text > 0.98,
    false,
    CASE WHEN status = 'closed' THEN coalesce(final_rating, 'unrated') END,
    final_reply,
    closed_at,
    md5('minqing-worker-bench/department/' || last_lead_dept)::uuid,
    -- 52 bits of an md5 over 2^52: uniform in [0, 1), exact in a double
    ('x' || left(md5('minqing-worker-bench/sample-key/' || n), 13))::bit(52)::bigint::float8 / 4503599627370496,
    created_at,
    coalesce(closed_at, final_reply, assigned_at)
FROM gen_final
CROSS JOIN LATERAL (SELECT CASE WHEN r_channel < 0.80 THEN 'code' WHEN r_channel < 0.90 THEN 'reception'
                                WHEN r_channel < 0.95 THEN 'phone' ELSE 'activity' END AS channel) ch
-- The text: a sentence of the submission's category (three for each of the 28 categories of migration 0002,
-- in their position order), a detail and a request, chosen by an md5 of the number (no random() is drawn,
-- so the rest of the data is as before); the place is in the address only. Enough variety for the terms
-- (item_terms) to be like real ones: no word in every item, the category's words in its items, the
-- generic ones in a tenth or so.
CROSS JOIN LATERAL (SELECT 1 + floor(power(r_category, 1.6) * :gen_n_cats)::int AS cat,
                           ('x' || left(md5('minqing-worker-bench/text/' || n), 8))::bit(32)::bigint AS h) x
CROSS JOIN LATERAL (SELECT (ARRAY[
        '小区门口道路施工围挡半年未拆', '老旧小区改造后雨水管道仍然堵塞', '拆迁安置房交付时间一再推迟',
        '公交线路调整后换乘不便', '学校门口上下学高峰拥堵', '路口红绿灯时间设置不合理',
        '小区周边停车位严重不足', '消防通道长期被违章停车占用', '地下车库停车收费上涨过快',
        '学区划分调整后孩子上学路程太远', '幼儿园学位紧张报名困难', '学校课后服务收费不透明',
        '社区卫生服务中心常用药品短缺', '医院挂号排队时间太长', '家庭医生上门随访服务不到位',
        '社区养老服务中心床位紧张', '老年食堂开放时间太短', '居家养老上门服务预约困难',
        '附近缺少普惠性托育机构', '托育机构收费过高', '婴幼儿照护驿站开放时间少',
        '医保报销手续繁琐材料多', '灵活就业人员社保缴费渠道不畅', '低保申请审核时间过长',
        '招聘会信息发布不及时', '创业担保贷款申请门槛高', '外卖骑手职业伤害保障缺失',
        '公租房申请排队等待时间长', '保障性租赁住房配套设施不完善', '房屋漏水多次报修无人处理',
        '物业服务质量下降收费不降', '小区公共收益使用情况不公开', '物业更换过程中交接混乱',
        '老旧小区加装电梯进展缓慢', '加装电梯低层住户意见分歧大', '已加装电梯维修保养无人负责',
        '河道水质变差有异味', '附近工厂夜间排放废气刺鼻', '施工噪音夜间扰民',
        '垃圾分类投放点异味较大', '背街小巷垃圾清运不及时', '餐饮油烟扰民',
        '绿化带树木遮挡低层采光', '公园绿地被私自开垦种菜', '行道树枯死后长期未补种',
        '高峰时段自来水水压不足', '小区频繁停电影响生活', '天然气管道改造通知不到位',
        '学校周边小摊贩食品卫生堪忧', '网购保健品虚假宣传', '菜市场蔬菜农药残留检测结果不公开',
        '健身房预付卡老板跑路', '培训机构退费困难', '电商平台售后推诿不处理',
        '农贸市场周边占道经营', '超市商品标价与结算价格不符', '无证餐饮店夜间经营扰民',
        '小区门禁形同虚设外来人员随意进出', '小区路灯不亮，夜间出行不便', '冒充客服的电信诈骗专挑老人',
        '电动自行车楼道飞线充电隐患大', '高空抛物屡禁不止', '老旧小区消防设施损坏',
        '企业开办手续办理流程复杂', '工程款拖欠影响小微企业经营', '涉企检查过多影响正常生产',
        '惠企政策申报渠道不清楚', '园区员工通勤公交班次少', '企业招工难希望搭建用工对接平台',
        '农村道路破损雨天积水', '农田灌溉水渠年久失修', '村里生活污水直排河道',
        '社区文化活动室长期不开放', '景区周边节假日交通拥堵', '图书馆开放时间与上班时间冲突',
        '广场舞音响声音过大扰民', '社区健身器材损坏无人维修', '学校体育场馆节假日不对外开放',
        '共享单车乱停乱放', '业委会选举程序不规范', '群租房人员混杂安全隐患多',
        '人行道破损积水', '电动自行车充电桩不足', '快递柜超时收费不合理'])[1 + ((x.cat - 1) * 3 + x.h % 3) % 84] AS topic,
                           (ARRAY['江南', '东信', '星耀', '缤纷', '湘湖', '白马湖', '冠山', '杨家墩', '江一', '闻涛', '月明', '海创'])
                               [1 + floor(r_text * 100000)::int % 12] AS place,
                           (ARRAY['已经持续两个多月', '老人和孩子出行很不安全', '晚上十点以后尤其严重', '周末和节假日更加明显',
                                  '周边居民意见很大', '向物业和社区说过几次都没有下文', '一到雨天就更糟糕', '给上班族带来很大不便',
                                  '附近几个小区都是同样情况', '打过热线电话至今没有回音', '去年同期也出现过', '已经有人因此受伤'])
                               [1 + (x.h / 3) % 12] AS detail,
                           (ARRAY['希望安排人员到现场查看', '请职能部门上门核实', '建议纳入明年民生实事项目', '希望给个明确答复',
                                  '请加强日常巡查和监管', '建议召开居民议事会商量办法', '希望尽快制定整改方案', '请街道牵头协调',
                                  '希望公开处理进度', '建议建立长效管理机制'])[1 + (x.h / 36) % 10] AS request) t
ORDER BY n;

-- Assignments: the round-1 lead, then the second one (a co-handler, or the round-2 lead); a lead carries its
-- round's rating (the round-1 one of the reopened is unsatisfied).
CREATE TEMP TABLE gen_a ON COMMIT DROP AS
SELECT md5('minqing-worker-bench/assignment/' || n || '/1')::uuid AS id, n, 1 AS round, lead_dept AS dept, 'lead' AS role,
       CASE WHEN reply1 IS NOT NULL THEN 'replied' WHEN r_ack < 0.25 THEN 'pending' ELSE 'acknowledged' END AS status,
       CASE WHEN reply1 IS NULL THEN wd + extension_days ELSE wd END AS working_days,
       assigned_at, CASE WHEN reply1 IS NULL THEN open_due_at ELSE due_at END AS due_at,
       CASE WHEN reply1 IS NULL THEN due_idx + extension_days ELSE due_idx END AS due_idx, start_idx,
       CASE WHEN reply1 IS NOT NULL OR r_ack >= 0.25
            THEN assigned_at + (coalesce(reply1, :'year_end'::timestamptz) - assigned_at) * 0.2 * r_ack END AS acknowledged_at,
       reply1 AS replied_at, reply1 AS closed_at, NULL AS return_reason,
       CASE WHEN reply1 IS NULL THEN 'approved' END AS extension_status,
       CASE WHEN reply1 IS NULL THEN extension_days END AS extension_days,
       CASE WHEN reply1 IS NULL THEN 1 ELSE 0 END AS extension_count,
       rating1 AS rating,
       r_outcome
FROM gen_final
UNION ALL
SELECT md5('minqing-worker-bench/assignment/' || n || '/2')::uuid, n,
       CASE WHEN second = 'round2' THEN 2 ELSE 1 END,
       CASE WHEN second = 'round2' THEN last_lead_dept ELSE second_dept END,
       CASE WHEN second = 'round2' THEN 'lead' ELSE 'co' END,
       x.status,
       CASE WHEN x.status IN ('pending', 'acknowledged') THEN wd + extension_days ELSE wd END,
       coalesce(assigned2, assigned_at),
       CASE WHEN x.status IN ('pending', 'acknowledged') THEN open_due_at ELSE coalesce(due2, due_at) END,
       CASE WHEN x.status IN ('pending', 'acknowledged') THEN due_idx + extension_days ELSE coalesce(due2_idx, due_idx) END,
       coalesce(start2_idx, start_idx),
       CASE WHEN x.status <> 'pending'
            THEN coalesce(assigned2, assigned_at)
                 + (coalesce(x.closed_at, :'year_end'::timestamptz) - coalesce(assigned2, assigned_at)) * 0.2 * r_ack END,
       CASE WHEN x.status = 'replied' THEN x.closed_at END,
       x.closed_at,
       CASE WHEN x.status = 'returned' THEN '不属于本单位职责范围' END,
       CASE WHEN x.status IN ('pending', 'acknowledged') THEN 'approved' END,
       CASE WHEN x.status IN ('pending', 'acknowledged') THEN extension_days END,
       CASE WHEN x.status IN ('pending', 'acknowledged') THEN 1 ELSE 0 END,
       CASE WHEN second = 'round2' THEN rating2 END,
       r_co_reply
FROM gen_final
CROSS JOIN LATERAL (
    SELECT CASE WHEN second = 'round2' THEN 'replied'
                WHEN reply1 IS NULL THEN CASE WHEN r_co < 0.5 THEN 'acknowledged' ELSE 'replied' END
                WHEN r_co < 0.03 THEN 'returned' ELSE 'replied' END AS status,
           CASE WHEN second = 'round2' THEN reply2
                WHEN reply1 IS NULL THEN CASE WHEN r_co >= 0.5
                                              THEN assigned_at + (:'year_end'::timestamptz - assigned_at) * 0.9 * r_co_reply END
                WHEN r_co < 0.03 THEN least(assigned_at + (2 + 22 * r_co_reply) * interval '1 hour',
                                            assigned_at + (:'year_end'::timestamptz - assigned_at) * 0.9)
                ELSE assigned_at + (reply1 - assigned_at) * (0.3 + 0.7 * r_co_reply) END AS closed_at
) x
WHERE second <> 'none';

-- reply_working_days as LoopService.reply counts it: working days after the assignment's local day up to and
-- including the reply's (the difference of their idx).
INSERT INTO assignments (id, submission_id, round, department_id, role, status, working_days, assigned_at, due_at,
    acknowledged_at, replied_at, closed_at, return_reason, extension_status, extension_days, extension_count, rating,
    reply_working_days, created_at, updated_at)
SELECT a.id, md5('minqing-worker-bench/submission/' || a.n)::uuid, a.round, md5('minqing-worker-bench/department/' || a.dept)::uuid,
       a.role, a.status, a.working_days, a.assigned_at, a.due_at, a.acknowledged_at, a.replied_at, a.closed_at, a.return_reason,
       a.extension_status, a.extension_days, a.extension_count, a.rating, dr.idx - da.idx,
       a.assigned_at, coalesce(a.closed_at, a.acknowledged_at, a.assigned_at)
FROM gen_a a
JOIN gen_days da ON da.day = (a.assigned_at AT TIME ZONE :'tz')::date
LEFT JOIN gen_days dr ON dr.day = (a.replied_at AT TIME ZONE :'tz')::date
ORDER BY a.assigned_at, a.id;

-- The year figures the loop actions keep (DepartmentYearFigures), added up for this chunk's assignments.
INSERT INTO department_year_figures AS f (year, department_id, assigned, replied, replied_on_time, satisfied,
    basically_satisfied, unsatisfied, lead_replies, rated_lead_replies, extensions, escalations, reply_working_days, replies_timed)
SELECT extract(year FROM a.assigned_at AT TIME ZONE :'tz')::int, a.department_id, count(*), count(a.replied_at),
       count(*) FILTER (WHERE a.replied_at <= a.due_at),
       count(*) FILTER (WHERE a.rating = 'satisfied'), count(*) FILTER (WHERE a.rating = 'basically_satisfied'),
       count(*) FILTER (WHERE a.rating = 'unsatisfied'),
       count(*) FILTER (WHERE a.role = 'lead' AND a.replied_at IS NOT NULL),
       count(*) FILTER (WHERE a.role = 'lead' AND a.replied_at IS NOT NULL AND a.rating IS NOT NULL),
       coalesce(sum(a.extension_count), 0), count(*) FILTER (WHERE a.status = 'escalated'),
       coalesce(sum(a.reply_working_days), 0), count(a.reply_working_days)
FROM assignments a WHERE a.id IN (SELECT id FROM gen_a)
GROUP BY 1, 2
ON CONFLICT (year, department_id) DO UPDATE SET
    assigned = f.assigned + excluded.assigned, replied = f.replied + excluded.replied,
    replied_on_time = f.replied_on_time + excluded.replied_on_time, satisfied = f.satisfied + excluded.satisfied,
    basically_satisfied = f.basically_satisfied + excluded.basically_satisfied, unsatisfied = f.unsatisfied + excluded.unsatisfied,
    lead_replies = f.lead_replies + excluded.lead_replies, rated_lead_replies = f.rated_lead_replies + excluded.rated_lead_replies,
    extensions = f.extensions + excluded.extensions, escalations = f.escalations + excluded.escalations,
    reply_working_days = f.reply_working_days + excluded.reply_working_days, replies_timed = f.replies_timed + excluded.replies_timed;

INSERT INTO replies (id, assignment_id, submission_id, round, outcome, text, created_at)
SELECT md5('minqing-worker-bench/reply/' || n || '/' || id)::uuid, id, md5('minqing-worker-bench/submission/' || n)::uuid, round,
       CASE WHEN r_outcome < 0.60 THEN 'solved' WHEN r_outcome < 0.85 THEN 'planned' ELSE 'explained' END,
       CASE WHEN r_outcome < 0.60 THEN '已现场核实并处理完毕，感谢您的反映。'
            WHEN r_outcome < 0.85 THEN '已列入年度计划，预计下季度实施，届时将另行告知。'
            ELSE '经核查，该事项已有明确政策规定，现将有关情况说明如下。' END,
       replied_at
FROM gen_a WHERE status = 'replied' ORDER BY replied_at;

INSERT INTO evaluations (id, submission_id, round, evaluator, rating, comment, created_at)
SELECT md5('minqing-worker-bench/evaluation/' || n || '/' || round)::uuid, md5('minqing-worker-bench/submission/' || n)::uuid,
       round, CASE WHEN r_evaluator < 0.85 THEN 'resident' ELSE 'representative' END, rating,
       CASE WHEN rating = 'unsatisfied' THEN '问题没有实际解决' END, at
FROM (SELECT n, 1 AS round, rating1 AS rating, eval1 AS at, r_evaluator FROM gen_final WHERE eval1 IS NOT NULL
      UNION ALL
      SELECT n, 2, rating2, eval2, r_evaluator FROM gen_final WHERE eval2 IS NOT NULL) e
ORDER BY at;

-- What the ladder sent while each assignment was open: rung at 08:30 of the working day (due ± offset),
-- not before the assignment existed.
INSERT INTO reminders (assignment_id, rung, department_id, sent_at)
SELECT a.id, l.rung, md5('minqing-worker-bench/department/' || a.dept)::uuid, x.sent_at
FROM gen_a a
CROSS JOIN (VALUES ('due_soon', -3), ('due_today', 0), ('overdue_1', 1), ('overdue_4', 4), ('escalation', 5), ('overdue_7', 7),
                   ('overdue_10', 10), ('overdue_13', 13), ('overdue_16', 16), ('overdue_19', 19), ('overdue_22', 22)) AS l(rung, offset_days)
JOIN gen_wd w ON w.idx = greatest(a.due_idx + l.offset_days, a.start_idx)
CROSS JOIN LATERAL (SELECT greatest((w.day + time '08:30') AT TIME ZONE :'tz', a.assigned_at + interval '5 minutes') AS sent_at) x
WHERE a.status <> 'returned'
  AND x.sent_at < coalesce(a.closed_at, :'scan_at'::timestamptz)
  AND x.sent_at <= :'scan_at'::timestamptz
ORDER BY x.sent_at;

COMMIT;

\elif :gen_summary
-- ============================================================================================ summary
SET TIME ZONE :'tz';
-- the year's receipt sequence continues after the generated numbers
SELECT next_receipt_number(2026);
SELECT setval('receipt_numbers_2026', greatest(1, (SELECT count(*) FROM submissions)));

\pset footer off
SELECT (SELECT count(*) FROM departments) AS departments, (SELECT count(*) FROM submissions) AS submissions,
       (SELECT count(*) FROM assignments) AS assignments, (SELECT count(*) FROM replies) AS replies,
       (SELECT count(*) FROM evaluations) AS evaluations, (SELECT count(*) FROM reminders) AS reminders;
SELECT status, count(*) AS submissions, round(100.0 * count(*) / sum(count(*)) OVER (), 2) AS pct,
       count(*) FILTER (WHERE round = 2) AS reopened_once
FROM submissions GROUP BY status ORDER BY 2 DESC;
SELECT role, round, status, count(*) AS assignments,
       count(*) FILTER (WHERE replied_at > due_at) AS replied_late
FROM assignments GROUP BY 1, 2, 3 ORDER BY 1 DESC, 2, 4 DESC;
SELECT round, rating, count(*) AS evaluations FROM evaluations GROUP BY 1, 2 ORDER BY 1, 3 DESC;
-- what the product keeps where it is written (0006), against its definition: the mismatches must be 0
SELECT count(s.lead_department_id) AS with_lead_department,
       count(*) FILTER (WHERE s.lead_department_id IS DISTINCT FROM l.department_id) AS lead_department_mismatches,
       trunc(min(s.sample_key)::numeric, 4) AS min_sample_key, round(avg(s.sample_key)::numeric, 4) AS avg_sample_key,
       trunc(max(s.sample_key)::numeric, 4) AS max_sample_key
FROM submissions s
LEFT JOIN (SELECT DISTINCT ON (a.submission_id) a.submission_id, a.department_id
           FROM assignments a WHERE a.role = 'lead' ORDER BY a.submission_id, a.round DESC, a.assigned_at DESC) l
       ON l.submission_id = s.id;
SELECT a.role, a.rating, count(*) AS assignments,
       count(*) FILTER (WHERE a.rating IS DISTINCT FROM CASE WHEN a.role = 'lead' THEN e.rating END) AS rating_mismatches
FROM assignments a LEFT JOIN evaluations e ON e.submission_id = a.submission_id AND e.round = a.round
GROUP BY 1, 2 ORDER BY 1 DESC, 3 DESC;
SELECT count(*) AS departments_with_assignments, min(n) AS fewest, percentile_cont(0.5) WITHIN GROUP (ORDER BY n) AS median,
       max(n) AS most
FROM (SELECT department_id, count(*) AS n FROM assignments GROUP BY 1) d;
-- the deadline scan's two selections at its instant: both must be 0
SELECT (SELECT count(*) FROM assignments WHERE status IN ('pending', 'acknowledged')
          AND due_at < :'scan_at'::timestamptz + interval '30 days') AS open_due_within_30_days_of_scan,
       (SELECT min(due_at) FROM assignments WHERE status IN ('pending', 'acknowledged')) AS earliest_open_due,
       (SELECT count(*) FROM submissions WHERE status = 'replied'
          AND replied_at < :'scan_at'::timestamptz - interval '15 days') AS replied_past_rating_window;
\endif

ALTER TABLE departments ALTER COLUMN region_id DROP DEFAULT;
ALTER TABLE stations ALTER COLUMN region_id DROP DEFAULT;
ALTER TABLE representatives ALTER COLUMN region_id DROP DEFAULT;
ALTER TABLE submissions ALTER COLUMN region_id DROP DEFAULT, ALTER COLUMN origin_region_id DROP DEFAULT;
