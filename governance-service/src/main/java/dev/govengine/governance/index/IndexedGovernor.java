package dev.govengine.governance.index;

import dev.govengine.types.ChecksumAddress;

/** A Governor the index follows; {@code id} is its CAIP-10 account id, the key of all its rows. */
public record IndexedGovernor(String id, String configName, String chain, long chainId, ChecksumAddress address,
        long startBlock) {

    public static IndexedGovernor of(String configName, String chain, long chainId, ChecksumAddress address,
            long startBlock) {
        return new IndexedGovernor("eip155:" + chainId + ":" + address, configName, chain, chainId, address, startBlock);
    }
}
