-- rows_changed (V38) named a statement's rows with string_agg(DISTINCT ...), which sorts every row's key under the
-- database's collation before it drops the duplicates: for a backfill's statement of 10,000 votes, two sorts of
-- 10,000 keys of about 100 characters, half the time of the statement's four triggers (EXPLAIN ANALYZE of such a
-- statement on the backfill benchmark's votes: the trigger 54 ms of the statement's 229). The duplicates are now
-- dropped by a hashed DISTINCT first, and only the keys left are sorted: the same payload, in the same order.
CREATE OR REPLACE FUNCTION rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    keys text := '';
    named text;
    i int := 0;
BEGIN
    -- TG_ARGV: pairs of a key's label and the column its value comes from, e.g. 'proposal', 'proposal_id'.
    WHILE i < TG_NARGS LOOP
        EXECUTE format('SELECT string_agg(k, '' '' ORDER BY k) FROM (SELECT DISTINCT %L || '':'' || governor_id '
                       '|| ''|'' || %I AS k FROM changed_rows) d', TG_ARGV[i], TG_ARGV[i + 1])
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

-- vote_governor_exists (V44) read the statement's votes twice, once for the governors they name and once more to
-- lock them; the governors named are now read once, and the rule and its message are V44's.
CREATE OR REPLACE FUNCTION vote_governor_exists() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    named text[] := ARRAY(SELECT DISTINCT governor_id FROM checked_votes);
    missing text;
BEGIN
    SELECT v.governor_id INTO missing
    FROM unnest(named) AS v(governor_id)
    LEFT JOIN (SELECT id FROM governor WHERE id = ANY (named) FOR KEY SHARE) g ON g.id = v.governor_id
    WHERE g.id IS NULL
    LIMIT 1;
    IF FOUND THEN
        RAISE foreign_key_violation USING MESSAGE = format('%s on table "vote": governor %L does not exist',
            TG_OP, missing);
    END IF;
    RETURN NULL;
END $$;
