package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("VotingPowerChangeConnection")
public record VotingPowerChangeConnection(@NonNull List<@NonNull VotingPowerChangeEdge> edges, @NonNull PageInfo pageInfo,
        @Description("How many items the whole list holds, whatever the page.") int totalCount)
        implements HeadIndependent {
    static VotingPowerChangeConnection of(List<VotingPowerChangeEdge> edges, boolean hasNextPage, long totalCount) {
        String endCursor = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        return new VotingPowerChangeConnection(edges, new PageInfo(hasNextPage, endCursor), Math.toIntExact(totalCount));
    }
}
