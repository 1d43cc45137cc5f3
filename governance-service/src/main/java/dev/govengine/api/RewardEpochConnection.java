package dev.govengine.api;

import java.util.List;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("RewardEpochConnection")
public record RewardEpochConnection(@NonNull List<@NonNull Edge> edges, @NonNull PageInfo pageInfo) {

    @Type("RewardEpochEdge")
    public record Edge(@NonNull String cursor, @NonNull RewardEpochView node) {
    }
}
