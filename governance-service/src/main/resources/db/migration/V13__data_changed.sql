-- Every committed change to the tables the API answers from is announced on channel gov_data_changed, so that each
-- replica's GraphQL response cache (api.cache) drops answers read before it. Statement-level triggers catch every
-- writer, in this process or another, and the SQL an operator runs by hand; PostgreSQL delivers the notification
-- on commit, drops it on rollback, and sends one per transaction since the payload never varies.
--
-- A table added later must get the trigger too: DataChangedTriggerTest fails on any table without it.
CREATE FUNCTION data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('gov_data_changed', '');
    RETURN NULL;
END;
$$;

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables
             WHERE schemaname = current_schema() AND tablename <> 'flyway_schema_history'
    LOOP
        EXECUTE format('CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION data_changed()', t.tablename);
    END LOOP;
END;
$$;
