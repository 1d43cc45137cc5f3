package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("ProposalEdge")
public record ProposalEdge(@NonNull String cursor, @NonNull ProposalView node) implements HeadIndependent {
}
