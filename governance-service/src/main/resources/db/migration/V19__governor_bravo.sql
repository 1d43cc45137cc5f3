-- Compound's GovernorBravo family, served beside OpenZeppelin's Governor.
--
-- 1. The family discovery found (GovernorDiscovery): it decides which calls read a proposal's state, tallies,
--    deadline, eta and quorum (GovernorCalls). Governors discovered before this migration are OpenZeppelin ones, the
--    only family discovery let through until now; one not yet discovered gets its family when it is.
ALTER TABLE governor ADD COLUMN family TEXT CHECK (family IN ('openzeppelin', 'bravo'));
UPDATE governor SET family = 'openzeppelin' WHERE discovered_at IS NOT NULL;

-- 2. GovernorBravo's admin events, kept as setting history: the delegate it runs (NewImplementation), its admin and
--    pending admin, its whitelist guardian, and each account's whitelist expiration (the account in the new column).
ALTER TABLE governor_setting_change DROP CONSTRAINT governor_setting_change_setting_check;
ALTER TABLE governor_setting_change ADD CONSTRAINT governor_setting_change_setting_check CHECK (setting IN
    ('voting_delay', 'voting_period', 'proposal_threshold', 'quorum_numerator', 'timelock',
     'implementation', 'admin', 'pending_admin', 'whitelist_guardian', 'whitelist_account_expiration'));
ALTER TABLE governor_setting_change ADD COLUMN account TEXT;

-- 3. A Compound Timelock's transactions (GovernorBravo's, or OpenZeppelin's GovernorTimelockCompound's), keyed by the
--    timelock's txHash in operation_id. They decide no state here: the Governor's own state() does.
ALTER TABLE timelock_operation_event DROP CONSTRAINT timelock_operation_event_event_check;
ALTER TABLE timelock_operation_event ADD CONSTRAINT timelock_operation_event_event_check CHECK (event IN
    ('CallExecuted', 'Cancelled', 'QueueTransaction', 'ExecuteTransaction', 'CancelTransaction'));
