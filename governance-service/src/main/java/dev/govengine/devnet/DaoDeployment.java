package dev.govengine.devnet;

import dev.govengine.chain.ChecksumAddress;

/** Where a freshly deployed DAO lives, and the first block an indexer needs to read to see all of it. */
public record DaoDeployment(
        long chainId,
        ChecksumAddress token,
        ChecksumAddress timelock,
        ChecksumAddress governor,
        long startBlock) {
}
