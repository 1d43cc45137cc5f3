package dev.govengine.webhooks;

import static dev.govengine.persistence.Numerics.bigInteger;
import static dev.govengine.persistence.Numerics.numerics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.govengine.governance.ProposalFacts;
import dev.govengine.governance.ProposalState;
import dev.govengine.governance.ProposalStateDeriver;
import dev.govengine.live.LiveQueries;
import dev.govengine.sync.IndexedHook;
import dev.govengine.sync.IndexedNotice;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code proposalStateChanged} outbox, written in the transaction of the range (or the quorum notice) that moved
 * a state. Most states are derived at the head and no event announces them, so each time, the states of the
 * governor's proposals that can still move are derived at the new head with the reads and rules of the live
 * subscriptions ({@link LiveQueries}, {@link ProposalStateDeriver}) and compared with the states last announced,
 * which are stored ({@code webhook_proposal_state}) rather than held in memory: a restart or another writer carries
 * on from them, and a change is announced once it commits, and only then.
 */
@ApplicationScoped
public class ProposalStateOutbox implements IndexedHook {
    private static final Set<ProposalState> SETTLED = EnumSet.of(ProposalState.DEFEATED, ProposalState.EXPIRED);
    private static final Set<ProposalState> FINAL = EnumSet.of(ProposalState.EXECUTED, ProposalState.CANCELED,
            ProposalState.DEFEATED, ProposalState.EXPIRED);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LiveQueries queries;

    @Inject
    public ProposalStateOutbox(LiveQueries queries) {
        this.queries = queries;
    }

    @Override
    public Uni<Void> indexed(SqlClient tx, IndexedNotice notice) {
        String governor = notice.governorId();
        return tx.preparedQuery("SELECT proposal_id, state FROM webhook_proposal_state WHERE governor_id = $1")
                .execute(Tuple.of(governor))
                .chain(rows -> {
                    Map<BigInteger, ProposalState> last = new HashMap<>();
                    rows.forEach(row -> last.put(bigInteger(row.getNumeric("proposal_id")),
                            ProposalState.valueOf(row.getString("state"))));
                    Set<BigInteger> open = new HashSet<>();
                    Set<BigInteger> settled = new HashSet<>();
                    last.forEach((id, state) -> {
                        if (SETTLED.contains(state)) {
                            settled.add(id);
                        } else if (!FINAL.contains(state)) {
                            open.add(id);
                        }
                    });
                    return queries.readIn(tx, governor, 1, 0, open, settled)
                            .chain(reading -> record(tx, governor, last, reading));
                });
    }

    private static Uni<Void> record(SqlClient tx, String governor, Map<BigInteger, ProposalState> last,
            LiveQueries.Reading reading) {
        if (reading.head().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        LiveQueries.Head head = reading.head().get();
        List<BigInteger> ids = new ArrayList<>();
        List<String> states = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (Map.Entry<BigInteger, ProposalFacts> proposal : reading.proposals().entrySet()) {
            ProposalState now;
            try {
                now = ProposalStateDeriver.derive(proposal.getValue(), head.clock());
            } catch (IllegalStateException quorumNotReadYet) {
                // The writer reads it after the range and runs this again with the quorum's notice.
                continue;
            }
            ProposalState before = last.get(proposal.getKey());
            if (before != now) {
                ids.add(proposal.getKey());
                states.add(now.name());
                ObjectNode data = JSON.createObjectNode()
                        .put("governor", governor)
                        .put("proposalId", proposal.getKey().toString())
                        .put("from", before == null ? null : before.name())
                        .put("to", now.name())
                        .put("blockNumber", Long.toString(head.block()))
                        .put("timepoint", head.clock().toString());
                events.add(data.toString());
            }
        }
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery("""
                INSERT INTO webhook_proposal_state (governor_id, proposal_id, state)
                SELECT $1, unnest($2::numeric[]), unnest($3::text[])
                ON CONFLICT (governor_id, proposal_id) DO UPDATE SET state = EXCLUDED.state""")
                .execute(Tuple.of(governor, numerics(ids), states.toArray(String[]::new)))
                .chain(() -> tx.preparedQuery("""
                        WITH ev AS MATERIALIZED (
                            SELECT gen_random_uuid() AS id, data::jsonb AS data, n
                            FROM unnest($2::text[]) WITH ORDINALITY AS e(data, n))
                        INSERT INTO webhook_delivery (endpoint_id, event_id, event_type, payload)
                        SELECT e.id, ev.id, 'proposalStateChanged',
                               webhook_envelope(ev.id, 'proposalStateChanged', ev.data)
                        FROM ev JOIN webhook_endpoint e ON 'proposalStateChanged' = ANY (e.events)
                            AND (e.governor_id IS NULL OR e.governor_id = $1)
                        ORDER BY ev.n, e.id""")
                        .execute(Tuple.of(governor, events.toArray(String[]::new))))
                .replaceWithVoid();
    }
}
