-- A vote writes a row of vote and of proposal_tally, which every proposal page and account page reads; announced as a
-- change of the whole table (V14), each indexed vote retired all of them, and during a busy vote that is every
-- block. Like the per-account tables (V15), these two now name the rows a statement changed: a vote by the proposal
-- it is on and by its voter ('proposal:<governor>|<proposal id>', 'voter:<governor>|<account>'), a tally by its
-- proposal. The response cache (api.cache) then retires the pages of the proposals voted on and of the voters, and
-- the answers that read the tables whole (lists). As in V15: nothing for a statement that changed no row, the table
-- whole past 7,000 characters, one trigger per event since transition tables take one, TRUNCATE by data_changed.
CREATE FUNCTION rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    keys text := '';
    named text;
    i int := 0;
BEGIN
    -- TG_ARGV: pairs of a key's label and the column it names, e.g. 'proposal', 'proposal_id'.
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

DROP TRIGGER data_changed ON vote;
CREATE TRIGGER data_changed AFTER TRUNCATE ON vote FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER rows_inserted AFTER INSERT ON vote REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed('proposal', 'proposal_id', 'voter', 'voter');
CREATE TRIGGER rows_updated AFTER UPDATE ON vote REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed('proposal', 'proposal_id', 'voter', 'voter');
CREATE TRIGGER rows_deleted AFTER DELETE ON vote REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed('proposal', 'proposal_id', 'voter', 'voter');

DROP TRIGGER data_changed ON proposal_tally;
CREATE TRIGGER data_changed AFTER TRUNCATE ON proposal_tally FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER rows_inserted AFTER INSERT ON proposal_tally REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed('proposal', 'proposal_id');
CREATE TRIGGER rows_updated AFTER UPDATE ON proposal_tally REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed('proposal', 'proposal_id');
CREATE TRIGGER rows_deleted AFTER DELETE ON proposal_tally REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed('proposal', 'proposal_id');
