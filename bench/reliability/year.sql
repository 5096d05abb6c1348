-- bench/reliability: the year the killed workers tick through. On the demo district: :items complaints filed
-- evenly over 2026 through one code, each assigned at once to a department (round-robin) with 5 working days,
-- and never answered, so that each climbs the whole reminder ladder; and the schedule cursors as a
-- deployment that started on 2026-01-01 has them (as WholeYearTests sets them).
SET TIME ZONE 'Asia/Shanghai';

INSERT INTO job_cursors (kind, last_nominal_at) VALUES
    ('monthly_tracking', '2026-01-01 08:00'), ('quarterly_oversight', '2025-12-15 09:00'),
    ('annual_evaluation', '2026-01-01 01:00');

WITH d AS (SELECT id, row_number() OVER (ORDER BY name, id) - 1 AS n, count(*) OVER () AS total FROM departments),
code AS (
    SELECT c.code, c.representative_id, c.station_id, st.region_id FROM codes c JOIN stations st ON st.id = c.station_id
    WHERE c.status = 'active' AND c.kind = 'representative' ORDER BY c.code LIMIT 1
),
filed AS (
    INSERT INTO submissions (receipt_no, tracking_token_hash, channel, code, representative_id, station_id, region_id,
                             origin_region_id, kind, category,
                             title, content, anonymous, status, created_at, updated_at, lead_department_id)
    SELECT 'MQ2026-' || lpad(g::text, 6, '0'), sha256(convert_to('reliability ' || g, 'UTF8')), 'code', code.code,
           code.representative_id, code.station_id, code.region_id, code.region_id, 'complaint', 'urban_rural_construction', '路灯不亮 ' || g,
           '小区路灯坏了，请尽快处理。', false, 'assigned', at, at, d.id
    FROM generate_series(1, :items) AS g
    CROSS JOIN code
    CROSS JOIN LATERAL (SELECT timestamptz '2026-01-05 10:00' + (g - 1) * interval '350 days' / :items AS at) AS t
    JOIN d ON d.n = g % d.total
    RETURNING id, created_at, lead_department_id
)
INSERT INTO assignments (submission_id, round, department_id, role, status, working_days, assigned_at, due_at,
                         created_at, updated_at)
SELECT id, 1, lead_department_id, 'lead', 'pending', 5, created_at + interval '1 hour',
       date_trunc('day', created_at) + interval '7 days 23:59:59', created_at + interval '1 hour', created_at + interval '1 hour'
FROM filed;

-- the year's receipt sequence continues after the numbers used here
SELECT next_receipt_number(2026);
SELECT setval('receipt_numbers_2026', :items);
