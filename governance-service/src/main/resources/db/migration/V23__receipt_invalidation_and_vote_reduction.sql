-- Two tables for the reward loop's inputs.
--
-- 1. Operator invalidations of work receipts (POST /operator/receipts/invalidate): every receipt of the deployment's
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

-- 2. GovernorCountingOverridable's VoteReduced: a delegator overrode its delegate's vote after the delegate cast it, and
-- the Governor took the delegator's weight back from the delegate's side. The delegate's VoteCast row still carries
-- the whole weight; governance rewards subtract these to score what the delegate really cast (an override before the
-- delegate's vote is already out of its VoteCast). Keyed by log like vote, and undone by a reorg the same way.
CREATE TABLE vote_reduction (
    governor_id   TEXT          NOT NULL REFERENCES governor (id),
    proposal_id   NUMERIC(78,0) NOT NULL,
    delegate      TEXT          NOT NULL,
    support       SMALLINT      NOT NULL CHECK (support BETWEEN 0 AND 255),
    weight        NUMERIC(78,0) NOT NULL CHECK (weight >= 0),
    block_number  BIGINT        NOT NULL,
    log_index     INTEGER       NOT NULL,
    tx_hash       TEXT          NOT NULL,
    PRIMARY KEY (governor_id, block_number, log_index)
);
CREATE INDEX vote_reduction_by_proposal ON vote_reduction (governor_id, proposal_id, delegate);

CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON receipt_invalidation
    FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON vote_reduction
    FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
