-- My Favorites (R-BUY-2) and product requirements (R-AFT). Both belong to a buyer account and
-- go with it. A favourite also goes with its product when the catalog drops it.

CREATE TABLE favorites (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    product_pk INTEGER NOT NULL REFERENCES products (pk) ON DELETE CASCADE,
    -- The saved specification: an edition code of the product and one of its price plans.
    edition    TEXT NOT NULL,
    billing    TEXT NOT NULL CHECK (billing IN ('pay_per_use', 'yearly_monthly')),
    period     TEXT NOT NULL CHECK (period IN ('hour', 'month', 'year')),
    duration   INTEGER NOT NULL CHECK (duration >= 1),
    -- Only for per-user plans.
    users      INTEGER CHECK (users IS NULL OR users >= 1),
    -- RFC 3339 UTC, of the first save: saving again changes the specification, not the place.
    saved_at   TEXT NOT NULL,
    PRIMARY KEY (account_id, product_pk)
) STRICT;

CREATE INDEX favorites_by_product ON favorites (product_pk);

CREATE TABLE requirements (
    id           INTEGER PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    requirement  TEXT NOT NULL,
    company      TEXT NOT NULL,
    contact      TEXT NOT NULL,
    phone        TEXT NOT NULL,
    email        TEXT NOT NULL,
    -- What the buyer searched for before giving up, when the form was opened from a search.
    search_text  TEXT,
    submitted_at TEXT NOT NULL
) STRICT;

CREATE INDEX requirements_by_account ON requirements (account_id, submitted_at DESC);
