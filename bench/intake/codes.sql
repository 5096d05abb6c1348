-- bench/intake/run.sh: :count more representatives, spread over the demo's stations, each with an active
-- code. With the per-code limit at its default (60 a minute), the benchmark needs many codes to file
-- hundreds a second; a city deployment has thousands of representatives.
INSERT INTO representatives (name, level, home_station_id, region_id)
SELECT '压测代表' || g, 'township', s.id, s.region_id
FROM generate_series(1, :count) AS g
JOIN (SELECT id, region_id, row_number() OVER (ORDER BY id) - 1 AS n FROM stations) AS s
    ON s.n = g % (SELECT count(*) FROM stations);

-- codes are [a-z2-9]: an md5 with 0 and 1 replaced
INSERT INTO codes (code, kind, representative_id, station_id, target_id, created_at)
SELECT left(translate(md5(r.id::text), '01', 'wx'), 16), 'representative', r.id, r.home_station_id, r.id, now()
FROM representatives r
WHERE r.name LIKE '压测代表%';
