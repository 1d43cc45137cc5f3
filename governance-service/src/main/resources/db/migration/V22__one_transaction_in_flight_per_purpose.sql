-- Two replicas sharing a signer, or a resumed run racing a live one, could each sign a transaction for the same
-- purpose: two proposeRoot calls for one epoch, say. The manager reads before it signs, but only the database can make
-- the second one impossible. A replacement (same nonce, higher fees) marks its predecessor REPLACED before it is
-- inserted, so it never counts twice.
CREATE UNIQUE INDEX submission_tx_one_in_flight ON submission_tx (chain_id, sender, purpose, COALESCE(epoch, -1))
    WHERE status IN ('SENT', 'MINED');
