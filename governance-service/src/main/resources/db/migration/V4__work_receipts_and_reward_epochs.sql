-- Reward epochs and DePIN work receipts (owner: receipts; docs/ARCHITECTURE.md, "Contributions").

-- One row per epoch that something has happened to. A missing row means OPEN. The epoch lifecycle moves status
-- forward; the receipt path inserts OPEN rows for the epochs it stores into and holds FOR SHARE locks on them for
-- its transaction, so closing an epoch (an UPDATE or an upsert of this row) waits for receipts in flight, and
-- receipts that come after the close see it.
CREATE TABLE reward_epoch (
    epoch            BIGINT      PRIMARY KEY CHECK (epoch >= 1),
    status           TEXT        NOT NULL CHECK (status IN
                        ('OPEN', 'CLOSED', 'COMPUTED', 'SUBMITTED', 'SUBMIT_FAILED', 'DISPUTED', 'FINALIZED')),
    start_timestamp  BIGINT,
    end_timestamp    BIGINT,
    end_block        BIGINT,
    policy_version   BIGINT,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (end_timestamp > start_timestamp)
);

-- Verified work receipts, each stored whole: every field of the EIP-712 WorkReceipt, the signature, and the verifier
-- it recovered to. A job id counts once per policy contract (its EIP-712 domain), whoever submits it.
CREATE TABLE work_receipt (
    chain_id      BIGINT        NOT NULL CHECK (chain_id > 0),
    policy        TEXT          NOT NULL,
    job_id        TEXT          NOT NULL CHECK (job_id ~ '^0x[0-9a-f]{64}$'),
    provider      TEXT          NOT NULL,
    epoch         BIGINT        NOT NULL CHECK (epoch >= 1),
    gpu_class     SMALLINT      NOT NULL CHECK (gpu_class BETWEEN 0 AND 255),
    gpu_seconds   NUMERIC(20,0) NOT NULL CHECK (gpu_seconds BETWEEN 1 AND 18446744073709551615),
    quality_bps   INTEGER       NOT NULL CHECK (quality_bps BETWEEN 0 AND 10000),
    signature     TEXT          NOT NULL CHECK (signature ~ '^0x[0-9a-f]{130}$'),
    verifier      TEXT          NOT NULL,
    received_at   TIMESTAMPTZ   NOT NULL DEFAULT now(),
    PRIMARY KEY (chain_id, policy, job_id)
);
CREATE INDEX work_receipt_by_epoch ON work_receipt (chain_id, policy, epoch, provider);
