-- Service supervision (R-SUP), negotiated unsubscription (R-UNS-3), the scheduler's timers and
-- the messages each role is told (R-AFT-4).

-- A seller may give a supervised SaaS or professional service a request template: what the
-- buyer's request should say.
ALTER TABLE products ADD COLUMN request_template TEXT;

-- One flow per supervised order, created in the payment's transaction.
CREATE TABLE service_flows (
    order_id              INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
    state                 TEXT NOT NULL CHECK (
                              state = 'awaiting_request' OR state = 'reviewing_request'
                              OR state = 'seller_deploying' OR state = 'awaiting_acceptance'
                              OR state = 'accepted' OR state = 'completed' OR state = 'frozen'
                              OR state = 'cancelled'),
    -- Where an open appeal froze the flow, to go on from there if it is settled for the seller.
    frozen_from           TEXT,
    request_rejections    INTEGER NOT NULL DEFAULT 0 CHECK (request_rejections >= 0),
    delivery_rejections   INTEGER NOT NULL DEFAULT 0 CHECK (delivery_rejections >= 0),
    -- Since when the seller has been silent: the seller's last operation, or the moment the
    -- flow last came to wait on the seller, whichever is later (R-SUP-5).
    seller_silent_since   TEXT NOT NULL,
    last_reminder_at      TEXT,
    accepted_at           TEXT,
    -- The actual enabling time the seller stated with its delivery, if any (R-REN-4).
    enabled_at            TEXT,
    completes_at          TEXT,
    -- The term of a yearly/monthly purchase, from acceptance or the enabling time (R-REN-4).
    valid_from            TEXT,
    valid_until           TEXT,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
) STRICT;

CREATE INDEX service_flows_by_state ON service_flows (state, seller_silent_since);

-- Every action on a flow, as an operation with the id the device that made it chose. Each
-- record keeps the SHA-256 of the one before it on the same flow (the first, of 64 zeros), so
-- that a changed or removed record breaks the chain.
CREATE TABLE flow_operations (
    seq           INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE,
    order_id      INTEGER NOT NULL REFERENCES service_flows (order_id) ON DELETE CASCADE,
    position      INTEGER NOT NULL CHECK (position >= 1),
    actor_role    TEXT NOT NULL CHECK (actor_role = 'buyer' OR actor_role = 'seller'
                                       OR actor_role = 'operations_manager' OR actor_role = 'system'),
    actor_id      TEXT NOT NULL,
    action        TEXT NOT NULL,
    remark        TEXT,
    -- What else the action said (an enabling time, a refund, a decision), as JSON; never a
    -- secret.
    details       TEXT NOT NULL,
    -- The operation as submitted, canonical JSON without secrets: a repeat of the same id is
    -- compared with it.
    fingerprint   TEXT NOT NULL,
    state_before  TEXT NOT NULL,
    state_after   TEXT NOT NULL,
    at            TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL,
    UNIQUE (order_id, position)
) STRICT;

-- Proof files, kept once by their SHA-256 whichever operations name them.
CREATE TABLE attachments (
    sha256  TEXT PRIMARY KEY,
    mime    TEXT NOT NULL,
    size    INTEGER NOT NULL CHECK (size >= 0),
    bytes   BLOB NOT NULL
) STRICT;

CREATE TABLE operation_attachments (
    operation_id  TEXT NOT NULL REFERENCES flow_operations (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    sha256        TEXT NOT NULL REFERENCES attachments (sha256),
    PRIMARY KEY (operation_id, position)
) STRICT;

-- Negotiated unsubscription requests (R-UNS-3).
CREATE TABLE unsubscriptions (
    id              INTEGER PRIMARY KEY,
    order_id        INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
    reason          TEXT NOT NULL,
    share_contact   INTEGER NOT NULL CHECK (share_contact = 0 OR share_contact = 1),
    status          TEXT NOT NULL CHECK (status = 'pending' OR status = 'approved' OR status = 'rejected'
                                         OR status = 'refunded'),
    -- The operation that made or reviewed it is written after it, in the same transaction.
    request_op      TEXT NOT NULL REFERENCES flow_operations (id) DEFERRABLE INITIALLY DEFERRED,
    requested_at    TEXT NOT NULL,
    review_op       TEXT REFERENCES flow_operations (id) DEFERRABLE INITIALLY DEFERRED,
    review_comment  TEXT,
    reviewed_at     TEXT,
    refund_due_at   TEXT,
    refunded_at     TEXT
) STRICT;

CREATE INDEX unsubscriptions_by_order ON unsubscriptions (order_id, id);
-- At most one request waits for the seller's review per order.
CREATE UNIQUE INDEX unsubscriptions_one_pending ON unsubscriptions (order_id) WHERE status = 'pending';

-- The scheduler's timers: each fires once, at its time, in time order with every other.
CREATE TABLE timers (
    id        INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    subject   INTEGER NOT NULL,
    due_at    TEXT NOT NULL,
    state     TEXT NOT NULL CHECK (state = 'pending' OR state = 'fired' OR state = 'cancelled'),
    -- What firing it did, for the record.
    outcome   TEXT,
    UNIQUE (kind, subject, due_at)
) STRICT;

CREATE INDEX timers_pending ON timers (due_at, id) WHERE state = 'pending';
CREATE INDEX timers_by_subject ON timers (kind, subject) WHERE state = 'pending';

-- What each role is told (R-AFT-4). The recipient is a buyer account, a seller, or the
-- operations manager ('operations').
CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    recipient_role  TEXT NOT NULL CHECK (recipient_role = 'buyer' OR recipient_role = 'seller'
                                         OR recipient_role = 'operations_manager'),
    recipient_id    TEXT NOT NULL,
    kind            TEXT NOT NULL,
    order_id        INTEGER REFERENCES orders (id) ON DELETE CASCADE,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    read_at         TEXT
) STRICT;

CREATE INDEX messages_by_recipient ON messages (recipient_role, recipient_id, id DESC);
