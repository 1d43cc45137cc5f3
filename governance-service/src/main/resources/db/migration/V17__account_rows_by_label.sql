-- V16's rows_changed names rows by labelled keys, and covers what V15's account_rows_changed did: the per-account
-- tables now use it too, their keys labelled 'account:<governor>|<account>' like V16's 'proposal:' and 'voter:', and
-- the narrower function goes.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES ('delegate_power', 'delegate'), ('account_delegation', 'delegator'),
                                   ('voting_power_change', 'delegate')) AS keyed(name, account)
    LOOP
        EXECUTE format('DROP TRIGGER account_rows_inserted ON %I', t.name);
        EXECUTE format('DROP TRIGGER account_rows_updated ON %I', t.name);
        EXECUTE format('DROP TRIGGER account_rows_deleted ON %I', t.name);
        EXECUTE format('CREATE TRIGGER rows_inserted AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION rows_changed(''account'', %L)', t.name, t.account);
        EXECUTE format('CREATE TRIGGER rows_updated AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION rows_changed(''account'', %L)', t.name, t.account);
        EXECUTE format('CREATE TRIGGER rows_deleted AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION rows_changed(''account'', %L)', t.name, t.account);
    END LOOP;
END;
$$;

DROP FUNCTION account_rows_changed();
