package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("VoteEdge")
public record VoteEdge(@NonNull String cursor, @NonNull VoteView node) implements HeadIndependent {
}
