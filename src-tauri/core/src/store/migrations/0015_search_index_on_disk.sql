-- The search index moves from memory into the store (catalog/search/index/): a process opens
-- it instead of rebuilding it from every product (1.2 s and 267 MB at 100,000 products), and a
-- change to one product updates the rows its words and values name. Being tables of this
-- file, the index is written in the same transactions as the catalog, goes with snapshots and
-- is seen alike by the app and `kg`.
--
-- Documents are small numbers given to products (0..n in key order by a full build, the next
-- free number to a product added later); every set of products below is a roaring bitmap of
-- documents, serialised.

-- What the index reflects: the `catalog_changes` counters it was brought up to date at, the
-- next document number, and how many full builds it has had (a test's evidence that a store
-- opened again is not rebuilt). No row: the index was never built, and the next search builds
-- it. `format` names the layout of the rows below: a build of another layout is rebuilt.
CREATE TABLE search_state (
    only     INTEGER PRIMARY KEY CHECK (only = 1),
    format   INTEGER NOT NULL,
    content  INTEGER NOT NULL,
    ranking  INTEGER NOT NULL,
    next_doc INTEGER NOT NULL,
    builds   INTEGER NOT NULL
) STRICT;

-- One row per product: what it was indexed under, so that a change can take it out of exactly
-- the rows it is in. Words are folded, distinct and separated by spaces.
CREATE TABLE search_docs (
    doc                 INTEGER PRIMARY KEY,
    product_pk          INTEGER NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    folded_name         TEXT NOT NULL,
    tag_words           TEXT NOT NULL,
    other_words         TEXT NOT NULL,
    category            TEXT NOT NULL,
    sub_category        TEXT NOT NULL,
    delivery            TEXT NOT NULL,
    seller              TEXT NOT NULL,
    operating_system    TEXT,
    billing             INTEGER NOT NULL,
    supervised          INTEGER NOT NULL,
    monthly_price_cents INTEGER NOT NULL,
    released_on         TEXT NOT NULL
) STRICT;

-- Every word of the catalog with the documents having it in the name, the tags, and the
-- seller or description (NULL: none). Sorted by the word, so that a prefix is a range.
CREATE TABLE search_terms (
    term  TEXT PRIMARY KEY,
    name  BLOB,
    tags  BLOB,
    other BLOB
) STRICT, WITHOUT ROWID;

-- Three letters of a name word, with the documents whose name has them: "sql" in "MySQL".
CREATE TABLE search_trigrams (
    trigram TEXT PRIMARY KEY,
    docs    BLOB NOT NULL
) STRICT, WITHOUT ROWID;

-- For every filter value, the documents that have it ('all' lists every live document).
CREATE TABLE search_sets (
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    docs  BLOB NOT NULL,
    PRIMARY KEY (facet, value)
) STRICT, WITHOUT ROWID;

-- Arrays by document read whole by every process that searches: product keys, monthly prices,
-- and the four orders of results (documents in order).
CREATE TABLE search_head (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
) STRICT, WITHOUT ROWID;

-- Products changed or deleted since the index was brought up to date. Updates and deletes
-- are few and come one by one; products added by the import are found by their key instead
-- (a trigger per added row cost 7% of an import, see migration 0005): SQLite gives a new row
-- a key above every live one, so a product added since is one whose key is above the largest
-- indexed. A key freed by a delete and given again before the index caught up is here through
-- the delete.
CREATE TABLE search_pending (
    product_pk INTEGER PRIMARY KEY
) STRICT;

-- Written with NOT EXISTS rather than INSERT OR IGNORE: a trigger's conflict clause gives way
-- to the statement that fired it, and the import's upsert of a seller would make it an error.
CREATE TRIGGER search_pending_product_update
AFTER UPDATE OF pk, name, seller_id, sub_category_id, category_id, delivery, supervised, tags, description,
                operating_system, released_on, billing_modes, monthly_price_cents ON products BEGIN
    INSERT INTO search_pending (product_pk)
    SELECT pk FROM (SELECT OLD.pk AS pk UNION SELECT NEW.pk)
    WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE product_pk = pk);
END;

CREATE TRIGGER search_pending_product_delete AFTER DELETE ON products BEGIN
    INSERT INTO search_pending (product_pk)
    SELECT OLD.pk WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE product_pk = OLD.pk);
END;

-- A seller's name is searched with each of its products. The import writes every seller of a
-- seed again, most often under the same name: that changes no product.
CREATE TRIGGER search_pending_seller AFTER UPDATE OF name ON sellers WHEN OLD.name IS NOT NEW.name BEGIN
    INSERT INTO search_pending (product_pk)
    SELECT p.pk FROM products p
    WHERE p.seller_id = NEW.id AND NOT EXISTS (SELECT 1 FROM search_pending s WHERE s.product_pk = p.pk);
END;
