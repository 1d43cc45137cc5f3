package dev.govengine.rewards.policy;

import dev.govengine.deployment.ActiveDeployment;
import dev.govengine.deployment.Deployment;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The versions of the active deployment's RewardPolicy, as indexed from its events. Answers are only as far as the
 * index has read: a caller asking about block n should check {@link #indexedThroughBlock()} covers n. Without a
 * deployment, every answer is empty.
 */
@ApplicationScoped
public class PolicyHistory {
    private final Pool pool;
    private final ActiveDeployment deployment;

    @Inject
    public PolicyHistory(Pool pool, ActiveDeployment deployment) {
        this.pool = pool;
        this.deployment = deployment;
    }

    /** The latest version emitted at or before block {@code blockNumber}. */
    public Uni<Optional<PolicySnapshot>> inForceAtBlock(long blockNumber) {
        return latestWhere("block_number <= $3", blockNumber);
    }

    /** The latest version emitted in a block whose timestamp is at or before {@code timestamp}. */
    public Uni<Optional<PolicySnapshot>> inForceAtTimestamp(long timestamp) {
        return latestWhere("block_timestamp <= $3", timestamp);
    }

    /** Every indexed version, ascending. */
    public Uni<List<PolicySnapshot>> versions() {
        Optional<Deployment> active = deployment.get();
        if (active.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery("SELECT " + PolicyRows.COLUMNS + " FROM policy_version "
                        + "WHERE chain_id = $1 AND policy = $2 ORDER BY version")
                .execute(Tuple.of(active.get().chainId(), active.get().rewardPolicy().address().toString()))
                .map(rows -> {
                    List<PolicySnapshot> snapshots = new ArrayList<>(rows.size());
                    rows.forEach(row -> snapshots.add(PolicyRows.snapshot(row)));
                    return snapshots;
                });
    }

    /** The last block whose policy events are indexed; empty before the first range. */
    public Uni<OptionalLong> indexedThroughBlock() {
        Optional<Deployment> active = deployment.get();
        if (active.isEmpty()) {
            return Uni.createFrom().item(OptionalLong.empty());
        }
        return pool.preparedQuery("SELECT indexed_block FROM source_cursor WHERE source_id = $1")
                .execute(Tuple.of(PolicySource.sourceId(active.get().chainId(), active.get().rewardPolicy().address())))
                .map(rows -> rows.size() == 0 ? OptionalLong.empty()
                        : OptionalLong.of(rows.iterator().next().getLong("indexed_block")));
    }

    private Uni<Optional<PolicySnapshot>> latestWhere(String condition, long bound) {
        Optional<Deployment> active = deployment.get();
        if (active.isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return pool.preparedQuery("SELECT " + PolicyRows.COLUMNS + " FROM policy_version "
                        + "WHERE chain_id = $1 AND policy = $2 AND " + condition + " ORDER BY version DESC LIMIT 1")
                .execute(Tuple.of(active.get().chainId(), active.get().rewardPolicy().address().toString(), bound))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(PolicyRows.snapshot(rows.iterator().next())));
    }
}
