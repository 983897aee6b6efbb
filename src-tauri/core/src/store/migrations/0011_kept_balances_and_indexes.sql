-- Each ledger account's balance, kept beside its entries and moved by the same statement
-- that posts them (`ledger::post`). A buyer who holds thousands of subscriptions is charged
-- thousands of times a year; summing every entry of the account at each charge made the
-- scheduler's year quadratic in them. The sum of the entries stays the truth: tests check
-- that every row here equals it.
CREATE TABLE ledger_balances (
    ledger_account TEXT PRIMARY KEY,
    amount_cents INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO ledger_balances (ledger_account, amount_cents)
SELECT ledger_account, sum(amount_cents) FROM ledger_entries GROUP BY ledger_account;

-- Placing an order first cancels the buyer's orders left unpaid past the payment window; with
-- this index that looks at the unpaid ones only, not at every order the buyer ever placed.
CREATE INDEX orders_pending_payment ON orders (account_id, created_at) WHERE status = 'pending_payment';

-- A subscription's renewal moves its instances' expiry (trigger
-- subscriptions_move_instance_expiry), and retention and release stop and delete them: each
-- finds the order's instances, which without this index meant reading every instance.
CREATE INDEX ecs_instances_by_order ON ecs_instances (order_id);
