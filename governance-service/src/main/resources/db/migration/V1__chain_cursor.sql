-- How far the indexer has read each configured chain. The sync pipeline advances a row in the same transaction
-- as the rows it derived from those blocks, so a crash never leaves data ahead of (or behind) its cursor.
CREATE TABLE chain_cursor (
    chain          TEXT        PRIMARY KEY,
    chain_id       BIGINT      NOT NULL CHECK (chain_id > 0),
    indexed_block  BIGINT      NOT NULL CHECK (indexed_block >= 0),
    indexed_hash   TEXT        NOT NULL CHECK (indexed_hash ~ '^0x[0-9a-f]{64}$'),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
