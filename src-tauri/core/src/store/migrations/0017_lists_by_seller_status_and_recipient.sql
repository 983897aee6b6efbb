-- Seller Center and Operations list orders by seller and by status, the newest first, a page at
-- a time, with a count per status; Messages lists a recipient's messages by when they happened,
-- every one or the unread only. A year of renewals gives a seller thousands of orders and a
-- buyer tens of thousands of messages: these indexes let a page read its twenty rows and the
-- counts read an index, rather than every row sorted.
CREATE INDEX orders_by_seller ON orders (seller_id, status, id DESC);
CREATE INDEX orders_by_status ON orders (status, id DESC);
DROP INDEX messages_by_recipient;
CREATE INDEX messages_by_recipient ON messages (recipient_role, recipient_id, created_at DESC, id DESC);
CREATE INDEX messages_unread ON messages (recipient_role, recipient_id, created_at DESC, id DESC)
    WHERE read_at IS NULL;
