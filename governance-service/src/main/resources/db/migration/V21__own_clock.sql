-- Governors whose clock() is neither the block number nor the block's timestamp, though CLOCK_MODE says one of
-- them: an L2 token that counts L1 blocks (Arbitrum's case). Their snapshots, deadlines and past voting power are on
-- that clock, so the indexer reads it from the chain: own_clock is found at discovery by comparing clock() with the
-- block it was read at; governor_clock holds the clock at the governor's indexed block, written with the range that
-- reached it; voting_power_change.timepoint holds the clock at a change's block (null for the other governors,
-- whose timepoint is the block number or timestamp).
ALTER TABLE governor ADD COLUMN own_clock BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE voting_power_change ADD COLUMN timepoint BIGINT;

CREATE TABLE governor_clock (
    governor_id   TEXT   PRIMARY KEY REFERENCES governor (id),
    block_number  BIGINT NOT NULL,
    clock         BIGINT NOT NULL
);
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON governor_clock
    FOR EACH STATEMENT EXECUTE FUNCTION data_changed();

-- Governors discovered before this migration are discovered again, so that an own clock is found.
UPDATE governor SET discovered_at = NULL;
