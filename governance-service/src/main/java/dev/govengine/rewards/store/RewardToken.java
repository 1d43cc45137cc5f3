package dev.govengine.rewards.store;

import dev.govengine.types.ChecksumAddress;
import java.util.Objects;

/**
 * A distributor's reward token as it describes itself over eth_call: {@code name}, {@code symbol} and
 * {@code decimals} are null when it does not answer them.
 */
public record RewardToken(ChecksumAddress address, String name, String symbol, Integer decimals) {
    public RewardToken {
        Objects.requireNonNull(address, "address");
    }
}
