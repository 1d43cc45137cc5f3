package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("HolderEdge")
public record HolderEdge(@NonNull String cursor, @NonNull HolderView node) implements HeadIndependent {
}
