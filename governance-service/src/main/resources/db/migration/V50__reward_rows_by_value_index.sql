-- An epoch's leaf rows carry their value's index (its position among the epoch's accounts in address order) instead
-- of their leaf's tree index, and the tree's row carries each value's tree index: the tree index is only known once
-- every leaf is hashed and sorted, the value index as soon as the allocation is done, so the rows' COPY (most of an
-- epoch's store, PostgreSQL's backend taking in a million rows) now runs while the JVM hashes the tree instead of
-- after it. A proof is read as before, one more 4-byte slice of the same tree row away. Rows stored before keep
-- their proof (before V41) or their tree index; a row has exactly one of the three.

ALTER TABLE reward_tree
    ADD COLUMN tree_index_of_value BYTEA CHECK (octet_length(tree_index_of_value) % 4 = 0);
-- Out of line and uncompressed, like the nodes: a claim reads one 4-byte slice, not the whole map.
ALTER TABLE reward_tree ALTER COLUMN tree_index_of_value SET STORAGE EXTERNAL;
ALTER TABLE reward_tree_superseded
    ADD COLUMN tree_index_of_value BYTEA CHECK (octet_length(tree_index_of_value) % 4 = 0);
ALTER TABLE reward_tree_superseded ALTER COLUMN tree_index_of_value SET STORAGE EXTERNAL;

ALTER TABLE reward_allocation
    ADD COLUMN value_index INT CHECK (value_index >= 0),
    DROP CONSTRAINT reward_allocation_check,
    ADD CHECK (num_nonnulls(proof, tree_index, value_index) = 1);
ALTER TABLE reward_allocation_superseded
    ADD COLUMN value_index INT CHECK (value_index >= 0),
    DROP CONSTRAINT reward_allocation_superseded_check,
    ADD CHECK (num_nonnulls(proof, tree_index, value_index) = 1);

-- The tree index of the leaf of value p_value_index in the stored tree of p_epoch; NULL when the epoch has no
-- stored tree or its tree has no value map (stored before V50).
CREATE FUNCTION reward_tree_index(p_epoch BIGINT, p_value_index INT) RETURNS INT
    LANGUAGE sql STABLE STRICT AS $$
    SELECT (get_byte(m.slice, 0) << 24) | (get_byte(m.slice, 1) << 16) | (get_byte(m.slice, 2) << 8)
           | get_byte(m.slice, 3)
    FROM (SELECT substring(t.tree_index_of_value FROM p_value_index * 4 + 1 FOR 4) AS slice
          FROM reward_tree t WHERE t.epoch = p_epoch) m
    WHERE octet_length(m.slice) = 4
$$;
