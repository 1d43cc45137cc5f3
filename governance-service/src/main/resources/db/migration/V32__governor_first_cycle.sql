-- When the writer first finished an index cycle of a governor, whether it indexed it or recorded its sync error.
-- Readiness waits for it on every configured governor, so that the first query after "ready" sees the index and not
-- an empty one. It lives in the database, not in the writer's memory, because a read replica never runs a cycle and
-- must learn it from the writer.
ALTER TABLE governor ADD COLUMN first_cycle_at TIMESTAMPTZ;

-- Governors indexed before this migration have had their first cycle.
UPDATE governor SET first_cycle_at = now();
