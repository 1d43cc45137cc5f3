package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("HolderConnection")
public record HolderConnection(@NonNull List<@NonNull HolderEdge> edges, @NonNull PageInfo pageInfo,
        @Description("How many items the whole list holds, whatever the page.") int totalCount)
        implements HeadIndependent {
    static HolderConnection of(List<HolderEdge> edges, boolean hasNextPage, long totalCount) {
        String endCursor = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        return new HolderConnection(edges, new PageInfo(hasNextPage, endCursor), Math.toIntExact(totalCount));
    }
}
