package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import java.util.List;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("VoteConnection")
public record VoteConnection(@NonNull List<@NonNull VoteEdge> edges, @NonNull PageInfo pageInfo)
        implements HeadIndependent {
    static VoteConnection of(List<VoteEdge> edges, boolean hasNextPage) {
        String endCursor = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        return new VoteConnection(edges, new PageInfo(hasNextPage, endCursor));
    }
}
