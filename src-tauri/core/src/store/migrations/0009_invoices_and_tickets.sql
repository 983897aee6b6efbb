-- After sales (R-AFT-1, R-AFT-3): invoices of paid orders, and service tickets.

-- An invoice a buyer asked for. It is submitted, then issued by the operations manager (it
-- gets its number then); a reissue with corrected details supersedes it with a new invoice of
-- the same orders.
CREATE TABLE invoices (
    id             INTEGER PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- Given when issued: INV-<year>-<id, six digits>.
    number         TEXT UNIQUE,
    status         TEXT NOT NULL CHECK (status = 'submitted' OR status = 'issued' OR status = 'superseded'),
    title          TEXT NOT NULL,
    tax_id         TEXT NOT NULL,
    address        TEXT NOT NULL,
    email          TEXT NOT NULL,
    total_cents    INTEGER NOT NULL CHECK (total_cents > 0),
    -- The invoice this one corrects, when it is a reissue.
    reissue_of     INTEGER REFERENCES invoices (id),
    superseded_by  INTEGER REFERENCES invoices (id),
    requested_at   TEXT NOT NULL,
    issued_at      TEXT,
    superseded_at  TEXT,
    CHECK ((status = 'submitted' AND number IS NULL) OR (status <> 'submitted' AND number IS NOT NULL))
) STRICT;

CREATE INDEX invoices_by_account ON invoices (account_id, id DESC);
CREATE INDEX invoices_by_status ON invoices (status, id);

-- The orders an invoice covers, each with the amount as the order was charged. `live` is 1
-- while the invoice counts (submitted or issued) and 0 once it is superseded: an order is on
-- at most one live invoice, so no amount is invoiced twice.
CREATE TABLE invoice_orders (
    invoice_id    INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    order_id      INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL CHECK (position >= 1),
    amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
    live          INTEGER NOT NULL CHECK (live = 0 OR live = 1),
    PRIMARY KEY (invoice_id, order_id)
) STRICT;

CREATE UNIQUE INDEX invoice_orders_one_live ON invoice_orders (order_id) WHERE live = 1;

-- A service ticket (R-AFT-3): what the buyer asks the marketplace where the seller cannot
-- help, or about an invoice or credit. Open, answered by the operations manager, closed by
-- the buyer.
CREATE TABLE tickets (
    id           INTEGER PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    category     TEXT NOT NULL CHECK (category = 'invoice' OR category = 'seller_unreachable'
                                      OR category = 'credit' OR category = 'other'),
    order_id     INTEGER REFERENCES orders (id) ON DELETE CASCADE,
    invoice_id   INTEGER REFERENCES invoices (id) ON DELETE CASCADE,
    description  TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status = 'open' OR status = 'answered' OR status = 'closed'),
    reply        TEXT,
    opened_at    TEXT NOT NULL,
    answered_at  TEXT,
    closed_at    TEXT,
    CHECK ((status = 'open' AND reply IS NULL) OR status = 'closed' OR (status = 'answered' AND reply IS NOT NULL))
) STRICT;

CREATE INDEX tickets_by_account ON tickets (account_id, id DESC);
CREATE INDEX tickets_by_status ON tickets (status, id);

-- A ticket's files, kept once by their SHA-256 in `attachments` like proof files.
CREATE TABLE ticket_attachments (
    ticket_id  INTEGER NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL CHECK (position >= 1),
    name       TEXT NOT NULL,
    sha256     TEXT NOT NULL REFERENCES attachments (sha256),
    PRIMARY KEY (ticket_id, position)
) STRICT;
