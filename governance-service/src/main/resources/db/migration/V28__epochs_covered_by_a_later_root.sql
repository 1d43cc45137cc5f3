-- Roots are cumulative, so an engine that has fallen behind (a frozen root, a long vote) proposes only its latest
-- computed epoch, and the epochs before it are paid through that root. covered_by names the epoch whose root carries
-- this epoch's amounts; NULL when the epoch's own root does (or it has none yet).
ALTER TABLE reward_epoch ADD COLUMN covered_by BIGINT;
ALTER TABLE reward_epoch ADD CONSTRAINT reward_epoch_covered_by_later CHECK (covered_by IS NULL OR covered_by > epoch);
