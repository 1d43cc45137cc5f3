-- An epoch's tree stored once, instead of a proof in every leaf row: a proof of a million-leaf tree is 20 nodes, so
-- the proofs were 640 MB of the epoch's 885 MB and most of its store time, while the tree's node array, from which
-- every proof is read by index arithmetic, is 64 MB (2n-1 nodes of 32 bytes, root first, in the heap layout of
-- @openzeppelin/merkle-tree's dump). Epochs stored before keep their proofs; a leaf row has either its proof or the
-- tree index of its leaf, never both.

CREATE TABLE reward_tree (
    epoch  BIGINT  PRIMARY KEY,
    nodes  BYTEA   NOT NULL CHECK (octet_length(nodes) % 32 = 0 AND octet_length(nodes) > 0)
);
-- Out of line and uncompressed: hashes do not compress, and only an uncompressed value can be read a slice at a time,
-- so a proof reads its 20 nodes and not the 64 MB.
ALTER TABLE reward_tree ALTER COLUMN nodes SET STORAGE EXTERNAL;

CREATE TABLE reward_tree_superseded (
    LIKE reward_tree INCLUDING DEFAULTS,
    revision  INT  NOT NULL CHECK (revision >= 1),
    PRIMARY KEY (epoch, revision)
);
ALTER TABLE reward_tree_superseded ALTER COLUMN nodes SET STORAGE EXTERNAL;

ALTER TABLE reward_allocation
    ALTER COLUMN proof DROP NOT NULL,
    ADD COLUMN tree_index INT CHECK (tree_index >= 0),
    ADD CHECK ((proof IS NULL) <> (tree_index IS NULL));
ALTER TABLE reward_allocation_superseded
    ALTER COLUMN proof DROP NOT NULL,
    ADD COLUMN tree_index INT CHECK (tree_index >= 0),
    ADD CHECK ((proof IS NULL) <> (tree_index IS NULL));

-- The proof of the leaf at tree index p_index in the stored tree of p_epoch (StandardMerkleTree's getProof): the
-- siblings from the leaf up to the root, leaf side first, concatenated. NULL when the epoch has no stored tree.
CREATE FUNCTION reward_tree_proof(p_epoch BIGINT, p_index INT) RETURNS BYTEA
    LANGUAGE sql STABLE STRICT AS $$
    SELECT (WITH RECURSIVE path(node) AS (
                SELECT p_index WHERE p_index > 0
                UNION ALL
                SELECT (node - 1) / 2 FROM path WHERE (node - 1) / 2 > 0)
            SELECT COALESCE(string_agg(substring(t.nodes FROM (node + CASE WHEN node % 2 = 1 THEN 1 ELSE -1 END) * 32 + 1
                                                 FOR 32), ''::bytea ORDER BY node DESC), ''::bytea)
            FROM path)
    FROM reward_tree t WHERE t.epoch = p_epoch
$$;

CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reward_tree
    FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reward_tree_superseded
    FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
