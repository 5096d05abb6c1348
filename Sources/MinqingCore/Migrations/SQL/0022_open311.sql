-- Open311 GeoReport v2, the second front door: each calling system (a department's CRM, a 311 app) has
-- its own api_key, stored as its SHA-256 only, bound to a region and optionally a station, where its
-- filings land; revoked keys stay for the record. Filings through it have channel 'open311', the key that
-- filed them, and the media URL the standard carries.
CREATE TABLE open311_keys (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name               text NOT NULL,
    key_hash           bytea NOT NULL UNIQUE,
    region_id          uuid NOT NULL REFERENCES regions (id),
    station_id         uuid REFERENCES stations (id),
    created_by_user_id uuid REFERENCES users (id),
    created_at         timestamptz NOT NULL,
    revoked_at         timestamptz
);
CREATE INDEX open311_keys_region ON open311_keys (region_id, created_at, id);

ALTER TABLE submissions DROP CONSTRAINT submissions_channel_check;
ALTER TABLE submissions ADD CONSTRAINT submissions_channel_check
    CHECK (channel IN ('code', 'reception', 'observer', 'phone', 'activity', 'suggestion', 'open311'));
ALTER TABLE submissions ADD COLUMN open311_key_id uuid REFERENCES open311_keys (id);
ALTER TABLE submissions ADD COLUMN media_url text;
ALTER TABLE submissions ADD CONSTRAINT submissions_open311_key CHECK ((channel = 'open311') = (open311_key_id IS NOT NULL));
-- GET /requests lists a key's own filings, newest first
CREATE INDEX submissions_open311 ON submissions (open311_key_id, created_at DESC, id DESC) WHERE open311_key_id IS NOT NULL;
