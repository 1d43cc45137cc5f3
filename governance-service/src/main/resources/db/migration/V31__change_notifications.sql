-- The change notifications of the response cache (api.cache), in one place. V13 to V17 built them step by step and
-- later migrations added tables; this migration drops every trigger function they made, with every trigger that runs
-- one, and installs today's design from scratch, unchanged in what it announces. Read it, not them.
--
-- Every committed change to a table is announced on channel gov_data_changed, so that each replica's response cache
-- retires the answers read before it. Triggers catch every writer, in any process, and the SQL an operator runs by
-- hand; PostgreSQL delivers a notification on commit only (none on rollback), once per distinct payload in a
-- transaction, in commit order. The payload's first word is the table, its second the operation (INSERT, UPDATE,
-- DELETE, TRUNCATE); api.cache.Table lists every table with how it announces (Table.Announces) and the keys it names
-- rows by, and api.cache.ChangeNotice reads the payloads.
--
-- Three trigger functions:
--   data_changed()  '<table> <operation>': a change of the table whole. A statement trigger, so it fires even for a
--                   statement that matched no row (what runs on every idle cycle reads before it writes).
--   rows_changed(label, column, ...)
--                   '<table> <operation> <label>:<governor>|<value> ...': the keys of the rows the statement changed,
--                   from its transition table changed_rows, one label and column pair after the other. Nothing for a
--                   statement that changed no row; the table whole (as data_changed) when the keys pass 7,000
--                   characters, below PostgreSQL's 8,000-byte payload limit. Transition tables take one event per
--                   trigger, hence three triggers per table, and none on TRUNCATE, which data_changed announces.
--   head_moved()    '<table> <operation> <block> <timestamp> <governor>': a row of a Governor's cursor inserted or
--                   updated, with the indexed head it moved to; the timestamp is the stored header's, '-' when the
--                   header is not stored. The cache keeps answers across head moves inside the heads at which they
--                   read the same.
--
-- Which table gets which (Table.Announces):
--   STATEMENTS     data_changed after INSERT, UPDATE, DELETE and TRUNCATE.
--   ROWS           rows_inserted, rows_updated, rows_deleted (rows_changed with the table's keys), and data_changed
--                  after TRUNCATE: the per-account tables by account, votes by proposal and voter, tallies and the
--                  Governor's answers about a proposal by proposal.
--   GOVERNOR_HEAD  sync_cursor: head_moved for each row inserted or updated, and data_changed after DELETE and
--                  TRUNCATE (a rollback or an operator's reset is a data change).
--
-- A table added later gets its triggers in its own migration and its constant in api.cache.Table;
-- DataChangedTriggerTest compares the triggers PostgreSQL holds with the enum, both ways.

DROP FUNCTION data_changed() CASCADE;
DROP FUNCTION rows_changed() CASCADE;
DROP FUNCTION head_moved() CASCADE;

CREATE FUNCTION data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('gov_data_changed', TG_TABLE_NAME || ' ' || TG_OP);
    RETURN NULL;
END;
$$;

CREATE FUNCTION rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    keys text := '';
    named text;
    i int := 0;
BEGIN
    -- TG_ARGV: pairs of a key's label and the column its value comes from, e.g. 'proposal', 'proposal_id'.
    WHILE i < TG_NARGS LOOP
        EXECUTE format('SELECT string_agg(DISTINCT %L || '':'' || governor_id || ''|'' || %I, '' '') FROM changed_rows',
                       TG_ARGV[i], TG_ARGV[i + 1])
            INTO named;
        IF named IS NULL THEN
            RETURN NULL;
        END IF;
        keys := keys || ' ' || named;
        i := i + 2;
    END LOOP;
    IF length(keys) > 7000 THEN
        PERFORM pg_notify('gov_data_changed', TG_TABLE_NAME || ' ' || TG_OP);
    ELSE
        PERFORM pg_notify('gov_data_changed', TG_TABLE_NAME || ' ' || TG_OP || keys);
    END IF;
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

-- STATEMENTS
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['block_header', 'delegation_change', 'distributor_claim', 'distributor_control_event',
                             'distributor_foreign_root', 'distributor_root_event', 'governance_root_proposal',
                             'governor', 'governor_clock', 'governor_setting_change', 'policy_version', 'proposal',
                             'receipt_invalidation', 'reward_allocation', 'reward_allocation_superseded',
                             'reward_epoch', 'reward_epoch_inputs', 'reward_epoch_inputs_superseded',
                             'reward_epoch_result', 'reward_epoch_result_superseded', 'rollup_contribution',
                             'source_cursor', 'submission_tx', 'timelock_operation_event', 'vote_reduction',
                             'work_receipt']
    LOOP
        EXECUTE format('CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION data_changed()', t);
    END LOOP;
END;
$$;

-- ROWS: each table with its keys' labels and columns, in the order the payload names them.
DO $$
DECLARE
    t record;
    arguments text;
BEGIN
    FOR t IN SELECT * FROM (VALUES
                 ('account_delegation',   ARRAY['account', 'delegator']),
                 ('delegate_power',       ARRAY['account', 'delegate']),
                 ('voting_power_change',  ARRAY['account', 'delegate']),
                 ('vote',                 ARRAY['proposal', 'proposal_id', 'voter', 'voter']),
                 ('proposal_tally',       ARRAY['proposal', 'proposal_id']),
                 ('proposal_chain_state', ARRAY['proposal', 'proposal_id'])) AS keyed(name, keys)
    LOOP
        arguments := (SELECT string_agg(quote_literal(k), ', ') FROM unnest(t.keys) AS k);
        EXECUTE format('CREATE TRIGGER data_changed AFTER TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION data_changed()', t.name);
        EXECUTE format('CREATE TRIGGER rows_inserted AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION rows_changed(%s)', t.name, arguments);
        EXECUTE format('CREATE TRIGGER rows_updated AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION rows_changed(%s)', t.name, arguments);
        EXECUTE format('CREATE TRIGGER rows_deleted AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION rows_changed(%s)', t.name, arguments);
    END LOOP;
END;
$$;

-- GOVERNOR_HEAD
CREATE TRIGGER data_changed AFTER DELETE OR TRUNCATE ON sync_cursor
    FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER head_moved AFTER INSERT OR UPDATE ON sync_cursor
    FOR EACH ROW EXECUTE FUNCTION head_moved();
