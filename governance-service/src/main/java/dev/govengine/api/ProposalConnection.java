package dev.govengine.api;

import dev.govengine.api.cache.HeadDependent;
import dev.govengine.governance.HeadRange;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/**
 * A page of proposals; a state filter makes which proposals it holds, whether more follow, and how many there are,
 * head-dependent. totalCount is read with the page, and only when the query selects it (null otherwise, never
 * served): with a state filter the count derives every proposal's state, so its heads belong in {@code holds},
 * which the response cache takes when it reads the connection's first field.
 */
@Type("ProposalConnection")
public record ProposalConnection(@NonNull List<@NonNull ProposalEdge> edges, @NonNull PageInfo pageInfo,
        @NonNull @Description(TOTAL_COUNT) Integer totalCount, @Ignore String governorId, @Ignore HeadRange holds)
        implements HeadDependent {
    static final String TOTAL_COUNT = "How many items the whole list holds with its filters, whatever first and after.";

    static ProposalConnection of(List<ProposalEdge> edges, boolean hasNextPage, Integer totalCount, String governorId,
            HeadRange holds) {
        String endCursor = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        return new ProposalConnection(edges, new PageInfo(hasNextPage, endCursor), totalCount, governorId, holds);
    }
}
