package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import java.util.List;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("DelegateConnection")
public record DelegateConnection(@NonNull List<@NonNull DelegateEdge> edges, @NonNull PageInfo pageInfo)
        implements HeadIndependent {
    static DelegateConnection of(List<DelegateEdge> edges, boolean hasNextPage) {
        String endCursor = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        return new DelegateConnection(edges, new PageInfo(hasNextPage, endCursor));
    }
}
