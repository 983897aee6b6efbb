-- The catalog: sellers, the fixed categories of the marketplace, products with their media,
-- user guides, editions and price plans, and a full-text index over products.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE categories (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL
) STRICT;

CREATE TABLE sub_categories (
    id          TEXT PRIMARY KEY,
    category_id TEXT NOT NULL REFERENCES categories (id),
    name        TEXT NOT NULL,
    position    INTEGER NOT NULL
) STRICT;

INSERT INTO categories (id, name, position) VALUES
    ('infrastructure-software', 'Infrastructure software', 1),
    ('business-software', 'Business software', 2),
    ('developer-tools', 'Developer tools', 3),
    ('professional-services', 'Professional services', 4);

INSERT INTO sub_categories (id, category_id, name, position) VALUES
    ('running-environment', 'infrastructure-software', 'Running environment', 1),
    ('databases-and-cache', 'infrastructure-software', 'Databases and cache', 2),
    ('content-management', 'infrastructure-software', 'Content management', 3),
    ('system-administration', 'infrastructure-software', 'System administration', 4),
    ('big-data-analytics', 'infrastructure-software', 'Big data analytics', 5),
    ('storage-and-backup', 'infrastructure-software', 'Storage and backup', 6),
    ('business-intelligence', 'business-software', 'Business intelligence', 1),
    ('financial-services', 'business-software', 'Financial services', 2),
    ('enterprise-applications', 'business-software', 'Enterprise applications', 3),
    ('crm', 'business-software', 'CRM', 4),
    ('e-commerce', 'business-software', 'E-commerce', 5),
    ('project-management', 'business-software', 'Project management', 6),
    ('internet-middleware', 'developer-tools', 'Internet middleware', 1),
    ('application-development', 'developer-tools', 'Application development', 2),
    ('issue-and-bug-tracking', 'developer-tools', 'Issue and bug tracking', 3),
    ('log-analysis', 'developer-tools', 'Log analysis', 4),
    ('source-control', 'developer-tools', 'Source control', 5),
    ('testing', 'developer-tools', 'Testing', 6),
    ('data-transfer', 'professional-services', 'Data transfer', 1),
    ('consulting-and-training', 'professional-services', 'Consulting and training', 2),
    ('environment-configuration', 'professional-services', 'Environment configuration', 3),
    ('maintenance', 'professional-services', 'Maintenance', 4);

CREATE TABLE sellers (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    email         TEXT NOT NULL,
    phone         TEXT NOT NULL,
    support_hours TEXT NOT NULL,
    website       TEXT
) STRICT;

CREATE TABLE products (
    -- `pk` keys the full-text index; `id` is the stable public identifier.
    pk                            INTEGER PRIMARY KEY,
    id                            TEXT NOT NULL UNIQUE,
    name                          TEXT NOT NULL,
    seller_id                     TEXT NOT NULL REFERENCES sellers (id),
    sub_category_id               TEXT NOT NULL REFERENCES sub_categories (id),
    -- The sub-category's category, kept here so that filters and counts need no join.
    category_id                   TEXT NOT NULL REFERENCES categories (id),
    delivery                      TEXT NOT NULL CHECK (delivery IN ('image', 'saas', 'license',
                                      'professional_service', 'hardware', 'content_service',
                                      'consulting_service', 'cloud_host')),
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

CREATE INDEX products_by_popularity ON products (popularity DESC);
CREATE INDEX products_by_category ON products (category_id, popularity DESC);
CREATE INDEX products_by_sub_category ON products (sub_category_id, popularity DESC);
CREATE INDEX products_by_delivery ON products (delivery, popularity DESC);
CREATE INDEX products_by_seller ON products (seller_id, popularity DESC);
CREATE INDEX products_by_price ON products (monthly_price_cents);
CREATE INDEX products_by_release ON products (released_on DESC);
-- Covers the facet counts of a category page.
CREATE INDEX products_facets ON products (category_id, sub_category_id, delivery, billing_modes, supervised,
                                         seller_id, operating_system);

CREATE TABLE product_media (
    product_pk INTEGER NOT NULL REFERENCES products (pk) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('logo', 'screenshot')),
    position   INTEGER NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    mime       TEXT NOT NULL,
    original   BLOB NOT NULL,
    thumb_mime TEXT NOT NULL,
    thumbnail  BLOB NOT NULL,
    PRIMARY KEY (product_pk, kind, position)
) STRICT;

CREATE TABLE product_guides (
    product_pk INTEGER PRIMARY KEY REFERENCES products (pk) ON DELETE CASCADE,
    file_name  TEXT NOT NULL,
    mime       TEXT NOT NULL,
    content    BLOB NOT NULL
) STRICT;

CREATE TABLE editions (
    pk            INTEGER PRIMARY KEY,
    product_pk    INTEGER NOT NULL REFERENCES products (pk) ON DELETE CASCADE,
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    specification TEXT NOT NULL,
    position      INTEGER NOT NULL,
    UNIQUE (product_pk, code)
) STRICT;

CREATE TABLE price_plans (
    pk         INTEGER PRIMARY KEY,
    edition_pk INTEGER NOT NULL REFERENCES editions (pk) ON DELETE CASCADE,
    billing    TEXT NOT NULL CHECK (billing IN ('pay_per_use', 'yearly_monthly')),
    period     TEXT NOT NULL CHECK (period IN ('hour', 'month', 'year')),
    pricing    TEXT NOT NULL CHECK (pricing IN ('flat', 'linear', 'tiered', 'volume')),
    -- Decimal text. For flat plans the price of the period; for linear plans the price of one
    -- user for the period; NULL for tiered and volume plans, whose prices are their tiers'.
    price      TEXT,
    CHECK ((billing = 'pay_per_use') = (period = 'hour')),
    UNIQUE (edition_pk, billing, period)
) STRICT;

CREATE INDEX price_plans_by_billing ON price_plans (billing, edition_pk);

CREATE TABLE price_tiers (
    plan_pk    INTEGER NOT NULL REFERENCES price_plans (pk) ON DELETE CASCADE,
    from_users INTEGER NOT NULL CHECK (from_users >= 1),
    -- NULL for the last, open-ended tier.
    to_users   INTEGER CHECK (to_users IS NULL OR to_users >= from_users),
    unit_price TEXT NOT NULL,
    PRIMARY KEY (plan_pk, from_users)
) STRICT;

-- Name matches rank above tag matches, which rank above seller and description matches
-- (the weights are given to bm25() at query time).
CREATE VIRTUAL TABLE products_fts USING fts5 (
    name, tags, seller, description,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

-- Substring matches in names ("sql" finds "MySQL"): a trigram index over products.name.
CREATE VIRTUAL TABLE product_names_trigram USING fts5 (
    name, content = 'products', content_rowid = 'pk', tokenize = 'trigram'
);

CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
    INSERT INTO products_fts (rowid, name, tags, seller, description)
    VALUES (new.pk, new.name, new.tags,
            (SELECT name FROM sellers WHERE id = new.seller_id), new.description);
    INSERT INTO product_names_trigram (rowid, name) VALUES (new.pk, new.name);
END;

CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
    DELETE FROM products_fts WHERE rowid = old.pk;
    INSERT INTO product_names_trigram (product_names_trigram, rowid, name) VALUES ('delete', old.pk, old.name);
END;

-- Only on what is indexed: popularity changes with every order and must not reindex.
CREATE TRIGGER products_fts_update AFTER UPDATE OF name, tags, description, seller_id ON products BEGIN
    DELETE FROM products_fts WHERE rowid = old.pk;
    INSERT INTO product_names_trigram (product_names_trigram, rowid, name) VALUES ('delete', old.pk, old.name);
    INSERT INTO product_names_trigram (rowid, name) VALUES (new.pk, new.name);
    INSERT INTO products_fts (rowid, name, tags, seller, description)
    VALUES (new.pk, new.name, new.tags,
            (SELECT name FROM sellers WHERE id = new.seller_id), new.description);
END;

-- The words of the full-text index, for suggesting near spellings when a search finds nothing.
CREATE VIRTUAL TABLE products_vocab USING fts5vocab (products_fts, 'row');
