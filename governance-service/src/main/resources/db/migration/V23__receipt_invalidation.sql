-- Operator invalidations of work receipts (POST /operator/receipts/invalidate): every receipt of the deployment's
-- policy that a verifier signed and the engine took in [received_from, received_to) stops counting in epoch
-- from_epoch and later. Receipts are never deleted, and neither are invalidations: both stay as the history of what
-- was paid and why not.
--
-- from_epoch is the first epoch not yet closed when the invalidation was recorded (the recording locks reward_epoch
-- against a concurrent close). An epoch already closed may be computed, and its root posted, from the receipts as
-- they were; every reader of an epoch, the lifecycle and epoch verify alike, must see the same receipts.
CREATE TABLE receipt_invalidation (
    id             BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chain_id       BIGINT      NOT NULL CHECK (chain_id > 0),
    policy         TEXT        NOT NULL,
    verifier       TEXT        NOT NULL,
    received_from  TIMESTAMPTZ NOT NULL,
    received_to    TIMESTAMPTZ NOT NULL CHECK (received_to > received_from),
    from_epoch     BIGINT      NOT NULL CHECK (from_epoch >= 1),
    reason         TEXT        NOT NULL CHECK (reason <> ''),
    requested_by   TEXT        NOT NULL CHECK (requested_by <> ''),
    recorded_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX receipt_invalidation_by_verifier ON receipt_invalidation (chain_id, policy, verifier);
