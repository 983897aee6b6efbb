-- Subscriptions (R-REN, R-MT-4): every yearly/monthly purchase over its life, and its renewals.

CREATE TABLE subscriptions (
    id                 INTEGER PRIMARY KEY,
    order_id           INTEGER NOT NULL UNIQUE REFERENCES orders (id) ON DELETE CASCADE,
    account_id         TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    period             TEXT NOT NULL CHECK (period = 'month' OR period = 'year'),
    term_start         TEXT NOT NULL,
    -- 23:59:59 on the term's last day in the buyer's time zone, as UTC (R-MT-4).
    expires_at         TEXT NOT NULL,
    state              TEXT NOT NULL CHECK (state = 'active' OR state = 'grace' OR state = 'retention'
                                            OR state = 'released' OR state = 'cancelled'),
    -- The specification after an upgrade (R-UP); none while it is the order's.
    edition            TEXT,
    users              INTEGER CHECK (users IS NULL OR users >= 1),
    auto_renew         INTEGER NOT NULL DEFAULT 0 CHECK (auto_renew = 0 OR auto_renew = 1),
    -- How much each automatic renewal adds: a month or a year.
    auto_renew_period  TEXT CHECK (auto_renew_period IS NULL OR auto_renew_period = 'month'
                                   OR auto_renew_period = 'year'),
    -- A date the buyer set for the next automatic renewal (YYYY-MM-DD, its time zone).
    auto_renew_date    TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
) STRICT;

CREATE INDEX subscriptions_by_account ON subscriptions (account_id, expires_at);

-- Every renewal, paid or refused, manual or automatic.
CREATE TABLE renewals (
    id               INTEGER PRIMARY KEY,
    subscription_id  INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    kind             TEXT NOT NULL CHECK (kind = 'manual' OR kind = 'auto'),
    -- One per renewal the buyer submits (or per automatic attempt): the same key never pays twice.
    idempotency_key  TEXT NOT NULL,
    period           TEXT NOT NULL CHECK (period = 'month' OR period = 'year'),
    duration         INTEGER NOT NULL CHECK (duration >= 1),
    amount_cents     INTEGER NOT NULL CHECK (amount_cents >= 0),
    from_expiry      TEXT NOT NULL,
    to_expiry        TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status = 'paid' OR status = 'reference_only' OR status = 'failed'),
    failure          TEXT,
    transaction_id   INTEGER REFERENCES ledger_transactions (id),
    at               TEXT NOT NULL,
    UNIQUE (subscription_id, idempotency_key)
) STRICT;

-- Every upgrade paid (R-UP), with its fee's lines as the buyer confirmed them.
CREATE TABLE upgrades (
    id               INTEGER PRIMARY KEY,
    subscription_id  INTEGER NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
    idempotency_key  TEXT NOT NULL,
    edition_from     TEXT NOT NULL,
    edition_to       TEXT NOT NULL,
    users_from       INTEGER,
    users_to         INTEGER,
    amount_cents     INTEGER NOT NULL CHECK (amount_cents >= 0),
    -- The quote (JSON): its lines, with their rule ids and arithmetic.
    quote            TEXT NOT NULL,
    transaction_id   INTEGER REFERENCES ledger_transactions (id),
    at               TEXT NOT NULL,
    UNIQUE (subscription_id, idempotency_key)
) STRICT;

-- An image's ECS instances expire with their order's subscription: a renewal moves their expiry
-- too, so that the console and hourly billing read the same date.
CREATE TRIGGER subscriptions_move_instance_expiry AFTER UPDATE OF expires_at ON subscriptions
BEGIN
    UPDATE ecs_instances SET expires_at = NEW.expires_at
    WHERE order_id = NEW.order_id AND expires_at IS NOT NULL;
END;
