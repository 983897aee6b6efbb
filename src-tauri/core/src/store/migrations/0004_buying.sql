-- Buying (R-BUY, R-MT-5): how an account pays, the double-entry ledger, orders with their
-- history and idempotency keys, and what a paid order delivers (Purchased Apps).
--
-- Money is stored as integer cents: SQLite sums integers exactly, where it would sum decimal
-- text as floating point. Rust reads them back into rust_decimal.

-- Credit is enabled per postpaid account on request (R-BUY-1).
ALTER TABLE accounts ADD COLUMN credit_enabled INTEGER NOT NULL DEFAULT 0 CHECK (credit_enabled IN (0, 1));
ALTER TABLE accounts ADD COLUMN credit_limit_cents INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit_cents >= 0);

-- Cards on file, masked: the brand and the last four digits, and the payment provider's token
-- for the card. The card number itself is never stored.
CREATE TABLE account_cards (
    id         INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    brand      TEXT NOT NULL,
    last4      TEXT NOT NULL CHECK (length(last4) = 4 AND last4 NOT GLOB '*[^0-9]*'),
    token      TEXT NOT NULL,
    added_at   TEXT NOT NULL
) STRICT;

CREATE INDEX account_cards_by_account ON account_cards (account_id);

-- An order keeps a snapshot of what was bought and for how much, so that it reads the same
-- after the catalog changes or drops the product.
CREATE TABLE orders (
    id               INTEGER PRIMARY KEY,
    account_id       TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- One checkout, one key: the same key never makes a second order (R-BUY-3).
    idempotency_key  TEXT NOT NULL,
    -- The checkout's contents as canonical JSON, to tell a retry from a different checkout.
    checkout         TEXT NOT NULL,
    product_id       TEXT NOT NULL,
    product_name     TEXT NOT NULL,
    seller_id        TEXT NOT NULL,
    seller_name      TEXT NOT NULL,
    delivery         TEXT NOT NULL,
    supervised       INTEGER NOT NULL CHECK (supervised IN (0, 1)),
    edition          TEXT NOT NULL,
    edition_name     TEXT NOT NULL,
    billing          TEXT NOT NULL CHECK (billing IN ('pay_per_use', 'yearly_monthly')),
    period           TEXT NOT NULL CHECK (period IN ('hour', 'month', 'year')),
    duration         INTEGER NOT NULL CHECK (duration >= 1),
    users            INTEGER CHECK (users IS NULL OR users >= 1),
    quantity         INTEGER NOT NULL CHECK (quantity >= 1),
    -- The itemised quote (JSON) the buyer confirmed.
    quote            TEXT NOT NULL,
    amount_cents     INTEGER NOT NULL CHECK (amount_cents >= 0),
    -- A reseller customer pays nothing here: the amount is for reference only.
    payment_method   TEXT NOT NULL CHECK (payment_method IN ('balance', 'card', 'credit', 'reseller')),
    card_id          INTEGER REFERENCES account_cards (id),
    status           TEXT NOT NULL
                     CHECK (status IN ('pending_payment', 'paid', 'processing', 'completed', 'cancelled')),
    -- Why a cancelled order was cancelled.
    failure          TEXT,
    -- The error code of that failure (payment_declined, insufficient_balance…), so that a
    -- retry of the same checkout answers as the first attempt did.
    failure_code     TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (account_id, idempotency_key)
) STRICT;

CREATE INDEX orders_by_account ON orders (account_id, id DESC);

-- Every change of an order's status, in order.
CREATE TABLE order_events (
    id       INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    status   TEXT NOT NULL,
    note     TEXT,
    at       TEXT NOT NULL
) STRICT;

CREATE INDEX order_events_by_order ON order_events (order_id, id);

-- The ledger (R-MT-5). A transaction's entries sum to zero; a balance is the sum of the
-- entries of its ledger account ("buyer_balance:acme-prepaid") and is never stored alone.
CREATE TABLE ledger_transactions (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('top_up', 'payment', 'refund', 'credit_use')),
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    order_id   INTEGER REFERENCES orders (id) ON DELETE CASCADE,
    -- The payment provider's reference for the movement, when it went through one.
    reference  TEXT,
    memo       TEXT NOT NULL,
    at         TEXT NOT NULL
) STRICT;

CREATE INDEX ledger_transactions_by_account ON ledger_transactions (account_id, id);
CREATE INDEX ledger_transactions_by_order ON ledger_transactions (order_id);

CREATE TABLE ledger_entries (
    id             INTEGER PRIMARY KEY,
    transaction_id INTEGER NOT NULL REFERENCES ledger_transactions (id) ON DELETE CASCADE,
    ledger_account TEXT NOT NULL,
    amount_cents   INTEGER NOT NULL CHECK (amount_cents <> 0)
) STRICT;

CREATE INDEX ledger_entries_by_account ON ledger_entries (ledger_account);
CREATE INDEX ledger_entries_by_transaction ON ledger_entries (transaction_id);

-- What a paid order delivers. For SaaS: the application account, its initial password
-- encrypted (ChaCha20-Poly1305, key in a file beside the data file) and its addresses.
CREATE TABLE purchased_apps (
    order_id          INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
    user_name         TEXT,
    password_nonce    BLOB,
    password_cipher   BLOB,
    management_url    TEXT,
    front_end_url     TEXT,
    CHECK ((password_nonce IS NULL) = (password_cipher IS NULL))
) STRICT;
