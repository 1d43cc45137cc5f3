package dev.govengine.rewards.policy;

import static dev.govengine.persistence.Batches.batch;
import static dev.govengine.persistence.Numerics.bigInteger;
import static dev.govengine.persistence.Numerics.numeric;

import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** The {@code policy_version} table: one full snapshot per version. */
final class PolicyRows {
    static final String COLUMNS = "chain_id, policy, version, block_number, block_timestamp, epoch_length, "
            + "budget_per_epoch, depin_bps, rollup_bps, governance_bps, gpu_classes, gpu_weights, rollup_kinds, "
            + "rollup_weights, recipient_cap_bps, min_payout, governance_mode, verifiers";

    private PolicyRows() {
    }

    static PolicySnapshot snapshot(Row row) {
        Map<Integer, BigInteger> gpuWeights = new TreeMap<>();
        Integer[] classes = row.getArrayOfIntegers("gpu_classes");
        Numeric[] weights = row.getArrayOfNumerics("gpu_weights");
        for (int i = 0; i < classes.length; i++) {
            gpuWeights.put(classes[i], bigInteger(weights[i]));
        }
        Map<String, BigInteger> kindWeights = new TreeMap<>();
        String[] kinds = row.getArrayOfStrings("rollup_kinds");
        Numeric[] kindWeightValues = row.getArrayOfNumerics("rollup_weights");
        for (int i = 0; i < kinds.length; i++) {
            kindWeights.put(kinds[i], bigInteger(kindWeightValues[i]));
        }
        TreeSet<ChecksumAddress> verifiers = new TreeSet<>();
        Arrays.stream(row.getArrayOfStrings("verifiers")).map(ChecksumAddress::of).forEach(verifiers::add);
        return new PolicySnapshot(row.getLong("chain_id"), ChecksumAddress.of(row.getString("policy")),
                row.getLong("version"), row.getLong("block_number"), row.getLong("block_timestamp"),
                row.getLong("epoch_length"), bigInteger(row.getNumeric("budget_per_epoch")), row.getInteger("depin_bps"),
                row.getInteger("rollup_bps"), row.getInteger("governance_bps"), gpuWeights, kindWeights,
                row.getInteger("recipient_cap_bps"), bigInteger(row.getNumeric("min_payout")),
                GovernanceMode.valueOf(row.getString("governance_mode")), verifiers);
    }

    /** The latest version stored for the policy, read inside the range's transaction. */
    static Uni<Optional<PolicySnapshot>> latest(SqlClient tx, long chainId, ChecksumAddress policy) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM policy_version WHERE chain_id = $1 AND policy = $2 "
                        + "ORDER BY version DESC LIMIT 1")
                .execute(Tuple.of(chainId, policy.toString()))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(snapshot(rows.iterator().next())));
    }

    /** Versions are the key, so a range written twice adds nothing. */
    static Uni<Void> insert(SqlClient tx, List<PolicySnapshot> snapshots, List<PolicyChange> changes) {
        List<Object[]> rows = new ArrayList<>(snapshots.size());
        for (PolicySnapshot s : snapshots) {
            PolicyChange change = changes.stream().filter(c -> c.version() == s.version()).findFirst().orElseThrow();
            rows.add(new Object[] {s.chainId(), s.policy().toString(), s.version(), s.blockNumber(),
                    s.blockTimestamp(), change.position().logIndex(), change.position().transactionHash(),
                    change.event(), s.epochLength(), numeric(s.budgetPerEpoch()), s.depinBps(), s.rollupBps(),
                    s.governanceBps(), s.gpuClassWeights().keySet().toArray(Integer[]::new),
                    s.gpuClassWeights().values().stream().map(w -> numeric(w)).toArray(Numeric[]::new),
                    s.rollupKindWeights().keySet().toArray(String[]::new),
                    s.rollupKindWeights().values().stream().map(w -> numeric(w)).toArray(Numeric[]::new),
                    s.recipientCapBps(), numeric(s.minPayout()), s.governanceMode().name(),
                    s.verifiers().stream().map(ChecksumAddress::toString).toArray(String[]::new)});
        }
        return batch(tx, """
                INSERT INTO policy_version (chain_id, policy, version, block_number, block_timestamp, log_index, tx_hash,
                    event, epoch_length, budget_per_epoch, depin_bps, rollup_bps, governance_bps, gpu_classes,
                    gpu_weights, rollup_kinds, rollup_weights, recipient_cap_bps, min_payout, governance_mode, verifiers)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
                ON CONFLICT (chain_id, policy, version) DO NOTHING""", rows, Tuple::from);
    }
}
