-- Sellers who work offline (R-SYNC): the marketplace's side. A seller's laptop is enrolled
-- with a one-time code and then carries a device token; it pushes its operations in order,
-- numbered by the device, and the marketplace keeps each one's outcome to answer a repeat.

-- A one-time code the operations manager gives a seller to enrol a laptop. Only its SHA-256
-- is kept: whoever reads the file cannot enrol with it.
CREATE TABLE enrolment_codes (
    code_hash   TEXT PRIMARY KEY,
    seller_id   TEXT NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
    issued_at   TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    device_id   INTEGER REFERENCES seller_devices (id),
    CHECK ((used_at IS NULL) = (device_id IS NULL))
) STRICT;

-- An enrolled laptop. Its token is kept as a SHA-256 only; revoking it refuses every later
-- call. `last_seq` is the number of the last operation the device pushed: the next must be
-- one more.
CREATE TABLE seller_devices (
    id            INTEGER PRIMARY KEY,
    seller_id     TEXT NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    enrolled_at   TEXT NOT NULL,
    revoked_at    TEXT,
    last_seq      INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    last_seen_at  TEXT
) STRICT;

CREATE INDEX seller_devices_by_seller ON seller_devices (seller_id, id);

-- What became of each operation a device pushed, by its number: applied, or refused with the
-- code and message it was refused with. A push repeated after a lost answer is answered from
-- here and applies nothing again.
CREATE TABLE device_operations (
    device_id     INTEGER NOT NULL REFERENCES seller_devices (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL CHECK (seq >= 1),
    operation_id  TEXT NOT NULL,
    order_id      INTEGER NOT NULL,
    outcome       TEXT NOT NULL CHECK (outcome = 'applied' OR outcome = 'refused'),
    code          TEXT,
    message       TEXT,
    -- When the seller did it, by the laptop's clock; for the record only.
    made_at       TEXT,
    received_at   TEXT NOT NULL,
    PRIMARY KEY (device_id, seq),
    CHECK ((outcome = 'applied') = (code IS NULL))
) STRICT;

-- What changed in each seller's service flows, in the marketplace's order: a laptop pulls the
-- flows changed after the last position it has seen (its cursor), never by any device's clock.
-- Written by triggers, so that every way a flow changes (a buyer's action, the clock's
-- completion, a settlement, a refund) is seen.
CREATE TABLE seller_changes (
    cursor     INTEGER PRIMARY KEY AUTOINCREMENT,
    seller_id  TEXT NOT NULL,
    order_id   INTEGER NOT NULL
) STRICT;

CREATE INDEX seller_changes_by_seller ON seller_changes (seller_id, cursor);

INSERT INTO seller_changes (seller_id, order_id)
SELECT o.seller_id, f.order_id FROM service_flows f JOIN orders o ON o.id = f.order_id ORDER BY f.order_id;

CREATE TRIGGER service_flows_seen_inserted AFTER INSERT ON service_flows
BEGIN
    INSERT INTO seller_changes (seller_id, order_id) SELECT seller_id, id FROM orders WHERE id = NEW.order_id;
END;

CREATE TRIGGER service_flows_seen_updated AFTER UPDATE ON service_flows
BEGIN
    INSERT INTO seller_changes (seller_id, order_id) SELECT seller_id, id FROM orders WHERE id = NEW.order_id;
END;

CREATE TRIGGER flow_operations_seen AFTER INSERT ON flow_operations
BEGIN
    INSERT INTO seller_changes (seller_id, order_id) SELECT seller_id, id FROM orders WHERE id = NEW.order_id;
END;

CREATE TRIGGER unsubscriptions_seen_inserted AFTER INSERT ON unsubscriptions
BEGIN
    INSERT INTO seller_changes (seller_id, order_id) SELECT seller_id, id FROM orders WHERE id = NEW.order_id;
END;

CREATE TRIGGER unsubscriptions_seen_updated AFTER UPDATE ON unsubscriptions
BEGIN
    INSERT INTO seller_changes (seller_id, order_id) SELECT seller_id, id FROM orders WHERE id = NEW.order_id;
END;

CREATE TRIGGER orders_seen_updated AFTER UPDATE OF status ON orders
WHEN EXISTS (SELECT 1 FROM service_flows WHERE order_id = NEW.id)
BEGIN
    INSERT INTO seller_changes (seller_id, order_id) VALUES (NEW.seller_id, NEW.id);
END;

-- The seller's laptop's side: the marketplace this store is a copy of (one at most), and the
-- actions made on the copy, in the order the seller made them, until the marketplace answers.
CREATE TABLE marketplace_link (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    address         TEXT NOT NULL,
    -- The SHA-256 of the marketplace's certificate, pinned at enrolment; none on loopback.
    fingerprint     TEXT,
    seller_id       TEXT NOT NULL,
    device_id       INTEGER NOT NULL,
    -- The device token, sealed with the store's key like every other secret.
    token_nonce     BLOB NOT NULL,
    token_cipher    BLOB NOT NULL,
    -- Where the next pull starts, as the marketplace numbered its changes.
    cursor          INTEGER NOT NULL DEFAULT 0 CHECK (cursor >= 0),
    connected_at    TEXT NOT NULL,
    last_synced_at  TEXT,
    -- Why the last attempt to reach the marketplace failed, until one succeeds.
    last_error      TEXT
) STRICT;

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    operation_id    TEXT NOT NULL UNIQUE,
    order_id        INTEGER NOT NULL,
    -- The operation as its fingerprint shows it: files by name and hash (kept in
    -- `attachments`), a SaaS application without its password.
    operation       TEXT NOT NULL,
    -- A SaaS delivery's initial password, sealed.
    secret_nonce    BLOB,
    secret_cipher   BLOB,
    made_at         TEXT NOT NULL,
    -- Given when it is first sent, one more than the last: the marketplace's order.
    seq             INTEGER UNIQUE CHECK (seq IS NULL OR seq >= 1),
    state           TEXT NOT NULL CHECK (state = 'waiting' OR state = 'sent' OR state = 'applied'
                                         OR state = 'refused' OR state = 'withdrawn'),
    code            TEXT,
    message         TEXT,
    settled_at      TEXT,
    -- Numbered once sent; one refused or withdrawn before it was sent keeps no number.
    CHECK ((state = 'waiting' AND seq IS NULL) OR ((state = 'sent' OR state = 'applied') AND seq IS NOT NULL)
           OR state = 'refused' OR state = 'withdrawn')
) STRICT;

CREATE INDEX outbox_by_order ON outbox (order_id, id);
