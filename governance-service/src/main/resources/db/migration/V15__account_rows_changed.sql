-- Token transfers and delegations write voting-power and delegation rows for the few accounts they touch, in nearly
-- every block of a traded token. Announced as a change of the whole table (V14), each retired every cached answer
-- that reads any account's standing. The three per-account tables the API reads account by account now name the
-- accounts in their notification: '<table> <operation> <governor>|<account> ...', from the statement's transition
-- table. The response cache (api.cache) then retires only the answers that read those accounts' rows, and those that
-- read the table whole (the delegate leaderboard). A statement that changed no row announces nothing; one that
-- changed too many accounts for a notification's payload announces the table whole, as before.
--
-- PostgreSQL takes transition tables only on triggers of one event each, hence three per table; TRUNCATE keeps the
-- statement trigger data_changed.
CREATE FUNCTION account_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    accounts text;
BEGIN
    -- TG_ARGV[0]: the column naming the account a row belongs to.
    EXECUTE format('SELECT string_agg(DISTINCT governor_id || ''|'' || %I, '' '') FROM changed_rows', TG_ARGV[0])
        INTO accounts;
    IF accounts IS NULL THEN
        RETURN NULL;
    END IF;
    IF length(accounts) > 7000 THEN
        PERFORM pg_notify('gov_data_changed', TG_TABLE_NAME || ' ' || TG_OP);
    ELSE
        PERFORM pg_notify('gov_data_changed', TG_TABLE_NAME || ' ' || TG_OP || ' ' || accounts);
    END IF;
    RETURN NULL;
END;
$$;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES ('delegate_power', 'delegate'), ('account_delegation', 'delegator'),
                                   ('voting_power_change', 'delegate')) AS keyed(name, account)
    LOOP
        EXECUTE format('DROP TRIGGER data_changed ON %I', t.name);
        EXECUTE format('CREATE TRIGGER data_changed AFTER TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION data_changed()', t.name);
        EXECUTE format('CREATE TRIGGER account_rows_inserted AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION account_rows_changed(%L)', t.name, t.account);
        EXECUTE format('CREATE TRIGGER account_rows_updated AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION account_rows_changed(%L)', t.name, t.account);
        EXECUTE format('CREATE TRIGGER account_rows_deleted AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION account_rows_changed(%L)', t.name, t.account);
    END LOOP;
END;
$$;
