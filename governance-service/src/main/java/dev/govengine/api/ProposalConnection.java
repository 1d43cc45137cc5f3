package dev.govengine.api;

import java.util.List;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("ProposalConnection")
public record ProposalConnection(@NonNull List<@NonNull ProposalEdge> edges, @NonNull PageInfo pageInfo) {
    static ProposalConnection of(List<ProposalEdge> edges, boolean hasNextPage) {
        String endCursor = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        return new ProposalConnection(edges, new PageInfo(hasNextPage, endCursor));
    }
}
