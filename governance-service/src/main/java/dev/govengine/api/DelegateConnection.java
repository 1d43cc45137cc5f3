package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import java.util.List;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A page of a Governor's delegate leaderboard; the Governor is kept for the connection's totalCount. */
@Type("DelegateConnection")
public record DelegateConnection(@NonNull List<@NonNull DelegateEdge> edges, @NonNull PageInfo pageInfo,
        @Ignore String governorId) implements HeadIndependent {
    static DelegateConnection of(List<DelegateEdge> edges, boolean hasNextPage, String governorId) {
        String endCursor = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        return new DelegateConnection(edges, new PageInfo(hasNextPage, endCursor), governorId);
    }
}
