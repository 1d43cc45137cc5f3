package dev.govengine.api;

import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("VoteEdge")
public record VoteEdge(@NonNull String cursor, @NonNull VoteView node) {
}
