-- pgbench script for bench/intake/run.sh: the statements IntakeService.file runs for one resident filing
-- through a code (rate limits off, no Idempotency-Key), in the same order and in one transaction:
--   1. the code lookup                      (IntakeService.resolveOrigin)
--   2. the category check                   (IntakeService.requireCategory)
--   3. the gapless receipt counter upsert   (IntakeService.insert) - holds the year's counter row lock
--                                            until COMMIT, exactly like the handler
--   4. INSERT INTO submissions ... RETURNING id
--   5. INSERT INTO timeline_events          (Timeline.append, action 'submitted')
--
-- Variables (pgbench -D): code = an active representative code, year = the receipt year (Asia/Shanghai).
--   pgbench -n -M prepared -c 64 -j 2 -T 30 -D code=abcdefghjkmnp -D year=2026 -f bench/intake/intake.sql
--
-- Run it with -M prepared or -M extended: there pgbench sends :name as a bind parameter (as PostgresNIO
-- does), so :code needs no quotes. In -M simple pgbench would paste the value in unquoted.
--
-- What differs from the API, on purpose and only slightly:
--   - the tracking token hash (SHA-256 of a random token, computed by the app) is 32 random bytes made
--     from two md5(random()) (pgcrypto is not installed); the receipt number string is formatted in SQL
--     from the counter value instead of in Swift;
--   - the sealed contact columns are fixed byte strings of the sizes the app's AES-GCM boxes have for
--     "张三" and "13812345678" (12-byte nonce + ciphertext + 16-byte tag: 34 and 39 bytes);
--   - created_at/updated_at/at are the transaction's now() instead of the app's clock;
--   - the code's status is fetched but not checked (the script always uses an active code).
-- The texts are those of bench/intake/submit.lua.

BEGIN;

SELECT status, representative_id, station_id FROM codes WHERE code = :code \gset

SELECT 1 FROM categories WHERE code = 'urban_rural_construction' AND active;

INSERT INTO receipt_counters (year, last) VALUES (:year, 1)
ON CONFLICT (year) DO UPDATE SET last = receipt_counters.last + 1
RETURNING last \gset

INSERT INTO submissions (receipt_no, tracking_token_hash, channel, code, representative_id, station_id,
    filed_by_user_id, filed_by_observer_id, kind, category, title, content, location_address, latitude, longitude,
    anonymous, contact_name_sealed, contact_phone_sealed, contact_phone_masked, contact_name_masked, status,
    created_at, updated_at)
VALUES ('MQ' || lpad((:year)::text, 4, '0') || '-' || lpad((:last)::text, 6, '0'),
    decode(md5(random()::text) || md5(random()::text), 'hex'), 'code', :code,
    :representative_id, :station_id, NULL, NULL, 'complaint',
    'urban_rural_construction', '小区路灯不亮，夜间出行不便',
    '江南社区12幢至15幢之间的路灯已经坏了两个多星期，晚上老人和孩子出行很不方便，希望有关部门尽快派人维修，并定期检查小区公共照明设施。',
    '杭州市滨江区西兴街道江南社区12幢旁', NULL, NULL,
    false, '\x3ace538cda79debb3db117fa6cbbd93dba8ca241450ef8440929c052bd422a88d449'::bytea,
    '\x6dca92e162a840be0ae28fe7d3d52fc5ec6d4f6c17314c294d0477ac9cc76481ccec6a17f77b3f'::bytea,
    '138****5678', '张*', 'submitted', now(), now())
RETURNING id \gset

INSERT INTO timeline_events (submission_id, at, actor_role, actor_id, action, from_status, to_status, note,
                             public, assignment_id, department_id)
VALUES (:id, now(), 'resident', NULL, 'submitted', NULL, 'submitted', 'channel: code', true, NULL, NULL);

COMMIT;
