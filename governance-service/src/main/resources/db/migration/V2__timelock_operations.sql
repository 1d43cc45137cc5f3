-- Operations executed or cancelled directly on a governor's timelock, not through the Governor. OpenZeppelin 5's
-- GovernorTimelockControl.state() reads the timelock: a queued proposal whose operation is done is Executed, and
-- one whose operation is neither pending nor done (cancelled on the timelock) is Canceled.

-- The timelock operation id a proposal is queued under: hashOperationBatch(targets, values, calldatas, 0, salt) with the
-- Governor's salt (its address xor the description hash), computed when ProposalCreated is indexed.
ALTER TABLE proposal ADD COLUMN timelock_operation TEXT CHECK (timelock_operation ~ '^0x[0-9a-f]{64}$');
CREATE INDEX proposal_timelock_operation ON proposal (governor_id, timelock_operation);

-- CallExecuted (one per call of the operation) and Cancelled, from the timelock the governor was discovered with.
CREATE TABLE timelock_operation_event (
    governor_id    TEXT    NOT NULL REFERENCES governor (id),
    timelock       TEXT    NOT NULL,
    operation_id   TEXT    NOT NULL CHECK (operation_id ~ '^0x[0-9a-f]{64}$'),
    event          TEXT    NOT NULL CHECK (event IN ('CallExecuted', 'Cancelled')),
    block_number   BIGINT  NOT NULL,
    log_index      INTEGER NOT NULL,
    tx_hash        TEXT    NOT NULL,
    PRIMARY KEY (governor_id, block_number, log_index)
);
CREATE INDEX timelock_operation_event_by_operation ON timelock_operation_event (governor_id, operation_id);
