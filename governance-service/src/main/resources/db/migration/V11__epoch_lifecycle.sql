-- The epoch lifecycle (rewards.lifecycle): what closing and computing an epoch fixed, and why it stopped where it did.
-- first_block and end_block are the epoch's blocks on the deployment's chain (timestamps in [start, end)), found when
-- it closes; carry_out is what the epoch hands to the next one, also for an epoch that paid nobody and so has no
-- reward_epoch_result row; status_detail says why an epoch is SUBMIT_FAILED, or waits, in words an operator can act on.
ALTER TABLE reward_epoch
    ADD COLUMN first_block   BIGINT,
    ADD COLUMN carry_out     NUMERIC(78,0) CHECK (carry_out >= 0),
    ADD COLUMN status_detail TEXT,
    ADD CONSTRAINT reward_epoch_blocks CHECK (end_block IS NULL OR first_block IS NULL OR end_block >= first_block - 1);
