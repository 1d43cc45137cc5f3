-- Two changes that make the index equal the chain for Governors built from other modules than our own.
--
-- 1. Votes as GovernorCountingFractional casts them. A voter may vote several times on one proposal, each time with
--    part of its weight split across against, for and abstain (support 255, the split packed in params). The natural
--    key of a vote is therefore its log, not (proposal, voter), and each row carries the split it counts with:
--    support 0, 1 and 2 put the whole weight on one side, a fractional vote its decoded params, and a support this
--    engine does not know counts nowhere (its tallies come from the Governor, below). first_vote marks the voter's
--    first vote on the proposal, so that a tally counts voters, not votes, without a lookup per row in the trigger.
ALTER TABLE vote ADD COLUMN against_weight NUMERIC(78,0) NOT NULL DEFAULT 0,
                 ADD COLUMN for_weight     NUMERIC(78,0) NOT NULL DEFAULT 0,
                 ADD COLUMN abstain_weight NUMERIC(78,0) NOT NULL DEFAULT 0,
                 ADD COLUMN first_vote     BOOLEAN       NOT NULL DEFAULT true;
UPDATE vote SET against_weight = CASE WHEN support = 0 THEN weight ELSE 0 END,
                for_weight     = CASE WHEN support = 1 THEN weight ELSE 0 END,
                abstain_weight = CASE WHEN support = 2 THEN weight ELSE 0 END;
ALTER TABLE vote DROP CONSTRAINT vote_pkey;
ALTER TABLE vote ADD PRIMARY KEY (governor_id, block_number, log_index);
CREATE INDEX vote_by_proposal_voter ON vote (governor_id, proposal_id, voter);
DROP INDEX vote_by_block;

CREATE OR REPLACE FUNCTION votes_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO proposal_tally (governor_id, proposal_id, against, for_votes, abstain, voters)
    SELECT governor_id, proposal_id, SUM(against_weight), SUM(for_weight), SUM(abstain_weight),
           COUNT(*) FILTER (WHERE first_vote)
    FROM inserted
    GROUP BY governor_id, proposal_id
    ON CONFLICT (governor_id, proposal_id) DO UPDATE
        SET against = proposal_tally.against + EXCLUDED.against,
            for_votes = proposal_tally.for_votes + EXCLUDED.for_votes,
            abstain = proposal_tally.abstain + EXCLUDED.abstain,
            voters = proposal_tally.voters + EXCLUDED.voters;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION votes_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM proposal_tally t
    USING (SELECT DISTINCT governor_id, proposal_id FROM removed) touched
    WHERE t.governor_id = touched.governor_id AND t.proposal_id = touched.proposal_id;
    INSERT INTO proposal_tally (governor_id, proposal_id, against, for_votes, abstain, voters)
    SELECT v.governor_id, v.proposal_id, SUM(v.against_weight), SUM(v.for_weight), SUM(v.abstain_weight),
           COUNT(DISTINCT v.voter)
    FROM vote v
    WHERE (v.governor_id, v.proposal_id) IN (SELECT governor_id, proposal_id FROM removed)
    GROUP BY v.governor_id, v.proposal_id;
    RETURN NULL;
END $$;

-- 2. The Governor's own answers. For every proposal not yet in a terminal state (Executed, Canceled, Defeated,
--    Expired), the indexer calls state(), proposalVotes(), proposalDeadline(), proposalEta() and, once the snapshot
--    is past, quorum(snapshot) by eth_call at the block it has indexed, and writes the answers in the same transaction
--    as that block's range; a row is written only when an answer changed. Derivation from events remains only for a
--    proposal the node has never answered for.
--    read_block: the first block at which these answers were read; they held from there up to the cursor.
--    stale_since: the first block at which the node could not answer; the row then keeps its last good answers.
--    Tallies and deadline are null where the Governor has no such function (an unknown counting module).
CREATE TABLE proposal_chain_state (
    governor_id   TEXT          NOT NULL REFERENCES governor (id),
    proposal_id   NUMERIC(78,0) NOT NULL,
    state         TEXT          NOT NULL CHECK (state IN
                    ('PENDING', 'ACTIVE', 'CANCELED', 'DEFEATED', 'SUCCEEDED', 'QUEUED', 'EXPIRED', 'EXECUTED')),
    against       NUMERIC(78,0),
    for_votes     NUMERIC(78,0),
    abstain       NUMERIC(78,0),
    quorum        NUMERIC(78,0),
    deadline      NUMERIC(78,0),
    eta           NUMERIC(78,0),
    read_block    BIGINT        NOT NULL,
    stale_since   BIGINT,
    PRIMARY KEY (governor_id, proposal_id)
);

-- Named by proposal as proposal_tally is (V16), so a change retires only that proposal's pages and the lists.
CREATE TRIGGER data_changed AFTER TRUNCATE ON proposal_chain_state FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER rows_inserted AFTER INSERT ON proposal_chain_state REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed('proposal', 'proposal_id');
CREATE TRIGGER rows_updated AFTER UPDATE ON proposal_chain_state REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed('proposal', 'proposal_id');
CREATE TRIGGER rows_deleted AFTER DELETE ON proposal_chain_state REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed('proposal', 'proposal_id');
