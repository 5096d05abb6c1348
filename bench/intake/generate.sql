-- Synthetic load for bench/intake/explain.sh: :rows submissions over the past year and about 1.2 × :rows
-- assignments, on top of a registry made by `minqing-api seed-demo` (stations, representatives and their
-- codes, observers, 40 departments) and the 28 categories of the migrations.
--
--   psql -X -v ON_ERROR_STOP=1 -v rows=1000000 -v base=0 -f bench/intake/generate.sql "$DATABASE_URL"
--
-- base: the number of submissions already in the table (explain.sh passes it), so that a second run adds
-- rows with new ids and receipt numbers; the assignments go only to submissions that have none yet.
--
-- One INSERT … SELECT per table with every index and foreign key in place (nothing is dropped), so the
-- indexes end up as the application's inserts would leave them. Deterministic for a given registry
-- (setseed), so two runs on the same commit compare.
--
-- Shape:
--   created_at  evenly spread over the past 365 days in insertion order (as real filings arrive), so the
--               heap is ordered by created_at like a real table;
--   channel     62 % representative code, 23 % station code, 8 % reception, 4 % observer, 2 % phone,
--               1 % activity; representatives and stations skewed (a few get many filings);
--   kind        opinion 25 %, suggestion 30 %, complaint 20 %, help 15 %, inquiry 10 %;
--   category    the 28 categories, skewed towards the first ones;
--   status      filings older than 20 days are mostly closed (≈ 84 %: replied 5.5 %, rejected 5 %,
--               merged 2 %, a few stale submitted/accepted/assigned/reopened ones); the last 20 days are
--               mostly open (submitted, accepted, assigned, replied);
--   text        24 topics; 2 of them (≈ 8 %) mention 路灯, the word the q= example searches for;
--   assignments for assigned/replied/closed/reopened submissions (one closed in ten has none: replied on
--               the spot): a lead, 30 % one co-department, 7 % two; departments skewed; due_at = assigned_at
--               + working days of the kind × 1.4 calendar days; open (pending/acknowledged) ones of
--               stale submissions are overdue.

\set ON_ERROR_STOP on
\if :{?rows}
\else
\set rows 1000000
\endif
\if :{?base}
\else
\set base 0
\endif

SET work_mem = '64MB';
SET maintenance_work_mem = '256MB';
SET synchronous_commit = off;
SET jit = off;  -- compiling these wide expressions costs more than it saves
SELECT setseed(0.2026);

-- The registry as arrays, in a stable order.
CREATE TEMP TABLE gen_registry AS
SELECT
    r.reps, r.rep_homes, r.rep_codes, cardinality(r.reps) AS n_reps,
    s.stations, s.station_codes, cardinality(s.stations) AS n_stations,
    o.observers, o.obs_reps, o.obs_stations, coalesce(cardinality(o.observers), 0) AS n_observers,
    c.categories, cardinality(c.categories) AS n_categories,
    d.departments, cardinality(d.departments) AS n_departments,
    ARRAY['小区路灯不亮，夜间出行不便', '老旧小区加装电梯进展缓慢', '小区周边停车位严重不足', '学校门口上下学高峰拥堵',
          '垃圾分类投放点异味较大', '社区养老服务中心床位紧张', '公交线路调整后换乘不便', '施工噪音夜间扰民',
          '河道水质变差有异味', '菜市场价格标示不清', '物业服务质量下降', '共享单车乱停乱放',
          '人行道破损积水', '小区绿化带被占用种菜', '幼儿园学位紧张', '社区医院开诊时间太短',
          '电动自行车充电桩不足', '道路井盖松动有响声', '餐饮油烟扰民', '主干道路灯损坏需更换',
          '企业开办手续办理流程复杂', '农贸市场周边占道经营', '体育场馆开放时间建议', '外卖电动车闯红灯'] AS topics,
    ARRAY['江南', '东信', '星耀', '缤纷', '湘湖', '白马湖', '冠山', '杨家墩', '江一', '闻涛', '月明', '海创',
          '智慧', '江汉', '铁岭花园', '山一', '塘子堰', '协同', '六和', '彩虹城'] AS places,
    ARRAY['这个问题已经持续一个多月，居民反映多次未见改善。', '附近住着很多老人和孩子，存在安全隐患。',
          '早晚高峰尤其严重，影响周边居民正常生活。', '希望相关部门实地查看，给出解决时间表。',
          '之前向物业反映过，物业说不归他们管。', '周边几个小区都有类似情况，建议统一规划。'] AS details
FROM
    (SELECT array_agg(r.id ORDER BY r.created_at, r.id) AS reps,
            array_agg(r.home_station_id ORDER BY r.created_at, r.id) AS rep_homes,
            array_agg((SELECT region_id FROM stations WHERE id = r.home_station_id) ORDER BY r.created_at, r.id) AS rep_home_regions,
            array_agg(c.code ORDER BY r.created_at, r.id) AS rep_codes
     FROM representatives r
     LEFT JOIN codes c ON c.kind = 'representative' AND c.target_id = r.id AND c.status = 'active') r,
    (SELECT array_agg(s.id ORDER BY s.created_at, s.id) AS stations,
            array_agg(s.region_id ORDER BY s.created_at, s.id) AS station_regions,
            (SELECT id FROM regions ORDER BY array_length(path, 1), created_at LIMIT 1) AS top_region,
            array_agg(c.code ORDER BY s.created_at, s.id) AS station_codes
     FROM stations s
     LEFT JOIN codes c ON c.kind = 'station' AND c.target_id = s.id AND c.status = 'active') s,
    (SELECT array_agg(o.id ORDER BY o.created_at, o.id) AS observers,
            array_agg(o.representative_id ORDER BY o.created_at, o.id) AS obs_reps,
            array_agg(o.station_id ORDER BY o.created_at, o.id) AS obs_stations,
            array_agg((SELECT region_id FROM stations WHERE id = o.station_id) ORDER BY o.created_at, o.id) AS obs_station_regions
     FROM observers o) o,
    (SELECT array_agg(code ORDER BY position) AS categories FROM categories WHERE active) c,
    (SELECT array_agg(id ORDER BY created_at, id) AS departments FROM departments) d;

SELECT n_reps, n_stations, n_observers, n_categories, n_departments FROM gen_registry;

\echo generating :rows submissions
\timing on
INSERT INTO submissions (id, receipt_no, tracking_token_hash, channel, code, representative_id, station_id,
    region_id, origin_region_id, filed_by_observer_id, kind, category, title, content, location_address, latitude, longitude, anonymous,
    contact_name_sealed, contact_phone_sealed, contact_phone_masked, contact_name_masked, status, round, key_item,
    merged_into, escalation_required, close_reason, replied_at, closed_at, created_at, updated_at)
SELECT
    md5('minqing-bench-' || n)::uuid,
    'MQ' || to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(n::text, 7, '0'),
    sha256(int8send(n)),
    channel,
    CASE channel_pick WHEN 1 THEN reg.rep_codes[ri] WHEN 2 THEN reg.station_codes[si] END,
    CASE channel_pick WHEN 1 THEN reg.reps[ri] WHEN 3 THEN reg.reps[ri] WHEN 4 THEN reg.obs_reps[oi] END,
    CASE channel_pick WHEN 1 THEN reg.rep_homes[ri] WHEN 2 THEN reg.stations[si] WHEN 3 THEN reg.rep_homes[ri]
                      WHEN 4 THEN reg.obs_stations[oi] WHEN 6 THEN reg.stations[si] END,
    -- the region of the station, as the API files it (staff filings without one: the top region)
    coalesce(CASE channel_pick WHEN 1 THEN reg.rep_home_regions[ri] WHEN 2 THEN reg.station_regions[si]
                           WHEN 3 THEN reg.rep_home_regions[ri] WHEN 4 THEN reg.obs_station_regions[oi]
                           WHEN 6 THEN reg.station_regions[si] END, reg.top_region),
    coalesce(CASE channel_pick WHEN 1 THEN reg.rep_home_regions[ri] WHEN 2 THEN reg.station_regions[si]
                           WHEN 3 THEN reg.rep_home_regions[ri] WHEN 4 THEN reg.obs_station_regions[oi]
                           WHEN 6 THEN reg.station_regions[si] END, reg.top_region),
    CASE channel_pick WHEN 4 THEN reg.observers[oi] END,
    CASE WHEN r_kind < 0.25 THEN 'opinion' WHEN r_kind < 0.55 THEN 'suggestion' WHEN r_kind < 0.75 THEN 'complaint'
         WHEN r_kind < 0.90 THEN 'help' ELSE 'inquiry' END,
    reg.categories[1 + floor(power(r_category, 1.6) * reg.n_categories)::int],
    reg.topics[ti],
    reg.topics[ti] || '。' || reg.places[pi] || '社区' || (1 + g % 40) || '幢附近，' || reg.details[1 + g % 6]
        || reg.details[1 + (g / 7) % 6] || '希望有关部门尽快处理。',
    '杭州市滨江区' || reg.places[pi] || '社区' || (1 + g % 40) || '幢',
    CASE WHEN r_geo < 0.3 THEN 30.18 + r_geo / 5 END,
    CASE WHEN r_geo < 0.3 THEN 120.15 + r_geo / 3 END,
    anonymous,
    CASE WHEN NOT anonymous THEN '\x3ace538cda79debb3db117fa6cbbd93dba8ca241450ef8440929c052bd422a88d449'::bytea END,
    '\x6dca92e162a840be0ae28fe7d3d52fc5ec6d4f6c17314c294d0477ac9cc76481ccec6a17f77b3f'::bytea,
    '13' || (g % 10) || '****' || lpad((g % 10000)::text, 4, '0'),
    CASE WHEN NOT anonymous THEN '张*' END,
    status,
    CASE WHEN status = 'reopened' OR (status = 'closed' AND r_round < 0.05) THEN 2 ELSE 1 END,
    r_round > 0.98,
    CASE WHEN status = 'merged' THEN md5('minqing-bench-' || (:base + CASE WHEN g > 1 THEN greatest(1, g - 1 - (g % 50)) ELSE 2 END))::uuid END,
    status IN ('closed', 'reopened') AND r_round < 0.01,
    CASE WHEN status = 'closed' THEN CASE WHEN r_close < 0.7 THEN 'satisfied' WHEN r_close < 0.9 THEN 'basically_satisfied'
                                          ELSE 'unrated' END END,
    replied_at,
    closed_at,
    created_at,
    coalesce(closed_at, replied_at, least(now(), created_at + interval '1 day'))
FROM (
    SELECT *,
        CASE WHEN status IN ('replied', 'closed', 'reopened')
             THEN least(now(), created_at + (1 + r_close * 14) * interval '1 day') END AS replied_at,
        CASE WHEN status = 'closed'
             THEN least(now(), created_at + (2 + r_close * 20) * interval '1 day') END AS closed_at
    FROM (
        SELECT *,
            CASE WHEN r_channel < 0.62 THEN 1 WHEN r_channel < 0.85 THEN 2 WHEN r_channel < 0.93 THEN 3
                 WHEN r_channel < 0.97 AND n_observers > 0 THEN 4 WHEN r_channel < 0.99 THEN 5 ELSE 6 END AS channel_pick,
            CASE WHEN created_at > now() - interval '20 days' THEN
                     CASE WHEN r_status < 0.15 THEN 'submitted' WHEN r_status < 0.25 THEN 'accepted'
                          WHEN r_status < 0.65 THEN 'assigned' WHEN r_status < 0.80 THEN 'replied'
                          WHEN r_status < 0.93 THEN 'closed' WHEN r_status < 0.97 THEN 'rejected'
                          WHEN r_status < 0.985 THEN 'merged' ELSE 'reopened' END
                 ELSE
                     CASE WHEN r_status < 0.003 THEN 'submitted' WHEN r_status < 0.006 THEN 'accepted'
                          WHEN r_status < 0.025 THEN 'assigned' WHEN r_status < 0.035 THEN 'reopened'
                          WHEN r_status < 0.09 THEN 'replied' WHEN r_status < 0.14 THEN 'rejected'
                          WHEN r_status < 0.16 THEN 'merged' ELSE 'closed' END
            END AS status
        FROM (
            -- every random number drawn once per row (OFFSET 0 keeps the planner from inlining them)
            SELECT g, :base + g::int8 AS n,
                now() - interval '365 days' + (g - 1 + random()) * (interval '365 days' / :rows) AS created_at,
                random() AS r_channel, random() AS r_kind, random() AS r_category, random() AS r_status,
                random() AS r_close, random() AS r_round, random() AS r_geo,
                random() < 0.08 AS anonymous,
                1 + floor(power(random(), 1.7) * n_reps)::int AS ri,
                1 + floor(power(random(), 1.3) * n_stations)::int AS si,
                1 + floor(random() * greatest(n_observers, 1))::int AS oi,
                1 + floor(random() * 24)::int AS ti,
                1 + floor(random() * 20)::int AS pi,
                n_observers
            FROM generate_series(1, :rows) AS g, gen_registry
            OFFSET 0
        ) drawn
    ) decided
) x
CROSS JOIN gen_registry reg
CROSS JOIN LATERAL (SELECT CASE channel_pick WHEN 1 THEN 'code' WHEN 2 THEN 'code' WHEN 3 THEN 'reception'
                                            WHEN 4 THEN 'observer' WHEN 5 THEN 'phone' ELSE 'activity' END AS channel) ch;

\echo generating assignments
INSERT INTO assignments (submission_id, round, department_id, role, status, working_days, assigned_at, due_at,
    acknowledged_at, replied_at, closed_at, return_reason, created_at, updated_at)
SELECT
    id, round,
    reg.departments[1 + floor(power(r_department, 1.8) * reg.n_departments)::int],
    CASE WHEN k = 1 THEN 'lead' ELSE 'co' END,
    a_status,
    working_days,
    assigned_at,
    assigned_at + working_days * interval '1.4 days',
    CASE WHEN a_status <> 'pending' THEN assigned_at + interval '3 hours' END,
    CASE WHEN a_status IN ('replied', 'returned') THEN coalesce(sub_replied_at, assigned_at + interval '2 days') END,
    CASE WHEN sub_status = 'closed' THEN sub_closed_at END,
    CASE WHEN a_status = 'returned' THEN '不属于本单位职责范围' END,
    assigned_at,
    coalesce(sub_closed_at, sub_replied_at, assigned_at)
FROM (
    SELECT *,
        CASE WHEN sub_status IN ('closed', 'replied') THEN CASE WHEN k > 1 AND r_status < 0.03 THEN 'returned' ELSE 'replied' END
             WHEN sub_status = 'reopened' THEN 'pending'
             ELSE CASE WHEN r_status < 0.45 THEN 'pending' ELSE 'acknowledged' END END AS a_status
    FROM (
        SELECT s.id, s.round, s.status AS sub_status, s.replied_at AS sub_replied_at, s.closed_at AS sub_closed_at, k,
            CASE s.kind WHEN 'complaint' THEN 5 WHEN 'help' THEN 5 WHEN 'inquiry' THEN 3 ELSE 15 END AS working_days,
            least(now(), s.created_at + (4 + 44 * random()) * interval '1 hour') AS assigned_at,
            random() AS r_department, random() AS r_status
        FROM submissions s
        CROSS JOIN LATERAL generate_series(1, CASE WHEN abs(hashtext(s.id::text)) % 100 < 30 THEN 2
                                                   WHEN abs(hashtext(s.id::text)) % 100 < 37 THEN 3 ELSE 1 END) AS k
        WHERE s.status IN ('assigned', 'replied', 'closed', 'reopened')
          AND NOT (s.status = 'closed' AND abs(hashtext(s.id::text || '/spot')) % 10 = 0)
          AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.submission_id = s.id)
        OFFSET 0
    ) drawn
) x
CROSS JOIN gen_registry reg;
\timing off

SELECT status, count(*) AS submissions, round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct
FROM submissions GROUP BY status ORDER BY 2 DESC;
SELECT count(*) AS assignments,
       count(*) FILTER (WHERE status IN ('pending', 'acknowledged')) AS open,
       count(*) FILTER (WHERE status IN ('pending', 'acknowledged') AND due_at < now()) AS open_overdue
FROM assignments;
