package dev.govengine.rewards.policy;

import static dev.govengine.persistence.Batches.execute;

import dev.govengine.chain.BlockHeader;
import dev.govengine.chain.ChainLog;
import dev.govengine.sync.ContractSource;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A RewardPolicy contract as a log source. Each range folds its changes onto the latest stored version, read in the
 * same transaction, so the stored snapshots always match the cursor.
 */
public record PolicySource(String chain, long chainId, ChecksumAddress policy, long startBlock)
        implements ContractSource {
    private static final String KIND = "policy";

    /** The cursor key of the policy contract at {@code policy}. */
    public static String sourceId(long chainId, ChecksumAddress policy) {
        return ContractSource.sourceId(KIND, chainId, policy);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public ChecksumAddress contract() {
        return policy;
    }

    @Override
    public List<String> topics() {
        return PolicyLogDecoder.TOPICS;
    }

    @Override
    public RangeRows decode(List<ChainLog> logs, Map<Long, BlockHeader> headers, boolean firstRange) {
        List<PolicyChange> changes = new ArrayList<>();
        for (ChainLog log : logs) {
            if (log.address().equals(policy)) {
                PolicyLogDecoder.decode(log, headers.get(log.blockNumber()).timestamp()).ifPresent(changes::add);
            }
        }
        if (changes.isEmpty()) {
            return tx -> Uni.createFrom().voidItem();
        }
        return tx -> PolicyRows.latest(tx, chainId, policy)
                .map(latest -> PolicyFold.fold(latest.orElseGet(() -> PolicyFold.empty(chainId, policy)), changes))
                .chain(snapshots -> PolicyRows.insert(tx, snapshots, changes));
    }

    @Override
    public Uni<Void> rollBack(SqlClient tx, long keep) {
        return execute(tx, "DELETE FROM policy_version WHERE chain_id = $1 AND policy = $2 AND block_number > $3",
                chainId, policy.toString(), keep);
    }
}
