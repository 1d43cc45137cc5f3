-- The distributor's dispute expiry and emergency controls (issue #14). An expired dispute and a canceled root are
-- steps of a root's lifecycle; pauses, sweeps and setting changes are the contract's own history.
ALTER TABLE distributor_root_event DROP CONSTRAINT distributor_root_event_event_check;
ALTER TABLE distributor_root_event ADD CONSTRAINT distributor_root_event_event_check CHECK (event IN (
    'RootProposed', 'RootDisputed', 'DisputeResolved', 'RootActivated', 'DisputeExpired', 'RootCanceled'));

CREATE TABLE distributor_control_event (
    chain_id          BIGINT        NOT NULL,
    contract          TEXT          NOT NULL,
    block_number      BIGINT        NOT NULL,
    block_hash        TEXT          NOT NULL,
    block_timestamp   BIGINT        NOT NULL,
    log_index         INTEGER       NOT NULL,
    tx_hash           TEXT          NOT NULL,
    event             TEXT          NOT NULL CHECK (event IN ('Paused', 'Unpaused', 'Swept', 'TreasurySet',
                          'DisputePeriodSet', 'ResolutionPeriodSet', 'DisputeBondSet', 'MaxEpochSkipSet')),
    account           TEXT,           -- Paused, Unpaused (who), Swept (recipient), TreasurySet
    token             TEXT,           -- Swept
    amount            NUMERIC(78,0),  -- Swept (amount), the four settings (new value)
    PRIMARY KEY (chain_id, block_number, log_index)
);
CREATE INDEX distributor_control_event_by_contract ON distributor_control_event (chain_id, contract, block_number, log_index);

CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON distributor_control_event
    FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
