-- Invoices cover charges, not orders (R-AFT-1: an amount is invoiced at most once). A
-- yearly/monthly subscription is charged again after its order, by each renewal and upgrade;
-- with one line per order, an order once invoiced left those charges with no way onto an
-- invoice.
--
-- One line per charge: the order's payment (`charge_id` is the order's id), a paid renewal
-- (`renewals.id`) or a paid upgrade (`upgrades.id`), with the order it belongs to and the
-- amount as it was charged. `live` is 1 while the invoice counts (submitted or issued) and 0
-- once it is superseded: a charge is on at most one live invoice.
CREATE TABLE invoice_charges (
    invoice_id    INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind = 'order' OR kind = 'renewal' OR kind = 'upgrade'),
    charge_id     INTEGER NOT NULL,
    order_id      INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL CHECK (position >= 1),
    amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
    live          INTEGER NOT NULL CHECK (live = 0 OR live = 1),
    PRIMARY KEY (invoice_id, kind, charge_id),
    UNIQUE (invoice_id, position),
    CHECK (kind <> 'order' OR charge_id = order_id)
) STRICT;

CREATE UNIQUE INDEX invoice_charges_one_live ON invoice_charges (kind, charge_id) WHERE live = 1;

-- What an order has on live invoices, asked for every order Billing Center lists.
CREATE INDEX invoice_charges_by_order ON invoice_charges (order_id) WHERE live = 1;

INSERT INTO invoice_charges (invoice_id, kind, charge_id, order_id, position, amount_cents, live)
SELECT invoice_id, 'order', order_id, order_id, position, amount_cents, live FROM invoice_orders;

-- Nothing reads the per-order lines any more: every one of them is a line above.
DROP TABLE invoice_orders;
