package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("DelegateEdge")
public record DelegateEdge(@NonNull String cursor, @NonNull DelegateView node) implements HeadIndependent {
}
