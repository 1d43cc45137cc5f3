package dev.govengine.live;

import dev.govengine.governance.ProposalFacts;
import dev.govengine.governance.ProposalState;
import dev.govengine.governance.ProposalStateDeriver;
import dev.govengine.persistence.PgNotifications;
import dev.govengine.sync.IndexedNotice;
import dev.govengine.types.ChecksumAddress;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Turns what the indexer commits into live events: new votes, delegation changes, and proposal state changes,
 * including those no event announces (Pending → Active → Defeated/Succeeded as the head moves). Every replica listens
 * for the writer's {@link IndexedNotice}s on its own PostgreSQL connection, so subscribers of any replica get the same
 * events, and only for committed ranges.
 *
 * <p>Notices are handled one at a time, in order. For each, the votes and delegation changes of its blocks are read
 * (each only while someone subscribes to them), and the states of the governor's proposals that can still move are
 * derived at the new head and compared with the states this replica last saw. The first states are taken, without
 * announcing them, when the listener starts; a proposal first seen later is announced with no previous state.
 */
@ApplicationScoped
public class LiveEvents {
    private static final Logger LOG = Logger.getLogger(LiveEvents.class);
    /** States no later block changes (the Governor has no way back from them); such proposals are not read again. */
    private static final Set<ProposalState> SETTLED = EnumSet.of(ProposalState.DEFEATED, ProposalState.EXPIRED);
    private static final Set<ProposalState> FINAL = EnumSet.of(ProposalState.EXECUTED, ProposalState.CANCELED,
            ProposalState.DEFEATED, ProposalState.EXPIRED);
    /** How far a slow subscriber may fall behind before it alone is dropped; it never holds up the others. */
    private static final int SUBSCRIBER_BUFFER = 10_000;
    private static final Duration STARTUP_READ = Duration.ofSeconds(30);

    private final LiveQueries queries;
    private final PgNotifications notifications;

    private final BroadcastProcessor<IndexedVote> votes = BroadcastProcessor.create();
    private final BroadcastProcessor<ProposalStateChange> stateChanges = BroadcastProcessor.create();
    private final BroadcastProcessor<IndexedDelegation> delegations = BroadcastProcessor.create();
    private final UnicastProcessor<Supplier<Uni<Void>>> work = UnicastProcessor.create();
    private final AtomicInteger voteSubscribers = new AtomicInteger();
    private final AtomicInteger delegationSubscribers = new AtomicInteger();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    // Only the work queue, one step at a time, touches these. Votes and delegations are published through one block.
    private final Map<String, Map<BigInteger, ProposalState>> lastStates = new HashMap<>();
    private final Map<String, Long> votesPublishedThrough = new HashMap<>();

    private boolean baselineTaken;

    @Inject
    public LiveEvents(LiveQueries queries, PgNotifications notifications, MeterRegistry metrics) {
        this.queries = queries;
        this.notifications = notifications;
        Gauge.builder("gov.live.subscribers", subscribers, AtomicInteger::get)
                .description("Open GraphQL subscriptions to live governance events")
                .register(metrics);
    }

    void start(@Observes StartupEvent started) {
        try {
            known.addAll(queries.governorIds().await().atMost(STARTUP_READ));
        } catch (RuntimeException unavailable) {
            LOG.warnf("live events: cannot list governors yet (%s); each is known from its next notice",
                    unavailable.getMessage());
        }
        work.onItem().transformToUniAndConcatenate(step -> step.get().onFailure().recoverWithItem(failure -> {
                    LOG.warnf(failure, "live events: a step failed; the next notice carries on");
                    return null;
                }))
                .subscribe().with(ignored -> {
                });
        notifications.listen(IndexedNotice.CHANNEL, new PgNotifications.Listener() {
            @Override
            public void listening() {
                // Once only: after a reconnection, comparing with the states seen before still reports what moved
                // while the connection was down.
                if (!baselineTaken) {
                    baselineTaken = true;
                    work.onNext(LiveEvents.this::takeBaseline);
                }
            }

            @Override
            public void notified(String payload) {
                IndexedNotice notice = IndexedNotice.parse(payload);
                known.add(notice.governorId());
                work.onNext(() -> publish(notice));
            }
        });
    }

    void stop(@Observes ShutdownEvent stopped) {
        work.onComplete();
        votes.onComplete();
        stateChanges.onComplete();
        delegations.onComplete();
    }

    /**
     * Whether the governor is in the index this replica reads: there at start, or announced since. Known without a
     * query, so that a subscription is refused before it starts: GraphQL can then send the refusal as the
     * operation's error, where a failure inside the stream would have to yield a null event.
     */
    public boolean knows(String governorId) {
        return known.contains(governorId);
    }

    /** Votes indexed for the governor from now on, optionally for one proposal only, in chain order. */
    public Multi<IndexedVote> votes(String governorId, Optional<BigInteger> proposalId) {
        return subscription(votes, vote -> vote.governorId().equals(governorId)
                && proposalId.map(vote.proposalId()::equals).orElse(true), voteSubscribers);
    }

    /** The governor's proposal state changes from now on. */
    public Multi<ProposalStateChange> stateChanges(String governorId) {
        return subscription(stateChanges, change -> change.governorId().equals(governorId), null);
    }

    /**
     * The governor's token's delegation changes from now on, in chain order; only those the account takes part in (as
     * delegator, or as the delegate before or after) if one is given.
     */
    public Multi<IndexedDelegation> delegations(String governorId, Optional<ChecksumAddress> account) {
        return subscription(delegations, change -> change.governorId().equals(governorId)
                && account.map(change::involves).orElse(true), delegationSubscribers);
    }

    /** Open subscriptions on this replica. */
    public int subscribers() {
        return subscribers.get();
    }

    private <T> Multi<T> subscription(BroadcastProcessor<T> source, Predicate<T> wanted, AtomicInteger kind) {
        return source.filter(wanted)
                .onOverflow().buffer(SUBSCRIBER_BUFFER)
                .onSubscription().invoke(() -> count(kind, 1))
                .onTermination().invoke(() -> count(kind, -1));
    }

    private void count(AtomicInteger kind, int delta) {
        subscribers.addAndGet(delta);
        if (kind != null) {
            kind.addAndGet(delta);
        }
    }

    /** The states every indexed governor's proposals are in as the listener starts; nothing is announced. */
    private Uni<Void> takeBaseline() {
        return queries.governorIds().chain(ids -> {
            // Listed once more now that LISTEN is on: a governor added since the start is announced from here on.
            known.addAll(ids);
            Uni<Void> steps = Uni.createFrom().voidItem();
            for (String id : ids) {
                steps = steps.chain(() -> queries.read(id, 1, 0, Set.of(), Set.of()).invoke(reading -> {
                    reading.head().ifPresent(head -> votesPublishedThrough.put(id, head.block()));
                    compare(id, reading, false);
                }).replaceWithVoid());
            }
            return steps;
        });
    }

    private Uni<Void> publish(IndexedNotice notice) {
        String id = notice.governorId();
        Map<BigInteger, ProposalState> last = lastStates.computeIfAbsent(id, ignored -> new HashMap<>());
        // Blocks of a notice missed while the connection was down are read with the next one.
        long from = Math.min(notice.firstBlock(), votesPublishedThrough.getOrDefault(id, notice.firstBlock() - 1) + 1);
        long to = voteSubscribers.get() > 0 ? notice.lastBlock() : from - 1;
        long delegationsTo = delegationSubscribers.get() > 0 ? notice.lastBlock() : from - 1;
        return queries.read(id, from, to, inStates(last, state -> !FINAL.contains(state)), inStates(last, SETTLED::contains))
                .call(reading -> queries.delegations(id, from, delegationsTo).invoke(changes -> {
                    reading.votes().forEach(votes::onNext);
                    changes.forEach(delegations::onNext);
                    votesPublishedThrough.put(id, notice.lastBlock());
                    compare(id, reading, true);
                }))
                .replaceWithVoid();
    }

    private void compare(String governorId, LiveQueries.Reading reading, boolean announce) {
        Map<BigInteger, ProposalState> last = lastStates.computeIfAbsent(governorId, ignored -> new HashMap<>());
        if (reading.head().isEmpty()) {
            last.clear();
            return;
        }
        LiveQueries.Head head = reading.head().get();
        // Open proposals the reading no longer holds were rolled back by a reorg.
        last.keySet().removeIf(proposal -> !FINAL.contains(last.get(proposal)) && !reading.proposals().containsKey(proposal));
        for (Map.Entry<BigInteger, ProposalFacts> proposal : reading.proposals().entrySet()) {
            ProposalState now;
            try {
                now = ProposalStateDeriver.derive(proposal.getValue(), head.clock());
            } catch (IllegalStateException quorumNotReadYet) {
                // The writer reads it after the range and sends a notice then; the proposal waits for that.
                continue;
            }
            ProposalState before = last.put(proposal.getKey(), now);
            if (announce && before != now) {
                stateChanges.onNext(new ProposalStateChange(governorId, proposal.getKey(), before, now, head.block(),
                        head.clock()));
            }
        }
    }

    private static Set<BigInteger> inStates(Map<BigInteger, ProposalState> states, Predicate<ProposalState> which) {
        Set<BigInteger> ids = new HashSet<>();
        states.forEach((id, state) -> {
            if (which.test(state)) {
                ids.add(id);
            }
        });
        return ids;
    }
}
