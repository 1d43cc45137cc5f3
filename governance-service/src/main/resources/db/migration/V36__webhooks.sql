-- Webhooks (docs/ARCHITECTURE.md, "Webhooks"): the endpoints an operator registers, and an outbox of deliveries
-- written in the same transaction as the data that caused them, so that an event is delivered at least once if and
-- only if its data committed.

-- An endpoint: where to send which events, and the secret its deliveries are signed with. The secret must be stored
-- to sign; it is returned once, at registration, and never again (not by the list, not in a log).
CREATE TABLE webhook_endpoint (
    id          BIGSERIAL   PRIMARY KEY,
    url         TEXT        NOT NULL,
    events      TEXT[]      NOT NULL CHECK (cardinality(events) > 0
                    AND events <@ ARRAY['voteCast', 'proposalStateChanged', 'rewardEpochStatusChanged']),
    governor_id TEXT,
    secret      TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One event for one endpoint. PENDING is due at next_attempt_at; a worker that takes it moves next_attempt_at past
-- its attempt (a lease), so another replica takes it only once that attempt can no longer be running.
CREATE TABLE webhook_delivery (
    id              BIGSERIAL   PRIMARY KEY,
    endpoint_id     BIGINT      NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    event_id        UUID        NOT NULL,
    event_type      TEXT        NOT NULL,
    payload         JSONB       NOT NULL,
    state           TEXT        NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DELIVERED', 'DEAD')),
    attempts        INTEGER     NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_attempt_at TIMESTAMPTZ,
    last_error      TEXT,
    delivered_at    TIMESTAMPTZ,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE state = 'PENDING';
CREATE INDEX webhook_delivery_by_endpoint ON webhook_delivery (endpoint_id, state, id);

-- The state each proposal was last announced in, so that the writer sees what moved when a range commits.
CREATE TABLE webhook_proposal_state (
    governor_id TEXT    NOT NULL REFERENCES governor (id) ON DELETE CASCADE,
    proposal_id NUMERIC(78,0) NOT NULL,
    state       TEXT    NOT NULL,
    PRIMARY KEY (governor_id, proposal_id)
);

-- The envelope every delivery's body is: the event id (also the X-Gov-Event-Id header), its type and its data.
CREATE FUNCTION webhook_envelope(id uuid, kind text, data jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT jsonb_build_object('id', id, 'type', kind, 'data', data);
$$;

-- Votes: the writer inserts them in the range's transaction, voter checksummed. One statement per range however
-- many votes it holds, and nothing beyond one lookup while no endpoint wants votes (a backfill's ranges hold up to
-- 100,000). A reason or params longer than 16,384 characters is cut there, with truncated: true, so that a body stays
-- below 40 KB whatever a voter wrote (the index keeps them whole). A vote deleted by a reorg's rollback is announced again with removed: true; the same vote indexed again
-- is a new event.
CREATE FUNCTION webhook_votes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM webhook_endpoint WHERE 'voteCast' = ANY (events)) THEN
        RETURN NULL;
    END IF;
    WITH ev AS MATERIALIZED (
        SELECT gen_random_uuid() AS id, v.governor_id, jsonb_build_object(
            'governor', v.governor_id, 'proposalId', v.proposal_id::text, 'voter', v.voter, 'support', v.support,
            'weight', v.weight::text, 'reason', left(v.reason, 16384), 'params', left(v.params, 16384),
            'truncated', length(v.reason) > 16384 OR coalesce(length(v.params), 0) > 16384,
            'blockNumber', v.block_number::text,
            'timestamp', to_char(to_timestamp(v.block_timestamp) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
            'txHash', v.tx_hash, 'logIndex', v.log_index, 'removed', TG_OP = 'DELETE') AS data,
            v.block_number, v.log_index
        FROM changed_votes v)
    INSERT INTO webhook_delivery (endpoint_id, event_id, event_type, payload)
    SELECT e.id, ev.id, 'voteCast', webhook_envelope(ev.id, 'voteCast', ev.data)
    FROM ev JOIN webhook_endpoint e ON 'voteCast' = ANY (e.events)
        AND (e.governor_id IS NULL OR e.governor_id = ev.governor_id)
    ORDER BY ev.block_number, ev.log_index, e.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER webhook_votes_inserted AFTER INSERT ON vote REFERENCING NEW TABLE AS changed_votes
    FOR EACH STATEMENT EXECUTE FUNCTION webhook_votes();
CREATE TRIGGER webhook_votes_deleted AFTER DELETE ON vote REFERENCING OLD TABLE AS changed_votes
    FOR EACH STATEMENT EXECUTE FUNCTION webhook_votes();

-- Reward epochs: every status move, whichever statement of the lifecycle (or an operator's SQL) makes it.
CREATE FUNCTION webhook_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.status = NEW.status THEN
        RETURN NULL;
    END IF;
    INSERT INTO webhook_delivery (endpoint_id, event_id, event_type, payload)
    SELECT e.id, ev.id, 'rewardEpochStatusChanged', webhook_envelope(ev.id, 'rewardEpochStatusChanged',
        jsonb_build_object('epoch', NEW.epoch::text, 'from', CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END,
                           'to', NEW.status, 'statusDetail', NEW.status_detail))
    FROM (SELECT gen_random_uuid() AS id) ev JOIN webhook_endpoint e ON 'rewardEpochStatusChanged' = ANY (e.events);
    RETURN NULL;
END;
$$;
CREATE TRIGGER webhook_epoch AFTER INSERT OR UPDATE OF status ON reward_epoch
    FOR EACH ROW EXECUTE FUNCTION webhook_epoch();

-- The response cache hears of these tables like any other (V31); no answer reads them.
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON webhook_endpoint
    FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON webhook_delivery
    FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
CREATE TRIGGER data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON webhook_proposal_state
    FOR EACH STATEMENT EXECUTE FUNCTION data_changed();
