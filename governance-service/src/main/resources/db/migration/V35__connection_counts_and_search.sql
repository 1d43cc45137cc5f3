-- What the wallet API's totalCount and proposals(search:) read (docs/ARCHITECTURE.md, "The wallet API").

-- 1. Votes per proposal, beside the voters: a voter may vote several times under fractional counting (V18), so the
--    voters are not the votes. A proposal's vote count is then one primary-key read, and a Governor's the sum over
--    its proposals' rows rather than a count over every vote it ever had. Kept by the same triggers as the sums.
ALTER TABLE proposal_tally ADD COLUMN votes BIGINT NOT NULL DEFAULT 0;
UPDATE proposal_tally t SET votes = counted.votes
FROM (SELECT governor_id, proposal_id, COUNT(*) AS votes FROM vote GROUP BY governor_id, proposal_id) counted
WHERE t.governor_id = counted.governor_id AND t.proposal_id = counted.proposal_id;

CREATE OR REPLACE FUNCTION votes_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO proposal_tally (governor_id, proposal_id, against, for_votes, abstain, voters, votes)
    SELECT governor_id, proposal_id, SUM(against_weight), SUM(for_weight), SUM(abstain_weight),
           COUNT(*) FILTER (WHERE first_vote), COUNT(*)
    FROM inserted
    GROUP BY governor_id, proposal_id
    ON CONFLICT (governor_id, proposal_id) DO UPDATE
        SET against = proposal_tally.against + EXCLUDED.against,
            for_votes = proposal_tally.for_votes + EXCLUDED.for_votes,
            abstain = proposal_tally.abstain + EXCLUDED.abstain,
            voters = proposal_tally.voters + EXCLUDED.voters,
            votes = proposal_tally.votes + EXCLUDED.votes;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION votes_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM proposal_tally t
    USING (SELECT DISTINCT governor_id, proposal_id FROM removed) touched
    WHERE t.governor_id = touched.governor_id AND t.proposal_id = touched.proposal_id;
    INSERT INTO proposal_tally (governor_id, proposal_id, against, for_votes, abstain, voters, votes)
    SELECT v.governor_id, v.proposal_id, SUM(v.against_weight), SUM(v.for_weight), SUM(v.abstain_weight),
           COUNT(DISTINCT v.voter), COUNT(*)
    FROM vote v
    WHERE (v.governor_id, v.proposal_id) IN (SELECT governor_id, proposal_id FROM removed)
    GROUP BY v.governor_id, v.proposal_id;
    RETURN NULL;
END $$;

-- 2. The leaderboard's length: the accounts it lists, counted from an index that holds only them, so the count
--    reads no row of the accounts whose power and delegators went back to zero.
CREATE INDEX delegate_listed ON delegate_power (governor_id) WHERE voting_power > 0 OR delegator_count > 0;

-- 3. Full-text search over a proposal's title and description. The title is the description's first line
--    (ProposalTitle), so the description's words are both. The 'simple' configuration lower-cases words and keeps
--    them whole: proposals are written in many languages and are full of token symbols, contract and function
--    names and numbers, which an English stemmer and stop-word list would mangle or drop; a word matches itself.
ALTER TABLE proposal ADD COLUMN search_words tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, description)) STORED;
CREATE INDEX proposal_search ON proposal USING gin (search_words);
