-- Roots on the RewardDistributor that this engine did not compute: another operator, or a stolen updater key. Each
-- is recorded once, when first seen (from the index's RootProposed logs or the distributor's pending and live roots),
-- and followed while it is pending, disputed or live; GONE once it is none of those (discarded, or superseded).
CREATE TABLE distributor_foreign_root (
    chain_id       BIGINT        NOT NULL CHECK (chain_id > 0),
    distributor    TEXT          NOT NULL,
    epoch          NUMERIC(78,0) NOT NULL CHECK (epoch >= 0),
    root           TEXT          NOT NULL CHECK (root ~ '^0x[0-9a-f]{64}$'),
    -- This engine's root for the epoch when the alert was raised; NULL if it had computed none.
    expected_root  TEXT          CHECK (expected_root ~ '^0x[0-9a-f]{64}$'),
    chain_status   TEXT          NOT NULL CHECK (chain_status IN ('PENDING', 'DISPUTED', 'LIVE', 'GONE')),
    first_seen     TIMESTAMPTZ   NOT NULL,
    updated_at     TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (chain_id, distributor, epoch, root)
);

CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON distributor_foreign_root
    FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
