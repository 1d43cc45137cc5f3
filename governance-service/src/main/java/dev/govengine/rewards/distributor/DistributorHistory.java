package dev.govengine.rewards.distributor;

import static dev.govengine.persistence.Numerics.bigInteger;
import static dev.govengine.persistence.Numerics.numeric;

import dev.govengine.deployment.ActiveDeployment;
import dev.govengine.deployment.Deployment;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.LogPosition;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the active deployment's RewardDistributor has said, as indexed: its roots' lifecycle, the claims, and its
 * emergency controls and setting changes.
 */
@ApplicationScoped
public class DistributorHistory {
    private final Pool pool;
    private final ActiveDeployment deployment;

    @Inject
    public DistributorHistory(Pool pool, ActiveDeployment deployment) {
        this.pool = pool;
        this.deployment = deployment;
    }

    /** What {@code account} has claimed in total, as the distributor's {@code claimed(account)}; 0 if nothing. */
    public Uni<BigInteger> claimed(ChecksumAddress account) {
        Optional<Deployment> active = deployment.get();
        if (active.isEmpty()) {
            return Uni.createFrom().item(BigInteger.ZERO);
        }
        return pool.preparedQuery("""
                        SELECT max(cumulative_claimed) AS claimed FROM distributor_claim
                        WHERE chain_id = $1 AND contract = $2 AND account = $3""")
                .execute(Tuple.of(active.get().chainId(), active.get().rewardDistributor().address().toString(),
                        account.toString()))
                .map(rows -> {
                    BigInteger claimed = bigInteger(rows.iterator().next().getNumeric("claimed"));
                    return claimed == null ? BigInteger.ZERO : claimed;
                });
    }

    /** The lifecycle events of {@code epoch}'s roots, in chain order. */
    public Uni<List<DistributorEvent.RootEvent>> rootEvents(BigInteger epoch) {
        Optional<Deployment> active = deployment.get();
        if (active.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery("""
                        SELECT event, block_number, block_timestamp, tx_hash, log_index, epoch, root, total_cumulative,
                            live_at, data_uri, disputer, reason, bond, valid, bond_recipient
                        FROM distributor_root_event WHERE chain_id = $1 AND contract = $2 AND epoch = $3
                        ORDER BY block_number, log_index""")
                .execute(Tuple.of(active.get().chainId(), active.get().rewardDistributor().address().toString(),
                        numeric(epoch)))
                .map(rows -> {
                    List<DistributorEvent.RootEvent> events = new ArrayList<>();
                    rows.forEach(row -> events.add(rootEvent(row)));
                    return events;
                });
    }

    /** The emergency controls (pause, unpause, sweep) and setting changes, in chain order. */
    public Uni<List<DistributorEvent.Control>> controlEvents() {
        Optional<Deployment> active = deployment.get();
        if (active.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return pool.preparedQuery("""
                        SELECT event, block_number, block_timestamp, tx_hash, log_index, account, token, amount
                        FROM distributor_control_event WHERE chain_id = $1 AND contract = $2
                        ORDER BY block_number, log_index""")
                .execute(Tuple.of(active.get().chainId(), active.get().rewardDistributor().address().toString()))
                .map(rows -> {
                    List<DistributorEvent.Control> events = new ArrayList<>();
                    rows.forEach(row -> events.add(new DistributorEvent.Control(row.getString("event"), position(row),
                            address(row.getString("account")), address(row.getString("token")),
                            bigInteger(row.getNumeric("amount")))));
                    return events;
                });
    }

    private static LogPosition position(Row row) {
        return new LogPosition(row.getLong("block_number"), row.getLong("block_timestamp"), row.getString("tx_hash"),
                row.getInteger("log_index"));
    }

    private static DistributorEvent.RootEvent rootEvent(Row row) {
        return new DistributorEvent.RootEvent(row.getString("event"), position(row),
                bigInteger(row.getNumeric("epoch")), row.getString("root"), bigInteger(row.getNumeric("total_cumulative")),
                row.getLong("live_at"), row.getString("data_uri"), address(row.getString("disputer")),
                row.getString("reason"), bigInteger(row.getNumeric("bond")), row.getBoolean("valid"),
                address(row.getString("bond_recipient")));
    }

    private static ChecksumAddress address(String text) {
        return text == null ? null : ChecksumAddress.of(text);
    }
}
