package dev.govengine.api;

import dev.govengine.api.cache.HeadDependent;
import dev.govengine.governance.HeadRange;
import java.util.List;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A page of proposals; a state filter makes which proposals it holds, and whether more follow, head-dependent. */
@Type("ProposalConnection")
public record ProposalConnection(@NonNull List<@NonNull ProposalEdge> edges, @NonNull PageInfo pageInfo,
        @Ignore String governorId, @Ignore HeadRange holds) implements HeadDependent {
    static ProposalConnection of(List<ProposalEdge> edges, boolean hasNextPage, String governorId, HeadRange holds) {
        String endCursor = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        return new ProposalConnection(edges, new PageInfo(hasNextPage, endCursor), governorId, holds);
    }
}
