-- A station's duty rota (代表轮值驻站): slots on local dates with the representatives on duty, their
-- check-ins on the day, and the reception each slot held (visitors; the submissions filed there are
-- channel 'reception' with the slot's id).
CREATE TABLE rota_slots (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    station_id  uuid NOT NULL REFERENCES stations (id),
    day         date NOT NULL,
    from_minute integer NOT NULL CHECK (from_minute BETWEEN 0 AND 1439),
    to_minute   integer NOT NULL CHECK (to_minute BETWEEN 1 AND 1440),
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    visitors    integer CHECK (visitors >= 0),
    note        text,
    recorded_at timestamptz,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    CHECK (to_minute > from_minute),
    CHECK (ends_at > starts_at)
);
CREATE INDEX rota_slots_station ON rota_slots (station_id, day, from_minute);
CREATE INDEX rota_slots_starts ON rota_slots (starts_at);

CREATE TABLE rota_slot_representatives (
    slot_id           uuid NOT NULL REFERENCES rota_slots (id) ON DELETE CASCADE,
    representative_id uuid NOT NULL REFERENCES representatives (id),
    checked_in_at     timestamptz,
    PRIMARY KEY (slot_id, representative_id)
);
CREATE INDEX rota_slot_representatives_representative ON rota_slot_representatives (representative_id);

ALTER TABLE submissions ADD COLUMN rota_slot_id uuid REFERENCES rota_slots (id);
CREATE INDEX submissions_rota_slot ON submissions (rota_slot_id) WHERE rota_slot_id IS NOT NULL;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON rota_slots
    FOR EACH ROW EXECUTE FUNCTION audit_row('rota_slot', 'id');
