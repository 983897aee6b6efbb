-- Proof files a seller's laptop sends before the operations that name them (R-SYNC-2): by
-- SHA-256, in parts, so that a transfer cut off goes on from what arrived. An upload is
-- complete once all its bytes are in and their SHA-256 is the name they were sent under; an
-- operation then names the file by that hash alone.
CREATE TABLE device_uploads (
    sha256      TEXT NOT NULL,
    device_id   INTEGER NOT NULL REFERENCES seller_devices (id) ON DELETE CASCADE,
    size        INTEGER NOT NULL CHECK (size >= 1),
    bytes       BLOB NOT NULL,
    complete    INTEGER NOT NULL DEFAULT 0 CHECK (complete = 0 OR complete = 1),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (sha256, device_id)
) STRICT;
