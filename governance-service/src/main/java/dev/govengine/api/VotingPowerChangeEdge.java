package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("VotingPowerChangeEdge")
public record VotingPowerChangeEdge(@NonNull String cursor, @NonNull VotingPowerChangeView node) implements HeadIndependent {
}
