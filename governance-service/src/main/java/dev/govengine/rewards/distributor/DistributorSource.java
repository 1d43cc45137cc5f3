package dev.govengine.rewards.distributor;

import static dev.govengine.persistence.Batches.batch;
import static dev.govengine.persistence.Batches.execute;
import static dev.govengine.persistence.Numerics.numeric;

import dev.govengine.chain.BlockHeader;
import dev.govengine.chain.ChainLog;
import dev.govengine.sync.ContractSource;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** A RewardDistributor as a log source: its root lifecycle events, its claims, its emergency controls and settings. */
public record DistributorSource(String chain, long chainId, ChecksumAddress distributor, long startBlock)
        implements ContractSource {
    private static final String KIND = "distributor";

    /** The cursor key of the distributor contract at {@code distributor}. */
    public static String sourceId(long chainId, ChecksumAddress distributor) {
        return ContractSource.sourceId(KIND, chainId, distributor);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public ChecksumAddress contract() {
        return distributor;
    }

    @Override
    public List<String> topics() {
        return DistributorLogDecoder.TOPICS;
    }

    @Override
    public RangeRows decode(List<ChainLog> logs, Map<Long, BlockHeader> headers, boolean firstRange) {
        List<Tuple> roots = new ArrayList<>();
        List<Tuple> claims = new ArrayList<>();
        List<Tuple> controls = new ArrayList<>();
        for (ChainLog log : logs) {
            if (!log.address().equals(distributor)) {
                continue;
            }
            BlockHeader header = headers.get(log.blockNumber());
            DistributorLogDecoder.decode(log, header.timestamp()).ifPresent(event -> {
                List<Object> at = List.of(chainId, distributor.toString(), log.blockNumber(), header.hash(),
                        header.timestamp(), log.logIndex(), log.transactionHash());
                List<Object> row = new ArrayList<>(at);
                if (event instanceof DistributorEvent.RootEvent e) {
                    row.addAll(Arrays.asList(e.event(), numeric(e.epoch()), e.root(), numeric(e.totalCumulative()),
                            e.liveAt(), e.dataUri(), text(e.disputer()), e.reason(), numeric(e.bond()), e.valid(),
                            text(e.bondRecipient())));
                    roots.add(Tuple.from(row));
                } else if (event instanceof DistributorEvent.Claim e) {
                    row.addAll(List.of(e.account().toString(), numeric(e.epoch()), numeric(e.amount()),
                            numeric(e.cumulativeClaimed())));
                    claims.add(Tuple.from(row));
                } else if (event instanceof DistributorEvent.Control e) {
                    row.addAll(Arrays.asList(e.event(), text(e.account()), text(e.token()), numeric(e.amount())));
                    controls.add(Tuple.from(row));
                }
            });
        }
        return tx -> batch(tx, """
                        INSERT INTO distributor_root_event (chain_id, contract, block_number, block_hash, block_timestamp,
                            log_index, tx_hash, event, epoch, root, total_cumulative, live_at, data_uri, disputer, reason,
                            bond, valid, bond_recipient)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
                        ON CONFLICT (chain_id, block_number, log_index) DO NOTHING""", roots, t -> t)
                .chain(() -> batch(tx, """
                        INSERT INTO distributor_claim (chain_id, contract, block_number, block_hash, block_timestamp,
                            log_index, tx_hash, account, epoch, amount, cumulative_claimed)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                        ON CONFLICT (chain_id, block_number, log_index) DO NOTHING""", claims, t -> t))
                .chain(() -> batch(tx, """
                        INSERT INTO distributor_control_event (chain_id, contract, block_number, block_hash,
                            block_timestamp, log_index, tx_hash, event, account, token, amount)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                        ON CONFLICT (chain_id, block_number, log_index) DO NOTHING""", controls, t -> t));
    }

    @Override
    public Uni<Void> rollBack(SqlClient tx, long keep) {
        return execute(tx, "DELETE FROM distributor_root_event WHERE chain_id = $1 AND contract = $2 AND block_number > $3",
                chainId, distributor.toString(), keep)
                .chain(() -> execute(tx, "DELETE FROM distributor_claim WHERE chain_id = $1 AND contract = $2 "
                        + "AND block_number > $3", chainId, distributor.toString(), keep))
                .chain(() -> execute(tx, "DELETE FROM distributor_control_event WHERE chain_id = $1 AND contract = $2 "
                        + "AND block_number > $3", chainId, distributor.toString(), keep));
    }

    private static String text(ChecksumAddress address) {
        return address == null ? null : address.toString();
    }
}
