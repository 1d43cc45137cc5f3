-- Each computed epoch's inputs document (docs/REWARDS.md, "An epoch's inputs document"): the exact bytes served at
-- GET /epochs/{epoch}/inputs, whose keccak256 the posted dataUri names. Stored rather than rebuilt, since the rows it
-- is built from go on changing (receipts invalidated later, a reorg below a deep epoch, a remapped rollup contract)
-- while the document of a posted root must not. Written when the epoch is computed, and replaced only when an
-- operator's recompute computes it again, which happens only to a root that is not on chain, or was discarded.
CREATE TABLE reward_epoch_inputs (
    epoch      BIGINT      PRIMARY KEY CHECK (epoch >= 1),
    document   BYTEA       NOT NULL,
    keccak     TEXT        NOT NULL CHECK (keccak ~ '^0x[0-9a-f]{64}$'),
    stored_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- An operator's recompute keeps the document it replaces, as it keeps the result (V29): the dataUri posted with the
-- discarded root names the old document's keccak256, which must stay answerable.
CREATE TABLE reward_epoch_inputs_superseded (
    LIKE reward_epoch_inputs INCLUDING DEFAULTS,
    revision           INT          NOT NULL CHECK (revision >= 1),
    superseded_at      TIMESTAMPTZ  NOT NULL,
    superseded_reason  TEXT         NOT NULL,
    PRIMARY KEY (epoch, revision)
);

CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reward_epoch_inputs
    FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reward_epoch_inputs_superseded
    FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
