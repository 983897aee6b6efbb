-- A CHECK that lists three or more values (`delivery IN ('image', 'saas', …)`) makes SQLite
-- build a temporary index of the list for every row it inserts: a third of the time of an
-- import of 100,000 products went into making and dropping those. The same checks written as
-- comparisons joined by OR cost nothing of the kind. SQLite cannot change a constraint in
-- place, so `products` and `price_plans` are made anew and filled from the old tables, the
-- procedure of "Making Other Kinds Of Table Schema Changes" in SQLite's ALTER TABLE page:
-- foreign keys are off while migrations run (Store::prepare), so dropping an old table deletes
-- nothing that refers to it, and the foreign keys are checked once this migration is done.

CREATE TABLE products_rebuilt (
    pk                            INTEGER PRIMARY KEY,
    id                            TEXT NOT NULL UNIQUE,
    name                          TEXT NOT NULL,
    seller_id                     TEXT NOT NULL REFERENCES sellers (id),
    sub_category_id               TEXT NOT NULL REFERENCES sub_categories (id),
    -- The sub-category's category, kept here so that filters and counts need no join.
    category_id                   TEXT NOT NULL REFERENCES categories (id),
    delivery                      TEXT NOT NULL CHECK (
                                      delivery = 'image' OR delivery = 'saas' OR delivery = 'license'
                                      OR delivery = 'professional_service' OR delivery = 'hardware'
                                      OR delivery = 'content_service' OR delivery = 'consulting_service'
                                      OR delivery = 'cloud_host'),
    supervised                    INTEGER NOT NULL CHECK (supervised IN (0, 1)),
    requires_seller_authorization INTEGER NOT NULL CHECK (requires_seller_authorization IN (0, 1)),
    summary                       TEXT NOT NULL,
    description                   TEXT NOT NULL,
    -- A JSON array of lower-case keywords.
    tags                          TEXT NOT NULL,
    operating_system              TEXT,
    support_email                 TEXT NOT NULL,
    support_phone                 TEXT NOT NULL,
    support_hours                 TEXT NOT NULL,
    popularity                    INTEGER NOT NULL DEFAULT 0 CHECK (popularity >= 0),
    released_on                   TEXT NOT NULL,
    -- Derived from the price plans when the product is written, for filtering and sorting
    -- without reading every plan: which billing modes it offers (1 = pay-per-use,
    -- 2 = yearly/monthly), and its lowest price per month in cents (see SortOrder::PriceAsc).
    billing_modes                 INTEGER NOT NULL CHECK (billing_modes BETWEEN 1 AND 3),
    monthly_price_cents           INTEGER NOT NULL CHECK (monthly_price_cents >= 0)
) STRICT;

INSERT INTO products_rebuilt (pk, id, name, seller_id, sub_category_id, category_id, delivery, supervised,
                              requires_seller_authorization, summary, description, tags, operating_system,
                              support_email, support_phone, support_hours, popularity, released_on,
                              billing_modes, monthly_price_cents)
SELECT pk, id, name, seller_id, sub_category_id, category_id, delivery, supervised,
       requires_seller_authorization, summary, description, tags, operating_system,
       support_email, support_phone, support_hours, popularity, released_on,
       billing_modes, monthly_price_cents
FROM products;

DROP TABLE products;
ALTER TABLE products_rebuilt RENAME TO products;

-- Dropped with the old table (migration 0005).
CREATE TRIGGER catalog_changes_product_delete AFTER DELETE ON products BEGIN
    UPDATE catalog_changes SET content = content + 1 WHERE only = 1;
END;

CREATE TRIGGER catalog_changes_product_update
AFTER UPDATE OF pk, name, seller_id, sub_category_id, category_id, delivery, supervised, tags, description,
                operating_system, released_on, billing_modes, monthly_price_cents ON products BEGIN
    UPDATE catalog_changes SET content = content + 1 WHERE only = 1;
END;

CREATE TRIGGER catalog_changes_product_popularity AFTER UPDATE OF popularity ON products BEGIN
    UPDATE catalog_changes SET ranking = ranking + 1 WHERE only = 1;
END;

CREATE TABLE price_plans_rebuilt (
    pk         INTEGER PRIMARY KEY,
    edition_pk INTEGER NOT NULL REFERENCES editions (pk) ON DELETE CASCADE,
    billing    TEXT NOT NULL CHECK (billing IN ('pay_per_use', 'yearly_monthly')),
    period     TEXT NOT NULL CHECK (period = 'hour' OR period = 'month' OR period = 'year'),
    pricing    TEXT NOT NULL CHECK (pricing = 'flat' OR pricing = 'linear' OR pricing = 'tiered'
                                    OR pricing = 'volume'),
    -- Decimal text. For flat plans the price of the period; for linear plans the price of one
    -- user for the period; NULL for tiered and volume plans, whose prices are their tiers'.
    price      TEXT,
    CHECK ((billing = 'pay_per_use') = (period = 'hour')),
    UNIQUE (edition_pk, billing, period)
) STRICT;

INSERT INTO price_plans_rebuilt (pk, edition_pk, billing, period, pricing, price)
SELECT pk, edition_pk, billing, period, pricing, price FROM price_plans;

DROP TABLE price_plans;
ALTER TABLE price_plans_rebuilt RENAME TO price_plans;
