-- Each proposal's tally, kept by statement-level triggers on vote as delegate_power is kept on voting_power_change
-- (V7): reading a proposal's tallies is then one primary-key read, where summing its votes read every one of them
-- (an account page whose votes ask for their proposals' states summed tens of thousands of rows). The triggers run
-- in the writer's transaction, so votes and tallies commit together, and the indexer's code does not know about them.
-- Only inserts and deletes are followed: the indexer never updates a vote (a voter votes once per proposal, and a
-- replayed log is an insert that conflicts and changes nothing).

-- GovernorCountingSimple's sums (support 0, 1 and 2) and how many accounts voted, whatever their support. A proposal
-- without votes has no row; readers take zeros. Like vote, it has no foreign key to proposal.
CREATE TABLE proposal_tally (
    governor_id  TEXT          NOT NULL REFERENCES governor (id),
    proposal_id  NUMERIC(78,0) NOT NULL,
    against      NUMERIC(78,0) NOT NULL,
    for_votes    NUMERIC(78,0) NOT NULL,
    abstain      NUMERIC(78,0) NOT NULL,
    voters       BIGINT        NOT NULL,
    PRIMARY KEY (governor_id, proposal_id)
);

-- Votes only arrive, so an insert adds its statement's sums to the standing ones.
CREATE FUNCTION votes_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO proposal_tally (governor_id, proposal_id, against, for_votes, abstain, voters)
    SELECT governor_id, proposal_id,
           COALESCE(SUM(weight) FILTER (WHERE support = 0), 0),
           COALESCE(SUM(weight) FILTER (WHERE support = 1), 0),
           COALESCE(SUM(weight) FILTER (WHERE support = 2), 0),
           COUNT(*)
    FROM inserted
    GROUP BY governor_id, proposal_id
    ON CONFLICT (governor_id, proposal_id) DO UPDATE
        SET against = proposal_tally.against + EXCLUDED.against,
            for_votes = proposal_tally.for_votes + EXCLUDED.for_votes,
            abstain = proposal_tally.abstain + EXCLUDED.abstain,
            voters = proposal_tally.voters + EXCLUDED.voters;
    RETURN NULL;
END $$;

-- A reorg rollback's deletes: the proposals they touched are recounted from the votes that remain, so a tally can
-- never drift from its votes; a proposal left without votes loses its row.
CREATE FUNCTION votes_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM proposal_tally t
    USING (SELECT DISTINCT governor_id, proposal_id FROM removed) touched
    WHERE t.governor_id = touched.governor_id AND t.proposal_id = touched.proposal_id;
    INSERT INTO proposal_tally (governor_id, proposal_id, against, for_votes, abstain, voters)
    SELECT v.governor_id, v.proposal_id,
           COALESCE(SUM(v.weight) FILTER (WHERE v.support = 0), 0),
           COALESCE(SUM(v.weight) FILTER (WHERE v.support = 1), 0),
           COALESCE(SUM(v.weight) FILTER (WHERE v.support = 2), 0),
           COUNT(*)
    FROM vote v
    WHERE (v.governor_id, v.proposal_id) IN (SELECT governor_id, proposal_id FROM removed)
    GROUP BY v.governor_id, v.proposal_id;
    RETURN NULL;
END $$;

CREATE TRIGGER vote_inserted AFTER INSERT ON vote
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION votes_inserted();
CREATE TRIGGER vote_deleted AFTER DELETE ON vote
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION votes_deleted();

-- Tallies of a database indexed before this migration.
INSERT INTO proposal_tally (governor_id, proposal_id, against, for_votes, abstain, voters)
SELECT governor_id, proposal_id,
       COALESCE(SUM(weight) FILTER (WHERE support = 0), 0),
       COALESCE(SUM(weight) FILTER (WHERE support = 1), 0),
       COALESCE(SUM(weight) FILTER (WHERE support = 2), 0),
       COUNT(*)
FROM vote
GROUP BY governor_id, proposal_id;
