-- A metering run that has ended and whose every block before its end is billed has nothing
-- left to bill, ever. Metering and the scheduler, which asks for the next block before every
-- timer it fires, read only the runs still to bill, through their own index, instead of every
-- run a store has ever had (each instance deleted, each image replaced, leaves its runs).
ALTER TABLE metering_runs ADD COLUMN billed_in_full INTEGER NOT NULL DEFAULT 0 CHECK (billed_in_full IN (0, 1));

-- A run's next block starts `blocks_billed` hours after its start; it is billed only if it
-- starts before the run's end.
UPDATE metering_runs SET billed_in_full = 1
WHERE ended_at IS NOT NULL AND unixepoch(started_at) + 3600 * blocks_billed >= unixepoch(ended_at);

CREATE INDEX metering_runs_to_bill ON metering_runs (id) WHERE billed_in_full = 0;
