package dev.govengine.api;

import dev.govengine.api.cache.HeadDependent;
import dev.govengine.governance.HeadRange;
import dev.govengine.governance.ProposalState;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** The count derives every proposal's state, so it holds only while all of them do ({@code holds}). */
@Type("ProposalStateCount")
@Description("How many of a Governor's proposals are in one state at the indexed head.")
public record ProposalStateCountView(@NonNull ProposalState state, int count, @Ignore String governorId,
        @Ignore HeadRange holds) implements HeadDependent {
}
