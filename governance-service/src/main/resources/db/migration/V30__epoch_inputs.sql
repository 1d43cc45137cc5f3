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
