-- Registry: categories, stations, representatives, observers, departments, users, tokens, codes, scans.

CREATE TABLE categories (
    code       text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
    name       text NOT NULL UNIQUE,
    position   integer NOT NULL,
    active     boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO categories (code, name, position) VALUES
    ('urban_rural_construction', '城乡建设', 1),
    ('transport', '交通出行', 2),
    ('parking', '停车管理', 3),
    ('education', '教育', 4),
    ('health', '医疗卫生', 5),
    ('elderly_care', '养老服务', 6),
    ('childcare', '托育服务', 7),
    ('social_security', '社会保障', 8),
    ('employment', '就业创业', 9),
    ('housing', '住房保障', 10),
    ('property_management', '物业管理', 11),
    ('elevator_retrofit', '加装电梯', 12),
    ('environment', '生态环境', 13),
    ('sanitation', '市容环卫', 14),
    ('greening', '园林绿化', 15),
    ('utilities', '水电气供应', 16),
    ('food_drug_safety', '食品药品安全', 17),
    ('consumer_rights', '消费维权', 18),
    ('market_regulation', '市场监管', 19),
    ('public_order', '社会治安', 20),
    ('public_safety', '公共安全', 21),
    ('business_environment', '营商环境', 22),
    ('enterprise_services', '企业服务', 23),
    ('agriculture_rural', '农业农村', 24),
    ('culture_tourism', '文化旅游', 25),
    ('sports_fitness', '体育健身', 26),
    ('community_governance', '社区治理', 27),
    ('other', '其他', 28);

CREATE TABLE stations (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name               text NOT NULL,
    level              text NOT NULL CHECK (level IN ('hub', 'centre', 'station', 'point')),
    parent_id          uuid REFERENCES stations (id),
    category           text NOT NULL CHECK (category IN ('industry', 'livelihood', 'international',
                           'common_prosperity', 'talent', 'school', 'community', 'enterprise', 'other')),
    address            text,
    latitude           double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude          double precision CHECK (longitude BETWEEN -180 AND 180),
    reception_schedule jsonb,
    phone              text,
    active             boolean NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX stations_order ON stations (created_at, id);
CREATE INDEX stations_parent ON stations (parent_id);

CREATE TABLE departments (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name           text NOT NULL,
    level          text NOT NULL CHECK (level IN ('village', 'township', 'county', 'city')),
    parent_id      uuid REFERENCES departments (id),
    contact_person text,
    phone          text,
    active         boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (parent_id IS DISTINCT FROM id)
);
CREATE INDEX departments_order ON departments (created_at, id);
CREATE INDEX departments_parent ON departments (parent_id);

CREATE TABLE representatives (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name            text NOT NULL,
    level           text NOT NULL CHECK (level IN ('national', 'provincial', 'city', 'county', 'township')),
    sector          text,
    home_station_id uuid NOT NULL REFERENCES stations (id),
    bio             text,
    photo_url       text,
    phone           text,
    term_ends_on    date,
    active          boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX representatives_order ON representatives (created_at, id);
CREATE INDEX representatives_home ON representatives (home_station_id);

-- Station memberships besides the home station.
CREATE TABLE representative_stations (
    representative_id uuid NOT NULL REFERENCES representatives (id),
    station_id        uuid NOT NULL REFERENCES stations (id),
    PRIMARY KEY (representative_id, station_id)
);
CREATE INDEX representative_stations_station ON representative_stations (station_id);

CREATE TABLE observers (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name              text NOT NULL,
    role_text         text,
    representative_id uuid NOT NULL REFERENCES representatives (id),
    station_id        uuid NOT NULL REFERENCES stations (id),
    active            boolean NOT NULL DEFAULT true,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX observers_order ON observers (created_at, id);
CREATE INDEX observers_representative ON observers (representative_id);

CREATE TABLE users (
    id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username          text NOT NULL,
    password_hash     text NOT NULL,
    role              text NOT NULL CHECK (role IN ('admin', 'representative', 'observer', 'department')),
    representative_id uuid REFERENCES representatives (id),
    observer_id       uuid REFERENCES observers (id),
    department_id     uuid REFERENCES departments (id),
    active            boolean NOT NULL DEFAULT true,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    -- exactly the binding the role requires
    CHECK ((role = 'representative') = (representative_id IS NOT NULL)),
    CHECK ((role = 'observer') = (observer_id IS NOT NULL)),
    CHECK ((role = 'department') = (department_id IS NOT NULL))
);
CREATE UNIQUE INDEX users_username ON users (lower(username));
CREATE INDEX users_department ON users (department_id) WHERE department_id IS NOT NULL;
CREATE INDEX users_representative ON users (representative_id) WHERE representative_id IS NOT NULL;

-- Bearer tokens, stored only as SHA-256 of the token.
CREATE TABLE auth_tokens (
    token_hash bytea PRIMARY KEY,
    user_id    uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX auth_tokens_user ON auth_tokens (user_id);

-- Failed logins, counted per username and per client address over a sliding window.
CREATE TABLE login_failures (
    scope     text NOT NULL CHECK (scope IN ('username', 'address')),
    key       text NOT NULL,
    failed_at timestamptz NOT NULL
);
CREATE INDEX login_failures_lookup ON login_failures (scope, key, failed_at);

CREATE TABLE codes (
    code              text PRIMARY KEY CHECK (code ~ '^[a-z2-9]{8,32}$'),
    kind              text NOT NULL CHECK (kind IN ('representative', 'station', 'activity')),
    representative_id uuid REFERENCES representatives (id),
    station_id        uuid NOT NULL REFERENCES stations (id),
    -- the row the code is bound to: the representative for representative codes, else the station
    target_id         uuid NOT NULL,
    status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
    created_at        timestamptz NOT NULL,
    revoked_at        timestamptz,
    CHECK ((kind = 'representative') = (representative_id IS NOT NULL)),
    CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
);
-- One active code per target and kind: re-issuing revokes the previous one.
CREATE UNIQUE INDEX codes_one_active ON codes (kind, target_id) WHERE status = 'active';
CREATE INDEX codes_target ON codes (target_id, created_at);

CREATE TABLE code_scans (
    code  text NOT NULL REFERENCES codes (code),
    day   date NOT NULL,
    scans integer NOT NULL CHECK (scans > 0),
    PRIMARY KEY (code, day)
);
