package dev.govengine.api;

import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("ProposalEdge")
public record ProposalEdge(@NonNull String cursor, @NonNull ProposalView node) {
}
