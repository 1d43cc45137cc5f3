package dev.govengine.api;

import dev.govengine.config.EngineConfig;
import dev.govengine.governance.FunctionSelectors;
import dev.govengine.governance.ProposalEvent;
import dev.govengine.governance.ProposalState;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import graphql.analysis.FieldComplexityEnvironment;
import graphql.schema.GraphQLNamedType;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * How many items each list field without {@code first} may return, for the complexity limit (ApiLimits): a list's
 * selections count once per item it may hold, as a connection's count once per item of {@code first}.
 * <ul>
 *   <li>A connection's {@code edges}: one, as the connection's field already counts {@code first} of them.</li>
 *   <li>{@code governors}: the governors stored (every one ever indexed) or registered, whichever is more;
 *   {@code ChainStatus.governors}: the governors registered (the configured ones); {@code indexerStatus}: their
 *   chains and the configured ones.</li>
 *   <li>{@code Proposal.timeline}: one step of each {@code ProposalEventKind} at most; {@code Governor.proposalCounts}:
 *   one count per {@code ProposalState}.</li>
 *   <li>{@code programs}: the three reward programs.</li>
 *   <li>{@code Proposal.actions}: no Governor caps a proposal's actions, and the index takes them all, so the bound is
 *   the most actions an indexed proposal of the Governor the query names has (of any Governor when it names none);
 *   {@code rewards}: one per computed epoch. Both are read from the database every {@value #REFRESH}, so a proposal with more actions than any before counts its size from then.</li>
 *   <li>{@code DecodedCall.arguments}: the most parameters a function of a known ABI has. A signature only a
 *   GovernorBravo proposal declares may have more; they are decoded from calldata already loaded, so no read is
 *   under-counted.</li>
 *   <li>{@code submitWorkReceipts}: one. Its results are made from the receipts sent, which gov.receipts.max-batch
 *   bounds on its own (over the whole operation); counting them here would refuse a full batch.</li>
 * </ul>
 * A connection's {@code totalCount} is one count over an index, or a primary-key read, per connection; two fields
 * read more ({@link #scanned}): under a state filter, {@code ProposalConnection.totalCount} reads every proposal of
 * the Governor and derives its state, and so does {@code Governor.proposalCounts}, so each costs their number, read
 * with the actions every {@value #REFRESH}.
 */
@ApplicationScoped
public class ListBounds {
    private static final Logger LOG = Logger.getLogger(ListBounds.class);
    static final String REFRESH = "10s";
    private static final String ANY_GOVERNOR = "";
    private static final int PROGRAMS = RewardProgram.values().length;

    private final EngineConfig config;
    private final GovernorRegistry registry;
    private final Pool pool;
    private volatile int governors;
    /** The most actions of a proposal, per governor id, and over all governors under {@link #ANY_GOVERNOR}. */
    private volatile Map<String, Integer> actions = Map.of();
    /** The proposals per governor id, and the most of any governor under {@link #ANY_GOVERNOR}. */
    private volatile Map<String, Integer> proposals = Map.of();
    private volatile int epochs;
    private final AtomicLong refreshes = new AtomicLong();
    /** Each list field without {@code first}, as {@code Type.field}, and how many items it may return. */
    private final Map<String, ToIntFunction<FieldComplexityEnvironment>> bounds;

    @Inject
    public ListBounds(EngineConfig config, GovernorRegistry registry, Pool pool) {
        this.config = config;
        this.registry = registry;
        this.pool = pool;
        bounds = Map.ofEntries(
                Map.entry("Query.governors", field -> Math.max(governors, registry.count())),
                Map.entry("ChainStatus.governors", field -> registry.count()),
                Map.entry("Query.indexerStatus", field -> (int) Stream.concat(config.chains().keySet().stream(),
                        registry.all().stream().map(IndexedGovernor::chain)).distinct().count()),
                Map.entry("Proposal.timeline", field -> ProposalEvent.Kind.values().length),
                Map.entry("Governor.proposalCounts", field -> ProposalState.values().length),
                Map.entry("AccountEpochReward.programs", field -> PROGRAMS),
                Map.entry("RewardEpoch.programs", field -> PROGRAMS),
                Map.entry("Proposal.actions", field -> actions(governor(field))),
                Map.entry("Query.rewards", field -> epochs),
                Map.entry("DecodedCall.arguments", field -> FunctionSelectors.known().mostParameters()),
                Map.entry("ProposalConnection.edges", field -> 1),
                Map.entry("VoteConnection.edges", field -> 1),
                Map.entry("DelegateConnection.edges", field -> 1),
                Map.entry("RewardEpochConnection.edges", field -> 1),
                Map.entry("HolderConnection.edges", field -> 1),
                Map.entry("DelegationChangeConnection.edges", field -> 1),
                Map.entry("VotingPowerChangeConnection.edges", field -> 1),
                Map.entry("Mutation.submitWorkReceipts", field -> 1));
    }

    /**
     * The arguments the complexity reads: ApiLimits remembers a document's pass for the values of the variables in
     * them, so a read of any other argument would let a pass stand for values it was never computed with. Read them
     * only through {@link #argument}, which refuses the others.
     */
    static final Set<String> ARGUMENTS = Set.of("first", "governor", "states");

    static Object argument(FieldComplexityEnvironment environment, String name) {
        if (!ARGUMENTS.contains(name)) {
            throw new IllegalArgumentException("the complexity reads argument " + name
                    + ": add it to ListBounds.ARGUMENTS, or a remembered pass ignores its value");
        }
        return environment.getArguments().get(name);
    }

    /**
     * What the bounds were computed from: each refresh, and the governors registered (read live by three bounds). A
     * complexity computed under one generation holds until the next.
     */
    record Generation(long refreshes, int registered) {
    }

    Generation generation() {
        return new Generation(refreshes.get(), registry.count());
    }

    /** The most items the field returns; empty for a field this class does not know. */
    OptionalInt items(FieldComplexityEnvironment environment) {
        ToIntFunction<FieldComplexityEnvironment> bound = bounds.get(
                ((GraphQLNamedType) environment.getParentType()).getName() + "." + environment.getField().getName());
        return bound == null ? OptionalInt.empty() : OptionalInt.of(bound.applyAsInt(environment));
    }

    /**
     * The rows the field reads beyond its index to answer, which its complexity adds: the Governor's proposals for a
     * proposal count under a state filter and for the counts by state (of the Governor an enclosing field names, or
     * else the most of any Governor); zero for every other field.
     */
    int scanned(FieldComplexityEnvironment environment) {
        FieldComplexityEnvironment list = environment.getParentEnvironment();
        String parent = ((GraphQLNamedType) environment.getParentType()).getName();
        boolean stateCount = environment.getField().getName().equals("totalCount") && list != null
                && parent.equals("ProposalConnection")
                && argument(list, "states") instanceof List<?> states && !states.isEmpty();
        boolean countsByState = parent.equals("Governor") && environment.getField().getName().equals("proposalCounts");
        if (!stateCount && !countsByState) {
            return 0;
        }
        String governorId = governor(environment);
        return proposals.getOrDefault(governorId != null ? governorId : ANY_GOVERNOR, 0);
    }

    /** The fields with a bound, as {@code Type.field}. */
    Set<String> boundedFields() {
        return bounds.keySet();
    }

    private int actions(String governorId) {
        Map<String, Integer> known = actions;
        return governorId != null ? known.getOrDefault(governorId, 0) : known.getOrDefault(ANY_GOVERNOR, 0);
    }

    /**
     * The Governor the proposals come from, when an enclosing field names it ({@code proposal}, {@code proposals},
     * {@code votes}, {@code account}), so that one DAO's proposal with thousands of actions does not make every other
     * DAO's proposal pages too complex to serve; null when none does or the id is malformed (the field refuses it).
     */
    private static String governor(FieldComplexityEnvironment environment) {
        for (FieldComplexityEnvironment at = environment; at != null; at = at.getParentEnvironment()) {
            if (argument(at, "governor") instanceof String id) {
                try {
                    return ApiInputs.governorId(id);
                } catch (ApiException malformed) {
                    return null;
                }
            }
        }
        return null;
    }

    @Scheduled(every = REFRESH, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> refresh() {
        Uni<List<Map<String, Integer>>> perGovernor = pool.query("SELECT governor_id,"
                + " max(cardinality(targets)) AS actions, count(*) AS proposals FROM proposal GROUP BY governor_id")
                .execute().map(rows -> {
                    Map<String, Integer> most = new HashMap<>();
                    Map<String, Integer> counts = new HashMap<>();
                    int any = 0;
                    int anyCount = 0;
                    for (Row row : rows) {
                        most.put(row.getString("governor_id"), row.getInteger("actions"));
                        any = Math.max(any, row.getInteger("actions"));
                        int count = (int) Math.min(row.getLong("proposals"), Integer.MAX_VALUE);
                        counts.put(row.getString("governor_id"), count);
                        anyCount = Math.max(anyCount, count);
                    }
                    most.put(ANY_GOVERNOR, any);
                    counts.put(ANY_GOVERNOR, anyCount);
                    return List.of(Map.copyOf(most), Map.copyOf(counts));
                });
        Uni<Row> counts = pool.query("SELECT (SELECT count(*) FROM reward_epoch_result) AS epochs,"
                + " (SELECT count(*) FROM governor) AS governors")
                .execute().map(rows -> rows.iterator().next());
        return Uni.combine().all().unis(perGovernor, counts).asTuple().invoke(both -> {
            actions = both.getItem1().get(0);
            proposals = both.getItem1().get(1);
            epochs = (int) Math.min(both.getItem2().getLong("epochs"), Integer.MAX_VALUE);
            governors = (int) Math.min(both.getItem2().getLong("governors"), Integer.MAX_VALUE);
            refreshes.incrementAndGet();
        }).replaceWithVoid()
                // The bounds read last stay in force; a database away (or a pool closed at shutdown) is not news here.
                .onFailure().invoke(e -> LOG.debugf("list bounds not refreshed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
