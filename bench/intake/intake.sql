-- pgbench script for bench/intake/run.sh: the minimal filing transaction, the floor of what a filing must
-- write — its Idempotency-Key, the submission row and its first timeline row, in one transaction — with
-- no counters at all (no receipt number sequence, no rate limit). The API does more than this on purpose
-- (rate counts, the code and category checks, the receipt number, the stored receipt), so the ratio
-- API / pgbench says what that costs together with HTTP, JSON and crypto.
--
-- Variables (pgbench -D): codes = how many rows bench_codes has (n = 1 … codes; made by run.sh).
--   pgbench -n -M prepared -c 64 -j 2 -T 30 -D codes=2200 -f bench/intake/intake.sql bench
--
-- Slight differences from the API, on purpose:
--   - the Idempotency-Key, the receipt number and the tracking token hash are made from md5(random());
--   - the sealed contact columns are fixed byte strings of the sizes the app's AES-GCM boxes have for
--     "张三" and "13812345678" (12-byte nonce + ciphertext + 16-byte tag: 34 and 39 bytes);
--   - created_at/updated_at/at are the transaction's now() instead of the app's clock.
-- The texts are those of bench/intake/submit.lua; the code (and its representative and station, for the
-- foreign keys) is drawn from the same codes as wrk's.

\set n random(1, :codes)

BEGIN;

INSERT INTO idempotency_keys (scope, key, request_hash, created_at)
VALUES ('submission', 'pgbench-' || md5(random()::text), decode(md5(random()::text) || md5(random()::text), 'hex'), now());

INSERT INTO submissions (receipt_no, tracking_token_hash, channel, code, representative_id, station_id,
    region_id, origin_region_id, filed_by_user_id, filed_by_observer_id, kind, category, title, content, location_address, latitude, longitude,
    anonymous, contact_name_sealed, contact_phone_sealed, contact_phone_masked, contact_name_masked, status,
    created_at, updated_at)
SELECT 'PB' || md5(random()::text), decode(md5(random()::text) || md5(random()::text), 'hex'), 'code', c.code,
    c.representative_id, c.station_id, c.region_id, c.region_id, NULL, NULL, 'complaint',
    'urban_rural_construction', '小区路灯不亮，夜间出行不便',
    '江南社区12幢至15幢之间的路灯已经坏了两个多星期，晚上老人和孩子出行很不方便，希望有关部门尽快派人维修，并定期检查小区公共照明设施。',
    '杭州市滨江区西兴街道江南社区12幢旁', NULL, NULL,
    false, '\x3ace538cda79debb3db117fa6cbbd93dba8ca241450ef8440929c052bd422a88d449'::bytea,
    '\x6dca92e162a840be0ae28fe7d3d52fc5ec6d4f6c17314c294d0477ac9cc76481ccec6a17f77b3f'::bytea,
    '138****5678', '张*', 'submitted', now(), now()
FROM bench_codes c WHERE c.n = :n
RETURNING id \gset

INSERT INTO timeline_events (submission_id, at, actor_role, actor_id, action, from_status, to_status, note,
                             public, assignment_id, department_id)
VALUES (:id, now(), 'resident', NULL, 'submitted', NULL, 'submitted', 'channel: code', true, NULL, NULL);

COMMIT;
