-- The response cache (api.cache) tells a move of an indexed head from a change of indexed data. Under V13 both were
-- announced alike, so every indexed block, even an empty one, retired every cached answer. Now each notification
-- names the table and the operation, and a Governor's cursor announces, row by row, where its head moved to: the
-- block, the block's timestamp ('-' when its header is not stored) and the Governor. The cache keeps an answer
-- across head moves that stay inside the heads at which the answer reads the same (a proposal's state, finality and
-- timeline change only at known timepoints); any other change retires it as before.
--
-- The payload varies now, so PostgreSQL sends one notification per distinct table and operation in a transaction,
-- and one per cursor row written; still on commit only, and in commit order.
CREATE OR REPLACE FUNCTION data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('gov_data_changed', TG_TABLE_NAME || ' ' || TG_OP);
    RETURN NULL;
END;
$$;

CREATE FUNCTION head_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('gov_data_changed', concat_ws(' ', TG_TABLE_NAME, TG_OP, NEW.indexed_block,
        COALESCE((SELECT h.timestamp::text FROM governor g
                  JOIN block_header h ON h.chain = g.chain AND h.number = NEW.indexed_block
                  WHERE g.id = NEW.governor_id), '-'),
        NEW.governor_id));
    RETURN NULL;
END;
$$;

-- A cursor deleted or truncated is a rollback or an operator's reset: a data change, announced by statement.
DROP TRIGGER data_changed ON sync_cursor;
CREATE TRIGGER data_changed AFTER DELETE OR TRUNCATE ON sync_cursor
    FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER head_moved AFTER INSERT OR UPDATE ON sync_cursor
    FOR EACH ROW EXECUTE FUNCTION head_moved();
