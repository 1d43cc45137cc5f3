-- Mode B: a root proposal that failed (defeated, canceled, expired) could not be tried again, since the same content
-- gives the same proposal id, which the Governor refuses to create twice. Each new try is an attempt with a
-- description of its own, so a retry needs no hand edit of this table; every attempt stays on record.
ALTER TABLE governance_root_proposal ADD COLUMN attempt INT NOT NULL DEFAULT 1 CHECK (attempt >= 1);
ALTER TABLE governance_root_proposal DROP CONSTRAINT governance_root_proposal_pkey;
ALTER TABLE governance_root_proposal ADD PRIMARY KEY (chain_id, governor, epoch, attempt);
