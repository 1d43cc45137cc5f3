package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("DelegationChangeEdge")
public record DelegationChangeEdge(@NonNull String cursor, @NonNull DelegationChangeView node) implements HeadIndependent {
}
