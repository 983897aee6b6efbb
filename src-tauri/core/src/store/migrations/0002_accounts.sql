-- Buyer accounts (R-BUY-1). Balances are never stored: they are derived from ledger entries.

CREATE TABLE accounts (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('direct_prepaid', 'direct_postpaid', 'reseller_customer')),
    email     TEXT NOT NULL,
    mobile    TEXT NOT NULL,
    iam_user  TEXT NOT NULL,
    -- The buyer's time zone, for counting days (R-MT-3) and showing times (R-MT-4).
    time_zone TEXT NOT NULL
) STRICT;
