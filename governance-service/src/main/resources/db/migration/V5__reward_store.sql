-- The reward store: each computed epoch's result, and one row per account of its cumulative tree with the
-- allocation and the Merkle proof, so that serving a claim is one primary-key read. Amounts are NUMERIC(78,0).

-- One row per computed epoch. The standard-v1 dump is not stored: its values are the reward_allocation rows of the
-- epoch in address order, so it is rebuilt from them byte for byte, and dump_sha256 proves the rebuild.
CREATE TABLE reward_epoch_result (
    epoch                 BIGINT        PRIMARY KEY CHECK (epoch >= 1),
    distributor_chain_id  BIGINT        NOT NULL CHECK (distributor_chain_id > 0),
    distributor           TEXT          NOT NULL,
    root                  TEXT          NOT NULL CHECK (root ~ '^0x[0-9a-f]{64}$'),
    total_cumulative      NUMERIC(78,0) NOT NULL,
    budget                NUMERIC(78,0) NOT NULL,
    carry_in              NUMERIC(78,0) NOT NULL,
    paid                  NUMERIC(78,0) NOT NULL,
    carry_out             NUMERIC(78,0) NOT NULL,
    pool_depin            NUMERIC(78,0) NOT NULL,
    pool_rollup           NUMERIC(78,0) NOT NULL,
    pool_governance       NUMERIC(78,0) NOT NULL,
    paid_depin            NUMERIC(78,0) NOT NULL,
    paid_rollup           NUMERIC(78,0) NOT NULL,
    paid_governance       NUMERIC(78,0) NOT NULL,
    recipient_count       INTEGER       NOT NULL CHECK (recipient_count >= 0),
    leaf_count            INTEGER       NOT NULL CHECK (leaf_count >= 1),
    policy_version        BIGINT,
    dump_sha256           TEXT          NOT NULL CHECK (dump_sha256 ~ '^[0-9a-f]{64}$'),
    computed_at           TIMESTAMPTZ   NOT NULL DEFAULT now(),
    -- Filled by the submission side once the root is on chain.
    propose_tx_hash       TEXT          CHECK (propose_tx_hash ~ '^0x[0-9a-f]{64}$'),
    dispute_tx_hash       TEXT          CHECK (dispute_tx_hash ~ '^0x[0-9a-f]{64}$'),
    resolve_tx_hash       TEXT          CHECK (resolve_tx_hash ~ '^0x[0-9a-f]{64}$'),
    dispute_deadline      BIGINT,
    CHECK (paid + carry_out = budget + carry_in),
    CHECK (pool_depin + pool_rollup + pool_governance = budget + carry_in),
    CHECK (paid_depin + paid_rollup + paid_governance = paid)
);

-- One row per leaf of the epoch's tree: every account that has ever been paid, including those paid nothing this
-- epoch (amount 0, their cumulative unchanged). proof is the leaf's proof, its 32-byte nodes concatenated.
-- No foreign key to reward_epoch_result: both are written in one transaction, and a per-row key check would
-- double the time of a million-row epoch.
CREATE TABLE reward_allocation (
    epoch              BIGINT        NOT NULL,
    account            TEXT          NOT NULL,
    depin_amount       NUMERIC(78,0) NOT NULL,
    rollup_amount      NUMERIC(78,0) NOT NULL,
    governance_amount  NUMERIC(78,0) NOT NULL,
    amount             NUMERIC(78,0) NOT NULL,
    cumulative_amount  NUMERIC(78,0) NOT NULL,
    proof              BYTEA         NOT NULL,
    PRIMARY KEY (epoch, account)
);
