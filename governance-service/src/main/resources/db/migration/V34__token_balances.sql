-- The votes token as a wallet shows it: its name, symbol and decimals (read once by eth_call at discovery; null
-- when the token does not answer one), and every account's balance, from the token's Transfer events.
--
-- token_balance_change holds, per account and block, the net amount the block's Transfers moved (ERC-20: the
-- value; ERC-721: one per token), so a reorg rollback deletes the blocks above the ancestor like every other row.
-- Mints come from and burns go to the zero address, whose balance is therefore minus the supply the events account
-- for: Token.totalSupply. Balances held before the governor's start block are not in the indexed range: when the
-- token had a supply at start block - 1, the indexer sums the token's Transfers of blocks 0 to start block - 1 once,
-- before its first range, into one row per account at block start block - 1 (token_seeded records that it did), a
-- block no rollback goes below. token_balance is the current sum per account, kept by the triggers below in the
-- indexer's own transaction, as delegate_power is (V7), so the holders list is one index range scan.
ALTER TABLE governor
    ADD COLUMN token_name     TEXT,
    ADD COLUMN token_symbol   TEXT,
    ADD COLUMN token_decimals SMALLINT CHECK (token_decimals BETWEEN 0 AND 255),
    ADD COLUMN token_seeded   BOOLEAN NOT NULL DEFAULT false;

CREATE TABLE token_balance_change (
    governor_id   TEXT          NOT NULL REFERENCES governor (id),
    account       TEXT          NOT NULL,
    block_number  BIGINT        NOT NULL,
    delta         NUMERIC(78,0) NOT NULL,
    PRIMARY KEY (governor_id, account, block_number)
);
CREATE INDEX token_balance_change_by_block ON token_balance_change (governor_id, block_number);

CREATE TABLE token_balance (
    governor_id  TEXT          NOT NULL REFERENCES governor (id),
    account      TEXT          NOT NULL,
    balance      NUMERIC(78,0) NOT NULL,
    PRIMARY KEY (governor_id, account)
);
-- The holders list: balance descending, ties by the lower-case address (the 160-bit number's order).
CREATE INDEX token_holders ON token_balance (governor_id, balance DESC, lower(account));

-- An account's delegation history lists the changes it takes part in as delegator (V1's delegation_by_delegator),
-- as the new delegate or as the old one, newest first.
CREATE INDEX delegation_to_delegate ON delegation_change (governor_id, to_delegate, block_number DESC, log_index DESC);
CREATE INDEX delegation_from_delegate ON delegation_change (governor_id, from_delegate, block_number DESC, log_index DESC);

-- Sums are additive, so an insert adds its statement's deltas and a delete (a rollback) takes them back: exact
-- without recounting any history.
CREATE FUNCTION token_balance_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO token_balance (governor_id, account, balance)
    SELECT governor_id, account, SUM(delta) FROM inserted GROUP BY governor_id, account
    ON CONFLICT (governor_id, account) DO UPDATE SET balance = token_balance.balance + EXCLUDED.balance;
    RETURN NULL;
END $$;

CREATE FUNCTION token_balance_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE token_balance b SET balance = b.balance - removed_sum.delta
    FROM (SELECT governor_id, account, SUM(delta) AS delta FROM removed GROUP BY governor_id, account) removed_sum
    WHERE b.governor_id = removed_sum.governor_id AND b.account = removed_sum.account;
    RETURN NULL;
END $$;

CREATE TRIGGER token_balance_change_inserted AFTER INSERT ON token_balance_change
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION token_balance_inserted();
CREATE TRIGGER token_balance_change_deleted AFTER DELETE ON token_balance_change
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION token_balance_deleted();

-- Change notifications (V31's design). token_balance names the accounts whose balances changed; no answer reads
-- token_balance_change, so it announces its statements.
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON token_balance_change
    FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER TRUNCATE ON token_balance
    FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER rows_inserted AFTER INSERT ON token_balance REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed('account', 'account');
CREATE TRIGGER rows_updated AFTER UPDATE ON token_balance REFERENCING NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed('account', 'account');
CREATE TRIGGER rows_deleted AFTER DELETE ON token_balance REFERENCING OLD TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed('account', 'account');

-- Governors indexed before this migration have no Transfers indexed: they are discovered again (for the token's
-- name, symbol and decimals) and indexed again from their start block. Rows are keyed by their natural identity, so
-- the rows already there stay as they are and only the balances are new.
UPDATE governor SET discovered_at = NULL;
DELETE FROM sync_cursor;
