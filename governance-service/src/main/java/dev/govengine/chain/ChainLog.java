package dev.govengine.chain;

import dev.govengine.types.ChecksumAddress;
import java.util.List;

/** One log as the node returned it; topics and data stay hex until a decoder claims them. */
public record ChainLog(
        ChecksumAddress address,
        List<String> topics,
        String data,
        long blockNumber,
        String blockHash,
        String transactionHash,
        int logIndex) {

    public String topic0() {
        return topics.isEmpty() ? "" : topics.get(0);
    }
}
