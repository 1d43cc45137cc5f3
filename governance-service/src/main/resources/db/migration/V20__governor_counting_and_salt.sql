-- What discovery learns about a Governor's modules beyond its settings.
--
-- counting_mode: COUNTING_MODE() as the Governor answers it (e.g. support=bravo&quorum=for,abstain), null if it does
-- not. A counting module this engine does not know is served from the Governor's own proposalVotes, and its votes
-- listed with their raw support; the mode tells a reader what those supports mean.
--
-- timelock_salt: how its GovernorTimelockControl salts the TimelockController operations it queues, which decides the
-- operation id a proposal is matched to the timelock's CallExecuted and Cancelled by. OpenZeppelin 5 salts with
-- bytes20(governor) ^ keccak256(description) ('governor-xor-description'), OpenZeppelin 4 with the description hash
-- alone ('description'); discovery tells them apart by proposalNeedsQueuing, which only 5 has.
ALTER TABLE governor ADD COLUMN counting_mode TEXT,
                     ADD COLUMN timelock_salt TEXT CHECK (timelock_salt IN ('governor-xor-description', 'description'));

-- Governors discovered before this migration are discovered again on their next cycle, which fills both columns.
UPDATE governor SET discovered_at = NULL;
