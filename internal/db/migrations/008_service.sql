-- 党群服务阵地 and 点单式服务: the four-level service posts of each district,
-- their service menus and member units, the working-day calendar, orders
-- with one handling row per responsible unit (直通联办), the order history,
-- and the Open311 API clients. Orders carry the area path of their grid so
-- the caller's scope is one range scan, like every registry table.

-- The level structure of a district: 吉阳区 is "1+8+38+N".
CREATE TABLE post_levels (
    district_id BIGINT NOT NULL REFERENCES areas(id),
    level INTEGER NOT NULL,
    name TEXT NOT NULL,
    planned INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (district_id, level)
);

CREATE TABLE posts (
    id {PK},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level INTEGER NOT NULL,
    parent_id BIGINT REFERENCES posts(id),
    district_id BIGINT NOT NULL REFERENCES areas(id),
    area_id BIGINT NOT NULL REFERENCES areas(id),
    area_path {PATH} NOT NULL,
    lat DOUBLE PRECISION NOT NULL,
    lng DOUBLE PRECISION NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    hours TEXT NOT NULL DEFAULT '',
    build_status TEXT NOT NULL,
    batch TEXT NOT NULL DEFAULT '',
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX posts_area ON posts(area_path, level, id);
CREATE INDEX posts_parent ON posts(parent_id);

-- The areas a post serves (a station its community, a big-community centre
-- its communities, a point its grids).
CREATE TABLE post_areas (
    post_id BIGINT NOT NULL REFERENCES posts(id),
    area_id BIGINT NOT NULL REFERENCES areas(id),
    PRIMARY KEY (post_id, area_id)
);
CREATE INDEX post_areas_area ON post_areas(area_id);

CREATE TABLE post_staff (
    id {PK},
    post_id BIGINT NOT NULL REFERENCES posts(id),
    user_id BIGINT REFERENCES users(id),
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    UNIQUE (post_id, name)
);
CREATE INDEX post_staff_user ON post_staff(user_id);

-- 共驻共建: the member units of a (big-community) post.
CREATE TABLE post_units (
    post_id BIGINT NOT NULL REFERENCES posts(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (post_id, unit_id)
);

CREATE TABLE menu_items (
    id {PK},
    code TEXT NOT NULL UNIQUE,
    post_id BIGINT NOT NULL REFERENCES posts(id),
    category TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    limit_days INTEGER NOT NULL,
    fields TEXT NOT NULL DEFAULT '[]',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at {TS} NOT NULL
);
CREATE INDEX menu_items_post ON menu_items(post_id, category);

CREATE TABLE menu_item_units (
    item_id BIGINT NOT NULL REFERENCES menu_items(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (item_id, unit_id)
);

-- Public holidays and make-up working days (调休), as data.
CREATE TABLE holidays (
    day TEXT PRIMARY KEY,
    off BOOLEAN NOT NULL,
    name TEXT NOT NULL DEFAULT ''
);

CREATE TABLE api_clients (
    id {PK},
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    key_prefix TEXT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at {TS} NOT NULL
);

CREATE TABLE orders (
    id {PK},
    token TEXT NOT NULL UNIQUE,
    idem_key TEXT UNIQUE,
    channel TEXT NOT NULL,
    orderer_kind TEXT NOT NULL,
    user_id BIGINT REFERENCES users(id),
    client_id BIGINT REFERENCES api_clients(id),
    contact_name TEXT NOT NULL DEFAULT '',
    contact_enc {BLOB},
    contact_mask TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL,
    item_id BIGINT REFERENCES menu_items(id),
    description TEXT NOT NULL,
    attributes TEXT NOT NULL DEFAULT '{}',
    media_url TEXT NOT NULL DEFAULT '',
    lat DOUBLE PRECISION NOT NULL,
    lng DOUBLE PRECISION NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    grid_id BIGINT REFERENCES areas(id),
    area_id BIGINT NOT NULL REFERENCES areas(id),
    area_path {PATH} NOT NULL,
    district_id BIGINT NOT NULL REFERENCES areas(id),
    post_id BIGINT NOT NULL REFERENCES posts(id),
    origin_post_id BIGINT NOT NULL REFERENCES posts(id),
    escalation INTEGER NOT NULL DEFAULT 0,
    overdue BOOLEAN NOT NULL DEFAULT FALSE,
    status TEXT NOT NULL,
    follow_up INTEGER NOT NULL DEFAULT 1,
    limit_days INTEGER NOT NULL,
    deadline {TS} NOT NULL,
    merged_into BIGINT REFERENCES orders(id),
    rating TEXT,
    rating_note TEXT NOT NULL DEFAULT '',
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL,
    closed_at {TS}
);
CREATE INDEX orders_area ON orders(area_path, id);
CREATE INDEX orders_post ON orders(post_id, status);
CREATE INDEX orders_user ON orders(user_id, id);
CREATE INDEX orders_due ON orders(status, deadline);
CREATE INDEX orders_near ON orders(category, status, lat);

-- 直通联办: one row per responsible unit, each with its own status.
CREATE TABLE order_handlers (
    order_id BIGINT NOT NULL REFERENCES orders(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    updated_at {TS} NOT NULL,
    PRIMARY KEY (order_id, unit_id)
);
CREATE INDEX order_handlers_unit ON order_handlers(unit_id, status);

CREATE TABLE order_events (
    id {PK},
    order_id BIGINT NOT NULL REFERENCES orders(id),
    unit_id BIGINT REFERENCES units(id),
    action TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status TEXT NOT NULL DEFAULT '',
    actor_id BIGINT,
    actor_name TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    created_at {TS} NOT NULL
);
CREATE INDEX order_events_order ON order_events(order_id, id);

INSERT INTO revisions (name, rev) VALUES ('areas', 0);
