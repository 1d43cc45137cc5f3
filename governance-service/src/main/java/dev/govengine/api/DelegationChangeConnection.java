package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("DelegationChangeConnection")
public record DelegationChangeConnection(@NonNull List<@NonNull DelegationChangeEdge> edges, @NonNull PageInfo pageInfo,
        @Description("How many items the whole list holds, whatever the page.") int totalCount)
        implements HeadIndependent {
    static DelegationChangeConnection of(List<DelegationChangeEdge> edges, boolean hasNextPage, long totalCount) {
        String endCursor = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        return new DelegationChangeConnection(edges, new PageInfo(hasNextPage, endCursor), Math.toIntExact(totalCount));
    }
}
