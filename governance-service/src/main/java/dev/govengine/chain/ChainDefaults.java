package dev.govengine.chain;

import dev.govengine.config.EngineConfig;

/** Defaults that depend on which network a chain is. */
public final class ChainDefaults {
    private static final int ETHEREUM_MAINNET = 1;
    private static final int LOCAL_DEV_CHAIN = 31337;

    private ChainDefaults() {
    }

    /**
     * Blocks behind the head that are treated as final when the operator sets none. Ethereum mainnet finalizes
     * after two epochs (64 slots); a local dev chain never reorganizes; other chains get a conservative 12.
     */
    public static int confirmations(EngineConfig.Chain chain) {
        if (chain.confirmations().isPresent()) {
            return chain.confirmations().getAsInt();
        }
        if (chain.chainId() == ETHEREUM_MAINNET) {
            return 64;
        }
        return chain.chainId() == LOCAL_DEV_CHAIN ? 0 : 12;
    }
}
