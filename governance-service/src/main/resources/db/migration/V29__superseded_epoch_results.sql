-- An operator's recompute (after governance discarded a root, or receipts were invalidated) replaces an epoch's
-- result and every later one. The replaced results are kept here, each a revision of its epoch, so that what was
-- computed, and posted, before stays on record beside what replaced it.
CREATE TABLE reward_epoch_result_superseded (
    LIKE reward_epoch_result INCLUDING DEFAULTS,
    revision           INT          NOT NULL CHECK (revision >= 1),
    superseded_at      TIMESTAMPTZ  NOT NULL,
    superseded_reason  TEXT         NOT NULL,
    PRIMARY KEY (epoch, revision)
);

CREATE TABLE reward_allocation_superseded (
    LIKE reward_allocation INCLUDING DEFAULTS,
    revision  INT  NOT NULL CHECK (revision >= 1),
    PRIMARY KEY (epoch, revision, account)
);

CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reward_epoch_result_superseded
    FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON reward_allocation_superseded
    FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
