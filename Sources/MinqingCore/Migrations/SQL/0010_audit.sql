-- The audit trail: every write by a signed-in caller outside the submission timeline (registry, users,
-- codes, regions, calendar, categories, webhooks, reports, oversight, spot checks, contact reveals) and every
-- login, successful or not. Written by triggers on the audited tables, so it is in the same transaction as
-- the write and no code path can forget it. The API puts who is acting into the transaction
-- (`set_config('minqing.audit', {actor_id, actor_role, actor_region, address, request_id}, true)`, see
-- AuditContext); a write without it (the worker, the command line) is not an API caller's and is not
-- recorded here.

CREATE TABLE audit_events (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    actor_id       uuid,
    actor_role     text,
    action         text NOT NULL,
    object_type    text NOT NULL,
    object_id      text,
    -- the row as created, or the changed columns with their new values; never a secret column
    summary        jsonb NOT NULL DEFAULT '{}',
    client_address text,
    request_id     text,
    -- the region the object lies in (else the actor's): what a region's staff may read
    region_id      uuid
);
CREATE INDEX audit_events_order ON audit_events (at DESC, id DESC);
CREATE INDEX audit_events_actor ON audit_events (actor_id, at DESC);
CREATE INDEX audit_events_object ON audit_events (object_id, at DESC);
CREATE INDEX audit_events_region ON audit_events (region_id, at DESC);

-- Append-only: the database refuses to change or remove what was recorded.
CREATE FUNCTION audit_events_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_refuse();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse();

-- One row of an audited table changed. TG_ARGV[0] is the object type, the further arguments the columns
-- that make its id (joined with '/').
CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    context     jsonb := nullif(current_setting('minqing.audit', true), '')::jsonb;
    object_type text := TG_ARGV[0];
    data        jsonb;
    summary     jsonb;
    verb        text;
    region      uuid;
BEGIN
    IF context IS NULL THEN
        RETURN NULL;
    END IF;
    data := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
    IF TG_OP = 'UPDATE' THEN
        SELECT coalesce(jsonb_object_agg(e.key, e.value), '{}') INTO summary
        FROM jsonb_each(data) AS e
        WHERE to_jsonb(OLD) -> e.key IS DISTINCT FROM e.value AND e.key <> 'updated_at';
        IF summary = '{}' THEN
            RETURN NULL;  -- nothing changed
        END IF;
    ELSE
        summary := data;
    END IF;
    summary := summary - ARRAY['password_hash', 'token_hash', 'secret_sealed', 'contact_name_sealed',
                               'contact_phone_sealed', 'tracking_token_hash', 'request_hash', 'data'];
    verb := CASE object_type
        WHEN 'session' THEN CASE TG_OP WHEN 'INSERT' THEN 'login.succeeded' ELSE 'session.revoked' END
        WHEN 'login' THEN 'login.failed'
        WHEN 'contact' THEN 'contact.revealed'
        ELSE object_type || '.' || CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END
    END;
    region := coalesce(
        CASE object_type
            WHEN 'region' THEN (data ->> 'id')::uuid
            WHEN 'code' THEN (SELECT region_id FROM stations WHERE id = (data ->> 'station_id')::uuid)
            WHEN 'observer' THEN (SELECT region_id FROM stations WHERE id = (data ->> 'station_id')::uuid)
            WHEN 'webhook_endpoint' THEN (SELECT region_id FROM departments WHERE id = (data ->> 'department_id')::uuid)
            WHEN 'contact' THEN (SELECT region_id FROM submissions WHERE id = (data ->> 'submission_id')::uuid)
            WHEN 'user' THEN coalesce(
                (data ->> 'region_id')::uuid,
                (SELECT region_id FROM representatives WHERE id = (data ->> 'representative_id')::uuid),
                (SELECT region_id FROM departments WHERE id = (data ->> 'department_id')::uuid),
                (SELECT st.region_id FROM observers o JOIN stations st ON st.id = o.station_id
                 WHERE o.id = (data ->> 'observer_id')::uuid))
            ELSE (data ->> 'region_id')::uuid
        END,
        (context ->> 'actor_region')::uuid);
    INSERT INTO audit_events (actor_id, actor_role, action, object_type, object_id, summary, client_address, request_id,
                              region_id)
    -- a sign-in is the signing-in user's own act
    VALUES (coalesce((context ->> 'actor_id')::uuid, CASE object_type WHEN 'session' THEN (data ->> 'user_id')::uuid END),
            coalesce(context ->> 'actor_role',
                     CASE object_type WHEN 'session' THEN (SELECT role FROM users WHERE id = (data ->> 'user_id')::uuid) END),
            verb, object_type,
            array_to_string(ARRAY(SELECT data ->> k FROM unnest(TG_ARGV[1:]) AS k), '/'), summary,
            context ->> 'address', context ->> 'request_id', region);
    RETURN NULL;
END
$$;

CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON regions FOR EACH ROW EXECUTE FUNCTION audit_row('region', 'id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON stations FOR EACH ROW EXECUTE FUNCTION audit_row('station', 'id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON departments FOR EACH ROW EXECUTE FUNCTION audit_row('department', 'id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON representatives
    FOR EACH ROW EXECUTE FUNCTION audit_row('representative', 'id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON observers FOR EACH ROW EXECUTE FUNCTION audit_row('observer', 'id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON categories FOR EACH ROW EXECUTE FUNCTION audit_row('category', 'code');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION audit_row('user', 'id');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON codes FOR EACH ROW EXECUTE FUNCTION audit_row('code', 'code');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON calendar_days
    FOR EACH ROW EXECUTE FUNCTION audit_row('calendar_day', 'day');
CREATE TRIGGER audit AFTER INSERT OR UPDATE OR DELETE ON webhook_endpoints
    FOR EACH ROW EXECUTE FUNCTION audit_row('webhook_endpoint', 'id');
CREATE TRIGGER audit AFTER UPDATE ON reports
    FOR EACH ROW EXECUTE FUNCTION audit_row('report', 'kind', 'period_key', 'version');
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON oversight_meetings
    FOR EACH ROW EXECUTE FUNCTION audit_row('oversight_meeting', 'quarter');
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON spot_check_verdicts
    FOR EACH ROW EXECUTE FUNCTION audit_row('spot_check_verdict', 'year', 'submission_id');
-- sign-ins and sign-outs, failed sign-ins (one row per attempt: the username's), contact reveals
CREATE TRIGGER audit AFTER INSERT OR UPDATE ON auth_tokens FOR EACH ROW EXECUTE FUNCTION audit_row('session', 'user_id');
CREATE TRIGGER audit AFTER INSERT ON login_failures
    FOR EACH ROW WHEN (NEW.scope = 'username') EXECUTE FUNCTION audit_row('login', 'key');
CREATE TRIGGER audit AFTER INSERT ON timeline_events
    FOR EACH ROW WHEN (NEW.action = 'contact_revealed') EXECUTE FUNCTION audit_row('contact', 'submission_id');
