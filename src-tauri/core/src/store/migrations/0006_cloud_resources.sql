-- Images provisioned with their ECS (R-IMG, R-BUY-5, R-BUY-6), hourly metering (R-IMG-4) and
-- the agencies quick provisioning needs (R-AGY). The cloud is simulated: these tables are
-- what a buyer's cloud account would hold, kept in the same file so that an order, its
-- ledger transaction and the resources it created commit together or not at all.
--
-- Amounts are integer cents, as everywhere; unit prices of images keep the seller's precision
-- (text, read into rust_decimal), as in the catalog.

-- ECS flavours: reference data, like the categories. Whole-cent prices.
CREATE TABLE flavours (
    id                  TEXT PRIMARY KEY,
    vcpus               INTEGER NOT NULL CHECK (vcpus >= 1),
    memory_gib          INTEGER NOT NULL CHECK (memory_gib >= 1),
    hourly_price_cents  INTEGER NOT NULL CHECK (hourly_price_cents > 0),
    monthly_price_cents INTEGER NOT NULL CHECK (monthly_price_cents > 0),
    yearly_price_cents  INTEGER NOT NULL CHECK (yearly_price_cents > 0),
    position            INTEGER NOT NULL
) STRICT;

INSERT INTO flavours (id, vcpus, memory_gib, hourly_price_cents, monthly_price_cents, yearly_price_cents, position) VALUES
    ('s6.small.1',   1,  1,  2, 1000, 10000, 1),
    ('s6.medium.2',  1,  2,  4, 2000, 20000, 2),
    ('s6.large.2',   2,  4,  8, 4000, 40000, 3),
    ('s6.xlarge.2',  4,  8, 16, 8000, 80000, 4),
    ('m6.xlarge.8',  4, 32, 30, 15000, 150000, 5);

CREATE TABLE vpcs (
    id         INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    cidr       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (account_id, name)
) STRICT;

CREATE TABLE subnets (
    id     INTEGER PRIMARY KEY,
    vpc_id INTEGER NOT NULL REFERENCES vpcs (id) ON DELETE CASCADE,
    name   TEXT NOT NULL,
    cidr   TEXT NOT NULL,
    UNIQUE (vpc_id, name)
) STRICT;

-- The security group a seller recommends for its image (inbound TCP ports as a JSON array).
-- Choosing it creates the account's own copy under the same name.
CREATE TABLE recommended_security_groups (
    product_id TEXT PRIMARY KEY REFERENCES products (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    ports      TEXT NOT NULL
) STRICT;

CREATE TABLE security_groups (
    id         INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    ports      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (account_id, name)
) STRICT;

CREATE TABLE eips (
    id             INTEGER PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    address        TEXT NOT NULL UNIQUE,
    bandwidth_mbps INTEGER NOT NULL CHECK (bandwidth_mbps BETWEEN 1 AND 300),
    created_at     TEXT NOT NULL,
    released_at    TEXT
) STRICT;

-- Where provisioning keeps what it will create between recording the order and paying it:
-- the request without the password, and the password's salted Argon2id hash (never the
-- password itself).
CREATE TABLE image_provisionings (
    order_id      INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
    request       TEXT NOT NULL,
    password_hash TEXT NOT NULL
) STRICT;

CREATE TABLE ecs_instances (
    id                 INTEGER PRIMARY KEY,
    account_id         TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    order_id           INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    name               TEXT NOT NULL,
    flavour_id         TEXT NOT NULL REFERENCES flavours (id),
    -- The image on the system disk now (a snapshot: the catalog may drop the product).
    product_id         TEXT NOT NULL,
    product_name       TEXT NOT NULL,
    edition            TEXT NOT NULL,
    -- Yearly/monthly: the image the order paid for up front; another image put on the disk
    -- later is metered by the hour (R-IMG-4).
    prepaid_product_id TEXT,
    login_user         TEXT NOT NULL CHECK (login_user IN ('root', 'Administrator')),
    password_hash      TEXT NOT NULL,
    vpc_id             INTEGER NOT NULL REFERENCES vpcs (id),
    subnet_id          INTEGER NOT NULL REFERENCES subnets (id),
    security_group_id  INTEGER NOT NULL REFERENCES security_groups (id),
    eip_id             INTEGER REFERENCES eips (id),
    billing            TEXT NOT NULL CHECK (billing IN ('pay_per_use', 'yearly_monthly')),
    payment_method     TEXT NOT NULL CHECK (payment_method IN ('balance', 'card', 'credit', 'reseller')),
    card_id            INTEGER REFERENCES account_cards (id),
    state              TEXT NOT NULL CHECK (state IN ('running', 'stopped', 'suspended', 'deleted')),
    expires_at         TEXT,
    created_at         TEXT NOT NULL,
    -- When hourly billing last started or resumed; NULL while nothing is metered.
    billing_since      TEXT,
    updated_at         TEXT NOT NULL,
    CHECK ((billing = 'yearly_monthly') = (expires_at IS NOT NULL))
) STRICT;

CREATE INDEX ecs_instances_by_account ON ecs_instances (account_id, id);

-- A stretch of hourly billing of one item on one instance: `ecs` (the flavour and its EIP)
-- or an image product. Blocks are 60 minutes from `started_at`; a block is billed once it
-- has started before the run's end (or now). `blocks_billed` says how far billing has got.
CREATE TABLE metering_runs (
    id            INTEGER PRIMARY KEY,
    instance_id   INTEGER NOT NULL REFERENCES ecs_instances (id) ON DELETE CASCADE,
    item          TEXT NOT NULL,
    label         TEXT NOT NULL,
    -- Who is paid: a seller for an image, NULL for the cloud's own resources.
    seller_id     TEXT,
    hourly_price  TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    ended_at      TEXT,
    blocks_billed INTEGER NOT NULL DEFAULT 0 CHECK (blocks_billed >= 0)
) STRICT;

CREATE INDEX metering_runs_by_instance ON metering_runs (instance_id);

-- One row per billed block and item: the unique key is what makes metering idempotent.
CREATE TABLE hourly_charges (
    id             INTEGER PRIMARY KEY,
    instance_id    INTEGER NOT NULL REFERENCES ecs_instances (id) ON DELETE CASCADE,
    account_id     TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    item           TEXT NOT NULL,
    label          TEXT NOT NULL,
    seller_id      TEXT,
    block_start    TEXT NOT NULL,
    amount_cents   INTEGER NOT NULL CHECK (amount_cents >= 0),
    -- paid; unpaid (arrears: the instance was suspended); reference_only (reseller customer).
    status         TEXT NOT NULL CHECK (status IN ('paid', 'unpaid', 'reference_only')),
    transaction_id INTEGER REFERENCES ledger_transactions (id),
    billed_at      TEXT NOT NULL,
    UNIQUE (instance_id, block_start, item)
) STRICT;

CREATE INDEX hourly_charges_by_account ON hourly_charges (account_id, block_start);

-- Agencies a buyer granted (R-AGY), with the version of the policy it agreed to.
CREATE TABLE agencies (
    account_id     TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    delegatee      TEXT NOT NULL,
    policy         TEXT,
    policy_version INTEGER,
    created_at     TEXT NOT NULL,
    PRIMARY KEY (account_id, name)
) STRICT;
