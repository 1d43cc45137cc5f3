package dev.govengine.deployment;

import dev.govengine.types.ChecksumAddress;

/**
 * One deployed contract: where it lives, and the block and transaction that created it, so an indexer can start
 * reading its events at the very first one.
 */
public record DeployedContract(ChecksumAddress address, long block, String transactionHash) {
}
