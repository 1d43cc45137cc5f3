package dev.govengine.governance.index;

import dev.govengine.governance.GovernanceEvent;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Token transfers netted per account and block: what {@code token_balance_change} holds. */
final class BalanceChanges {
    private BalanceChanges() {
    }

    /** One account's net change in one block; the zero address's is minus what the block minted net of burns. */
    record Change(ChecksumAddress account, long block, BigInteger delta) {
    }

    private record Key(ChecksumAddress account, long block) {
    }

    private record LogId(long block, int logIndex) {
    }

    /** Each transfer debits its sender and credits its receiver; accounts the block left even are omitted. */
    static List<Change> perBlock(List<GovernanceEvent.TokenTransfer> transfers) {
        return net(transfers, null);
    }

    /** All of {@code transfers} as if they happened in {@code block}: the balances they leave behind. */
    static List<Change> atBlock(List<GovernanceEvent.TokenTransfer> transfers, long block) {
        return net(transfers, block);
    }

    /**
     * A log's identity is its block and index, and a provider may return one log twice (every other row absorbs that
     * by its key): netted twice, it would count twice, so each log is taken once.
     */
    private static List<Change> net(List<GovernanceEvent.TokenTransfer> transfers, Long atBlock) {
        Map<Key, BigInteger> sums = new LinkedHashMap<>();
        Set<LogId> seen = new HashSet<>();
        for (GovernanceEvent.TokenTransfer transfer : transfers) {
            if (!seen.add(new LogId(transfer.position().blockNumber(), transfer.position().logIndex()))) {
                continue;
            }
            long block = atBlock == null ? transfer.position().blockNumber() : atBlock;
            sums.merge(new Key(transfer.from(), block), transfer.amount().negate(), BigInteger::add);
            sums.merge(new Key(transfer.to(), block), transfer.amount(), BigInteger::add);
        }
        List<Change> changes = new ArrayList<>(sums.size());
        sums.forEach((key, delta) -> {
            if (delta.signum() != 0) {
                changes.add(new Change(key.account(), key.block(), delta));
            }
        });
        return changes;
    }
}
