-- The change log: every notification also written as a row, so that a replica on a PostgreSQL hot standby, which
-- LISTEN never reaches, learns of the same changes from replicated state (persistence.PgNotifications polls it
-- there; on the primary NOTIFY stays the fast path). Payloads and channels are those of the notifications, unchanged.
--
-- A reader needs the entries in commit order, with no entry appearing later below one it has already passed. A
-- number drawn when a trigger fires would not do: two transactions commit in either order. So the entries of a
-- transaction carry its id, and one row per committing transaction takes its number at commit, from a deferred
-- trigger that holds a transaction advisory lock until the commit is visible: a number is drawn only after every
-- smaller one's transaction has committed or rolled back, and a standby replays commits in the same order. The lock
-- is held from the deferred trigger to the end of the commit only, never over a transaction's work.
--
--   change_log         the entries: transaction id, order in the transaction, channel, payload
--   change_log_commit  one row per committed transaction that wrote entries: its number (seq) and id
--   change_log_pruned  the highest number the writer has deleted (sync.ChangeLogPruning); a reader behind it may
--                      have missed entries, and must take everything as changed.
--
-- These tables announce nothing themselves: they are the announcement (DataChangedTriggerTest leaves them out).

CREATE TABLE change_log (
    xid     xid8    NOT NULL,
    n       bigint  GENERATED ALWAYS AS IDENTITY,
    channel text    NOT NULL,
    payload text    NOT NULL,
    -- The transaction's first entry: the one whose deferred trigger numbers the commit.
    opens   boolean NOT NULL
);
CREATE INDEX change_log_by_transaction ON change_log (xid, n);

CREATE TABLE change_log_commit (
    seq          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    xid          xid8        NOT NULL,
    committed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX change_log_commit_by_time ON change_log_commit (committed_at);

CREATE TABLE change_log_pruned (
    single  boolean PRIMARY KEY DEFAULT true CHECK (single),
    through bigint  NOT NULL
);
INSERT INTO change_log_pruned (through) VALUES (0);

-- NOTIFY and its entry. The flag is transaction-local (set_config's third argument), so it resets at commit and
-- with a rolled-back savepoint, whose entries are gone too.
CREATE FUNCTION announce(channel text, payload text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    opens boolean := current_setting('gov.change_log_opened', true) IS DISTINCT FROM 'on';
BEGIN
    PERFORM pg_notify(channel, payload);
    IF opens THEN
        PERFORM set_config('gov.change_log_opened', 'on', true);
    END IF;
    INSERT INTO change_log (xid, channel, payload, opens) VALUES (pg_current_xact_id(), channel, payload, opens);
END;
$$;

CREATE FUNCTION number_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- "govclog" in ASCII, recognizable in pg_locks.
    PERFORM pg_advisory_xact_lock(29114476866072423);
    INSERT INTO change_log_commit (xid) VALUES (NEW.xid);
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER number_commit AFTER INSERT ON change_log DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NEW.opens) EXECUTE FUNCTION number_commit();

-- V31's functions, each now announcing through announce(); what they announce is unchanged.
CREATE OR REPLACE FUNCTION data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM announce('gov_data_changed', TG_TABLE_NAME || ' ' || TG_OP);
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
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
        PERFORM announce('gov_data_changed', TG_TABLE_NAME || ' ' || TG_OP);
    ELSE
        PERFORM announce('gov_data_changed', TG_TABLE_NAME || ' ' || TG_OP || keys);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION head_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM announce('gov_data_changed', concat_ws(' ', TG_TABLE_NAME, TG_OP, NEW.indexed_block,
        COALESCE((SELECT h.timestamp::text FROM governor g
                  JOIN block_header h ON h.chain = g.chain AND h.number = NEW.indexed_block
                  WHERE g.id = NEW.governor_id), '-'),
        NEW.governor_id));
    RETURN NULL;
END;
$$;
