-- A vote's governor is checked once per statement instead of once per row. The foreign key vote -> governor ran its
-- check (a lookup of the governor row, locked FOR KEY SHARE) for every vote inserted, and a backfill inserts votes
-- ten thousand to a statement: in the backfill benchmark that check was the costliest part of a vote's insert after
-- its indexes (pg_stat_statements: 107,414 lookups of the same governor row for 100,000 votes). The rule stays the
-- same, both ways:
--   a vote inserted or updated names a governor that exists, which stays locked FOR KEY SHARE, as the foreign key
--   locked it, until the transaction ends, so that no one deletes it meanwhile (SQLSTATE 23503 otherwise);
--   a governor is deleted, renamed or truncated only when it has no vote (23503 otherwise; TRUNCATE ... CASCADE no
--   longer reaches vote, so it is refused while vote holds rows: truncate vote first).

ALTER TABLE vote DROP CONSTRAINT vote_governor_id_fkey;

CREATE FUNCTION vote_governor_exists() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing text;
BEGIN
    SELECT v.governor_id INTO missing
    FROM (SELECT DISTINCT governor_id FROM checked_votes) v
    LEFT JOIN (SELECT id FROM governor WHERE id IN (SELECT governor_id FROM checked_votes) FOR KEY SHARE) g
        ON g.id = v.governor_id
    WHERE g.id IS NULL
    LIMIT 1;
    IF FOUND THEN
        RAISE foreign_key_violation USING MESSAGE = format('%s on table "vote": governor %L does not exist',
            TG_OP, missing);
    END IF;
    RETURN NULL;
END $$;

-- Statement triggers fire in the order of their names: these come before vote's others (the tallies, whose rows
-- have a foreign key of their own, and the notifications), so that a vote of an unknown governor is reported as such.
CREATE TRIGGER governor_exists_inserted AFTER INSERT ON vote REFERENCING NEW TABLE AS checked_votes
    FOR EACH STATEMENT EXECUTE FUNCTION vote_governor_exists();
CREATE TRIGGER governor_exists_updated AFTER UPDATE ON vote REFERENCING NEW TABLE AS checked_votes
    FOR EACH STATEMENT EXECUTE FUNCTION vote_governor_exists();

-- A row trigger locks the governor row before it runs, so a vote insert still in progress holds the delete back
-- until it ends, and the check then reads its votes.
CREATE FUNCTION governor_without_votes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF EXISTS (SELECT 1 FROM vote) THEN
            RAISE foreign_key_violation USING MESSAGE = 'cannot truncate table "governor": table "vote" holds votes',
                HINT = 'Truncate table "vote" first.';
        END IF;
        RETURN NULL;
    END IF;
    IF (TG_OP = 'DELETE' OR NEW.id IS DISTINCT FROM OLD.id) AND EXISTS (SELECT 1 FROM vote WHERE governor_id = OLD.id) THEN
        RAISE foreign_key_violation USING MESSAGE = format('%s on table "governor": governor %L has votes',
            TG_OP, OLD.id);
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER governor_without_votes BEFORE DELETE OR UPDATE OF id ON governor
    FOR EACH ROW EXECUTE FUNCTION governor_without_votes();
CREATE TRIGGER governor_without_votes_truncated BEFORE TRUNCATE ON governor
    FOR EACH STATEMENT EXECUTE FUNCTION governor_without_votes();
