-- Mode B (gov.submission.mode=governance): the Governor proposal that carries an epoch's root, recorded BEFORE the
-- propose transaction is signed. A proposal's id is the hash of its content, so this row is what lets a restarted
-- engine follow the epoch's proposal (queue, execute) from the epoch number alone, and refuse a second, different
-- proposal for the same epoch.
CREATE TABLE governance_root_proposal (
    chain_id          BIGINT        NOT NULL CHECK (chain_id > 0),
    governor          TEXT          NOT NULL,
    epoch             BIGINT        NOT NULL CHECK (epoch >= 0),
    proposal_id       NUMERIC(78,0) NOT NULL,
    distributor       TEXT          NOT NULL,
    root              TEXT          NOT NULL CHECK (root ~ '^0x[0-9a-f]{64}$'),
    total_cumulative  NUMERIC(78,0) NOT NULL CHECK (total_cumulative >= 0),
    data_uri          TEXT          NOT NULL,
    description       TEXT          NOT NULL,
    created_at        TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (chain_id, governor, epoch)
);
