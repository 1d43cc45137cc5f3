package dev.govengine.rewards.store;

import dev.govengine.types.ChecksumAddress;
import java.util.Objects;

/** A RewardDistributor contract: the chain it lives on and its address. Epoch results belong to one. */
public record Distributor(long chainId, ChecksumAddress address) {
    public Distributor {
        Objects.requireNonNull(address, "address");
        if (chainId <= 0) {
            throw new IllegalArgumentException("chain id " + chainId + " is not positive");
        }
    }

    /** CAIP-10 account id, {@code eip155:<chainId>:<address>}, as the API names contracts. */
    public String caip10() {
        return "eip155:" + chainId + ":" + address;
    }
}
