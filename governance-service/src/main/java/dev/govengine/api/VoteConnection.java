package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import dev.govengine.api.cache.ReadsRows;
import dev.govengine.api.cache.Table;
import dev.govengine.governance.VoteQueries;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/**
 * A page of votes, with the votes it is a page of, for its totalCount. That count reads the rows of its proposal
 * (its tally) or of its voter; a Governor's whole count, which only the votes query makes, reads the tallies whole,
 * and that query declares both tables.
 */
@Type("VoteConnection")
public record VoteConnection(@NonNull List<@NonNull VoteEdge> edges, @NonNull PageInfo pageInfo,
        @Ignore VoteQueries.Scope scope) implements HeadIndependent, ReadsRows {
    static VoteConnection of(List<VoteEdge> edges, boolean hasNextPage, VoteQueries.Scope scope) {
        String endCursor = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        return new VoteConnection(edges, new PageInfo(hasNextPage, endCursor), scope);
    }

    @Ignore
    @Override
    public Set<Table.Row> rowsRead() {
        String governorId = scope.governorId();
        if (scope.voter().isPresent()) {
            return Set.of(Table.VOTE.row(Table.Key.VOTER, governorId, scope.voter().get().toString()));
        }
        return scope.proposalId().map(id -> Set.of(Table.VOTE.row(Table.Key.PROPOSAL, governorId, id.toString()),
                Table.PROPOSAL_TALLY.row(Table.Key.PROPOSAL, governorId, id.toString()))).orElse(Set.of());
    }
}
