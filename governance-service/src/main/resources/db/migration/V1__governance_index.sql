-- The governance index. Every row derived from a log carries the block it came from, so a reorg is undone by
-- deleting (or clearing) what blocks above the common ancestor wrote. Quantities are NUMERIC(78,0): uint256.

-- One row per configured Governor. Settings are discovered by eth_call when the governor is first indexed.
CREATE TABLE governor (
    id                  TEXT        PRIMARY KEY,               -- CAIP-10: eip155:<chainId>:<address>
    config_name         TEXT        NOT NULL UNIQUE,
    chain               TEXT        NOT NULL,
    chain_id            BIGINT      NOT NULL CHECK (chain_id > 0),
    address             TEXT        NOT NULL,
    start_block         BIGINT      NOT NULL CHECK (start_block >= 0),
    name                TEXT,
    token               TEXT,
    timelock            TEXT,
    clock_mode          TEXT        CHECK (clock_mode IN ('blocknumber', 'timestamp')),
    voting_delay        NUMERIC(78,0),
    voting_period       NUMERIC(78,0),
    proposal_threshold  NUMERIC(78,0),
    quorum_numerator    NUMERIC(78,0),
    quorum_denominator  NUMERIC(78,0),
    discovered_at       TIMESTAMPTZ,
    sync_error          TEXT
);

-- How far each governor (with its token) is indexed. The sync pipeline advances the row in the same transaction
-- as the rows it derived from those blocks, so a crash never leaves data ahead of (or behind) its cursor.
CREATE TABLE sync_cursor (
    governor_id    TEXT        PRIMARY KEY REFERENCES governor (id),
    indexed_block  BIGINT      NOT NULL CHECK (indexed_block >= 0),
    indexed_hash   TEXT        NOT NULL CHECK (indexed_hash ~ '^0x[0-9a-f]{64}$'),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Headers of the blocks the index depends on (blocks with events, and every cursor block): their timestamps, and
-- the hashes a reorg is detected against.
CREATE TABLE block_header (
    chain        TEXT   NOT NULL,
    number       BIGINT NOT NULL,
    hash         TEXT   NOT NULL,
    parent_hash  TEXT   NOT NULL,
    timestamp    BIGINT NOT NULL,
    PRIMARY KEY (chain, number)
);

CREATE TABLE proposal (
    governor_id          TEXT          NOT NULL REFERENCES governor (id),
    proposal_id          NUMERIC(78,0) NOT NULL,
    proposer             TEXT          NOT NULL,
    targets              TEXT[]        NOT NULL,
    "values"             NUMERIC(78,0)[] NOT NULL,
    signatures           TEXT[]        NOT NULL,
    calldatas            TEXT[]        NOT NULL,
    vote_start           NUMERIC(78,0) NOT NULL,
    vote_end             NUMERIC(78,0) NOT NULL,
    description          TEXT          NOT NULL,
    title                TEXT          NOT NULL,
    created_block        BIGINT        NOT NULL,
    created_timestamp    BIGINT        NOT NULL,
    created_tx           TEXT          NOT NULL,
    created_log_index    INTEGER       NOT NULL,
    quorum               NUMERIC(78,0),
    quorum_block         BIGINT,
    extended_deadline    NUMERIC(78,0),
    extended_block       BIGINT,
    eta                  NUMERIC(78,0),
    queued_block         BIGINT,
    queued_tx            TEXT,
    executed_block       BIGINT,
    executed_tx          TEXT,
    canceled_block       BIGINT,
    canceled_tx          TEXT,
    PRIMARY KEY (governor_id, proposal_id)
);
CREATE INDEX proposal_created ON proposal (governor_id, created_block DESC, created_log_index DESC);
CREATE INDEX proposal_proposer ON proposal (governor_id, proposer);

-- A voter votes once per proposal (GovernorCountingSimple), so the natural key also absorbs duplicate logs.
CREATE TABLE vote (
    governor_id   TEXT          NOT NULL REFERENCES governor (id),
    proposal_id   NUMERIC(78,0) NOT NULL,
    voter         TEXT          NOT NULL,
    support       SMALLINT      NOT NULL CHECK (support BETWEEN 0 AND 255),
    weight        NUMERIC(78,0) NOT NULL,
    reason        TEXT          NOT NULL,
    params        TEXT,
    block_number  BIGINT        NOT NULL,
    block_timestamp BIGINT      NOT NULL,
    tx_hash       TEXT          NOT NULL,
    log_index     INTEGER       NOT NULL,
    PRIMARY KEY (governor_id, proposal_id, voter)
);
CREATE INDEX vote_by_voter ON vote (governor_id, voter, block_number DESC, log_index DESC);
CREATE INDEX vote_by_block ON vote (governor_id, block_number);

-- Settings changed by governance after discovery, in order; the latest one in force wins over the discovered value.
CREATE TABLE governor_setting_change (
    governor_id   TEXT          NOT NULL REFERENCES governor (id),
    setting       TEXT          NOT NULL CHECK (setting IN
                    ('voting_delay', 'voting_period', 'proposal_threshold', 'quorum_numerator', 'timelock')),
    new_value     TEXT          NOT NULL,
    block_number  BIGINT        NOT NULL,
    log_index     INTEGER       NOT NULL,
    tx_hash       TEXT          NOT NULL,
    PRIMARY KEY (governor_id, block_number, log_index)
);

-- The token's delegation history (DelegateChanged) and voting power history (DelegateVotesChanged). Current values
-- and values at any past timepoint are reads of the latest row at or before it.
CREATE TABLE delegation_change (
    governor_id     TEXT    NOT NULL REFERENCES governor (id),
    delegator       TEXT    NOT NULL,
    from_delegate   TEXT    NOT NULL,
    to_delegate     TEXT    NOT NULL,
    block_number    BIGINT  NOT NULL,
    block_timestamp BIGINT  NOT NULL,
    log_index       INTEGER NOT NULL,
    tx_hash         TEXT    NOT NULL,
    PRIMARY KEY (governor_id, block_number, log_index)
);
CREATE INDEX delegation_by_delegator ON delegation_change (governor_id, delegator, block_number DESC, log_index DESC);
CREATE INDEX delegation_by_delegate ON delegation_change (governor_id, to_delegate);

CREATE TABLE voting_power_change (
    governor_id     TEXT          NOT NULL REFERENCES governor (id),
    delegate        TEXT          NOT NULL,
    previous_votes  NUMERIC(78,0) NOT NULL,
    new_votes       NUMERIC(78,0) NOT NULL,
    block_number    BIGINT        NOT NULL,
    block_timestamp BIGINT        NOT NULL,
    log_index       INTEGER       NOT NULL,
    tx_hash         TEXT          NOT NULL,
    PRIMARY KEY (governor_id, block_number, log_index)
);
CREATE INDEX voting_power_by_delegate ON voting_power_change (governor_id, delegate, block_number DESC, log_index DESC);
