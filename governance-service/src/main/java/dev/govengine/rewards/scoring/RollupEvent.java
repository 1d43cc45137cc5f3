package dev.govengine.rewards.scoring;

import dev.govengine.chain.ChecksumAddress;
import java.util.Objects;

/** One indexed rollup contribution: who made it and its kind (BatchSubmitted, ProofSubmitted, ...). */
public record RollupEvent(ChecksumAddress contributor, String kind) {
    public RollupEvent {
        Objects.requireNonNull(contributor, "contributor");
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("kind is missing");
        }
    }
}
