package dev.govengine.contributions;

import static dev.govengine.persistence.Batches.batch;
import static dev.govengine.persistence.Batches.execute;
import static dev.govengine.persistence.Numerics.numeric;

import dev.govengine.chain.BlockHeader;
import dev.govengine.chain.ChainLog;
import dev.govengine.sync.LogSource;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * One contract's mapped rollup events as a log source. Its id carries a fingerprint of the mapping, so a changed
 * configuration starts a new cursor: the first range of that cursor deletes the contract's rows and the old cursor,
 * and the contract is read again from its start under the new mapping.
 */
public record RollupSource(String chain, long chainId, ChecksumAddress contract, long startBlock,
        List<RollupKindMapping> kinds) implements LogSource {

    public RollupSource {
        kinds = List.copyOf(kinds);
    }

    @Override
    public String id() {
        String mapping = kinds.stream().map(RollupKindMapping::describe).collect(Collectors.joining("\n"));
        String fingerprint = Numeric.toHexStringNoPrefix(Hash.sha3(mapping.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        return idPrefix() + fingerprint;
    }

    private String idPrefix() {
        return "rollup:eip155:" + chainId + ":" + contract + ":";
    }

    @Override
    public CursorTable cursorTable() {
        return CursorTable.CONTRACT;
    }

    @Override
    public List<ChecksumAddress> addresses() {
        return List.of(contract);
    }

    @Override
    public List<String> topics() {
        return kinds.stream().map(k -> k.event().topic()).distinct().sorted().toList();
    }

    @Override
    public RangeRows decode(List<ChainLog> logs, Map<Long, BlockHeader> headers, boolean firstRange) {
        List<Tuple> rows = new ArrayList<>();
        for (ChainLog log : logs) {
            if (!log.address().equals(contract)) {
                continue;
            }
            contribution(log).ifPresent(c -> {
                BlockHeader header = headers.get(log.blockNumber());
                rows.add(Tuple.from(List.of(chainId, contract.toString(), log.blockNumber(), header.hash(),
                        header.timestamp(), log.logIndex(), log.transactionHash(), c.kind(), c.contributor().toString(),
                        numeric(c.amount()))));
            });
        }
        return tx -> (firstRange ? forgetEarlierMappings(tx) : Uni.createFrom().voidItem())
                .chain(() -> batch(tx, """
                        INSERT INTO rollup_contribution (chain_id, contract, block_number, block_hash, block_timestamp,
                            log_index, tx_hash, kind, contributor, amount)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                        ON CONFLICT (chain_id, block_number, log_index) DO NOTHING""", rows, t -> t));
    }

    private Optional<RollupKindMapping.Contribution> contribution(ChainLog log) {
        for (RollupKindMapping kind : kinds) {
            Optional<RollupKindMapping.Contribution> contribution = kind.apply(log);
            if (contribution.isPresent()) {
                return contribution;
            }
        }
        return Optional.empty();
    }

    private Uni<Void> forgetEarlierMappings(SqlClient tx) {
        return rollBack(tx, -1)
                .chain(() -> execute(tx, "DELETE FROM source_cursor WHERE starts_with(source_id, $1) AND source_id <> $2",
                        idPrefix(), id()));
    }

    @Override
    public Uni<Void> rollBack(SqlClient tx, long keep) {
        return execute(tx, "DELETE FROM rollup_contribution WHERE chain_id = $1 AND contract = $2 AND block_number > $3",
                chainId, contract.toString(), keep);
    }
}
