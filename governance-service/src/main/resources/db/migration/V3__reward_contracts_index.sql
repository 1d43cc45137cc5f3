-- The reward contracts of the active deployment, indexed like governors: every row carries the block it came from,
-- so a reorg is undone by deleting what blocks above the common ancestor wrote.

-- Cursors of the log sources that are not governors (sync_cursor's key references the governor table).
-- source_id names the contract and its role, e.g. policy:eip155:31337:0x…
CREATE TABLE source_cursor (
    source_id      TEXT        PRIMARY KEY,
    indexed_block  BIGINT      NOT NULL CHECK (indexed_block >= 0),
    indexed_hash   TEXT        NOT NULL CHECK (indexed_hash ~ '^0x[0-9a-f]{64}$'),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per RewardPolicy version: the whole policy as it stood after the change that produced the version, so the
-- policy in force at any block is one indexed read. The weight maps are parallel arrays sorted by key.
CREATE TABLE policy_version (
    chain_id           BIGINT        NOT NULL,
    policy             TEXT          NOT NULL,
    version            BIGINT        NOT NULL CHECK (version > 0),
    block_number       BIGINT        NOT NULL,
    block_timestamp    BIGINT        NOT NULL,
    log_index          INTEGER       NOT NULL,
    tx_hash            TEXT          NOT NULL,
    event              TEXT          NOT NULL,
    epoch_length       BIGINT        NOT NULL CHECK (epoch_length >= 0),
    budget_per_epoch   NUMERIC(78,0) NOT NULL,
    depin_bps          INTEGER       NOT NULL CHECK (depin_bps BETWEEN 0 AND 10000),
    rollup_bps         INTEGER       NOT NULL CHECK (rollup_bps BETWEEN 0 AND 10000),
    governance_bps     INTEGER       NOT NULL CHECK (governance_bps BETWEEN 0 AND 10000),
    gpu_classes        INTEGER[]     NOT NULL,
    gpu_weights        NUMERIC(78,0)[] NOT NULL,
    rollup_kinds       TEXT[]        NOT NULL,
    rollup_weights     NUMERIC(78,0)[] NOT NULL,
    recipient_cap_bps  INTEGER       NOT NULL CHECK (recipient_cap_bps BETWEEN 0 AND 10000),
    min_payout         NUMERIC(78,0) NOT NULL,
    governance_mode    TEXT          NOT NULL CHECK (governance_mode IN ('LINEAR', 'SQUARE_ROOT')),
    verifiers          TEXT[]        NOT NULL,
    PRIMARY KEY (chain_id, policy, version)
);
CREATE INDEX policy_version_by_block ON policy_version (chain_id, policy, block_number);
CREATE INDEX policy_version_by_timestamp ON policy_version (chain_id, policy, block_timestamp);

-- Rollup contributions, mapped from the configured events (kind by name); one log gives at most one contribution.
CREATE TABLE rollup_contribution (
    chain_id         BIGINT        NOT NULL,
    contract         TEXT          NOT NULL,
    block_number     BIGINT        NOT NULL,
    block_hash       TEXT          NOT NULL,
    block_timestamp  BIGINT        NOT NULL,
    log_index        INTEGER       NOT NULL,
    tx_hash          TEXT          NOT NULL,
    kind             TEXT          NOT NULL,
    contributor      TEXT          NOT NULL,
    amount           NUMERIC(78,0) NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX rollup_contribution_by_timestamp ON rollup_contribution (chain_id, block_timestamp);
CREATE INDEX rollup_contribution_by_contract ON rollup_contribution (chain_id, contract, block_number);

-- RewardDistributor: the root lifecycle (RootProposed, RootDisputed, DisputeResolved, RootActivated), with the
-- columns each event carries (the others NULL), and the claims.
CREATE TABLE distributor_root_event (
    chain_id          BIGINT        NOT NULL,
    contract          TEXT          NOT NULL,
    block_number      BIGINT        NOT NULL,
    block_hash        TEXT          NOT NULL,
    block_timestamp   BIGINT        NOT NULL,
    log_index         INTEGER       NOT NULL,
    tx_hash           TEXT          NOT NULL,
    event             TEXT          NOT NULL CHECK (event IN ('RootProposed', 'RootDisputed', 'DisputeResolved', 'RootActivated')),
    epoch             NUMERIC(78,0) NOT NULL,
    root              TEXT          NOT NULL,
    total_cumulative  NUMERIC(78,0),  -- RootProposed, RootActivated
    live_at           BIGINT,         -- RootProposed
    data_uri          TEXT,           -- RootProposed
    disputer          TEXT,           -- RootDisputed
    reason            TEXT,           -- RootDisputed
    bond              NUMERIC(78,0),  -- RootDisputed, DisputeResolved
    valid             BOOLEAN,        -- DisputeResolved
    bond_recipient    TEXT,           -- DisputeResolved
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX distributor_root_event_by_epoch ON distributor_root_event (chain_id, contract, epoch, block_number, log_index);

CREATE TABLE distributor_claim (
    chain_id           BIGINT        NOT NULL,
    contract           TEXT          NOT NULL,
    block_number       BIGINT        NOT NULL,
    block_hash         TEXT          NOT NULL,
    block_timestamp    BIGINT        NOT NULL,
    log_index          INTEGER       NOT NULL,
    tx_hash            TEXT          NOT NULL,
    account            TEXT          NOT NULL,
    epoch              NUMERIC(78,0) NOT NULL,
    amount             NUMERIC(78,0) NOT NULL,
    cumulative_claimed NUMERIC(78,0) NOT NULL,
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX distributor_claim_by_account ON distributor_claim (chain_id, contract, account, block_number DESC);
