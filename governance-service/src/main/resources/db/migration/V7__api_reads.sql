-- What the wallet API reads beyond V1: indexes for keyset pagination, and the current standing of every delegate
-- and delegator, kept by triggers so that the delegate leaderboard is an index scan rather than a pass over the
-- whole history. The triggers run in the writer's own transaction: a range and its standings commit together, and
-- a reorg rollback's deletes recompute the standings of exactly the accounts they touched.

-- A proposal's votes, newest first (Proposal.votes, votes(governor, proposalId)).
CREATE INDEX vote_by_proposal ON vote (governor_id, proposal_id, block_number DESC, log_index DESC);
-- A proposer's proposals, newest first (proposals(governor, proposer)).
CREATE INDEX proposal_by_proposer_created ON proposal (governor_id, proposer, created_block DESC, created_log_index DESC);

-- Each delegator's current delegate: the latest DelegateChanged. The zero address means "not delegated".
CREATE TABLE account_delegation (
    governor_id   TEXT    NOT NULL REFERENCES governor (id),
    delegator     TEXT    NOT NULL,
    delegate      TEXT    NOT NULL,
    block_number  BIGINT  NOT NULL,
    log_index     INTEGER NOT NULL,
    PRIMARY KEY (governor_id, delegator)
);
CREATE INDEX account_delegation_by_delegate ON account_delegation (governor_id, delegate);

-- Each delegate's current voting power (the latest DelegateVotesChanged) and how many accounts delegate to it.
-- Ties in the leaderboard are broken by the lower-case address, which orders as the 160-bit number does.
CREATE TABLE delegate_power (
    governor_id      TEXT          NOT NULL REFERENCES governor (id),
    delegate         TEXT          NOT NULL,
    voting_power     NUMERIC(78,0) NOT NULL DEFAULT 0,
    power_block      BIGINT,
    power_log_index  INTEGER,
    delegator_count  BIGINT        NOT NULL DEFAULT 0,
    PRIMARY KEY (governor_id, delegate)
);
CREATE INDEX delegate_by_power ON delegate_power (governor_id, voting_power DESC, lower(delegate));
CREATE INDEX delegate_by_delegators ON delegate_power (governor_id, delegator_count DESC, lower(delegate));

-- Delegator counts of the given delegates, recounted from account_delegation.
CREATE FUNCTION recount_delegators(of_governor TEXT, delegates TEXT[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO delegate_power (governor_id, delegate, delegator_count)
    SELECT of_governor, d,
           (SELECT COUNT(*) FROM account_delegation a WHERE a.governor_id = of_governor AND a.delegate = d)
    FROM (SELECT DISTINCT unnest(delegates)) AS touched(d)
    WHERE d <> '0x0000000000000000000000000000000000000000'
    ON CONFLICT (governor_id, delegate) DO UPDATE SET delegator_count = EXCLUDED.delegator_count
$$;

CREATE FUNCTION delegation_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    g TEXT;
BEGIN
    FOR g IN SELECT DISTINCT governor_id FROM inserted LOOP
        INSERT INTO account_delegation (governor_id, delegator, delegate, block_number, log_index)
        SELECT DISTINCT ON (delegator) governor_id, delegator, to_delegate, block_number, log_index
        FROM inserted WHERE governor_id = g
        ORDER BY delegator, block_number DESC, log_index DESC
        ON CONFLICT (governor_id, delegator) DO UPDATE
            SET delegate = EXCLUDED.delegate, block_number = EXCLUDED.block_number, log_index = EXCLUDED.log_index
            WHERE (EXCLUDED.block_number, EXCLUDED.log_index)
                > (account_delegation.block_number, account_delegation.log_index);
        -- Every delegate that gained or lost a delegator appears as from_delegate or to_delegate of some change.
        PERFORM recount_delegators(g, ARRAY(
            SELECT from_delegate FROM inserted WHERE governor_id = g
            UNION SELECT to_delegate FROM inserted WHERE governor_id = g));
    END LOOP;
    RETURN NULL;
END $$;

CREATE FUNCTION delegation_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    g TEXT;
    touched TEXT[];
BEGIN
    FOR g IN SELECT DISTINCT governor_id FROM removed LOOP
        -- The delegates the affected delegators pointed at before the rollback, and the ones they point at after.
        touched := ARRAY(
            SELECT a.delegate FROM account_delegation a
            WHERE a.governor_id = g AND a.delegator IN (SELECT delegator FROM removed WHERE governor_id = g));
        DELETE FROM account_delegation a
        WHERE a.governor_id = g AND a.delegator IN (SELECT delegator FROM removed WHERE governor_id = g);
        INSERT INTO account_delegation (governor_id, delegator, delegate, block_number, log_index)
        SELECT DISTINCT ON (c.delegator) c.governor_id, c.delegator, c.to_delegate, c.block_number, c.log_index
        FROM delegation_change c
        WHERE c.governor_id = g AND c.delegator IN (SELECT delegator FROM removed WHERE governor_id = g)
        ORDER BY c.delegator, c.block_number DESC, c.log_index DESC;
        touched := touched || ARRAY(
            SELECT a.delegate FROM account_delegation a
            WHERE a.governor_id = g AND a.delegator IN (SELECT delegator FROM removed WHERE governor_id = g));
        PERFORM recount_delegators(g, touched);
    END LOOP;
    RETURN NULL;
END $$;

CREATE TRIGGER delegation_change_inserted AFTER INSERT ON delegation_change
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION delegation_inserted();
CREATE TRIGGER delegation_change_deleted AFTER DELETE ON delegation_change
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION delegation_deleted();

CREATE FUNCTION voting_power_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO delegate_power (governor_id, delegate, voting_power, power_block, power_log_index)
    SELECT DISTINCT ON (governor_id, delegate) governor_id, delegate, new_votes, block_number, log_index
    FROM inserted
    ORDER BY governor_id, delegate, block_number DESC, log_index DESC
    ON CONFLICT (governor_id, delegate) DO UPDATE
        SET voting_power = EXCLUDED.voting_power, power_block = EXCLUDED.power_block,
            power_log_index = EXCLUDED.power_log_index
        WHERE delegate_power.power_block IS NULL
           OR (EXCLUDED.power_block, EXCLUDED.power_log_index)
                > (delegate_power.power_block, delegate_power.power_log_index);
    RETURN NULL;
END $$;

CREATE FUNCTION voting_power_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- A delegate whose every change was rolled back has no voting power left.
    UPDATE delegate_power d
    SET voting_power = COALESCE(latest.new_votes, 0), power_block = latest.block_number,
        power_log_index = latest.log_index
    FROM (SELECT DISTINCT governor_id, delegate FROM removed) touched
    LEFT JOIN LATERAL (
        SELECT v.new_votes, v.block_number, v.log_index FROM voting_power_change v
        WHERE v.governor_id = touched.governor_id AND v.delegate = touched.delegate
        ORDER BY v.block_number DESC, v.log_index DESC LIMIT 1) latest ON true
    WHERE d.governor_id = touched.governor_id AND d.delegate = touched.delegate;
    RETURN NULL;
END $$;

CREATE TRIGGER voting_power_change_inserted AFTER INSERT ON voting_power_change
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION voting_power_inserted();
CREATE TRIGGER voting_power_change_deleted AFTER DELETE ON voting_power_change
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION voting_power_deleted();

-- Standings of a database indexed before this migration.
INSERT INTO account_delegation (governor_id, delegator, delegate, block_number, log_index)
SELECT DISTINCT ON (governor_id, delegator) governor_id, delegator, to_delegate, block_number, log_index
FROM delegation_change
ORDER BY governor_id, delegator, block_number DESC, log_index DESC;

INSERT INTO delegate_power (governor_id, delegate, voting_power, power_block, power_log_index)
SELECT DISTINCT ON (governor_id, delegate) governor_id, delegate, new_votes, block_number, log_index
FROM voting_power_change
ORDER BY governor_id, delegate, block_number DESC, log_index DESC;

INSERT INTO delegate_power (governor_id, delegate, delegator_count)
SELECT governor_id, delegate, COUNT(*) FROM account_delegation
WHERE delegate <> '0x0000000000000000000000000000000000000000'
GROUP BY governor_id, delegate
ON CONFLICT (governor_id, delegate) DO UPDATE SET delegator_count = EXCLUDED.delegator_count;
