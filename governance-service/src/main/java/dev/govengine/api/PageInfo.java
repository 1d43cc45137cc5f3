package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("PageInfo")
@Description("Relay-style page information: pass endCursor as after to get the next page.")
public record PageInfo(
        @NonNull Boolean hasNextPage,
        @Description("The cursor of the last edge; null when the page is empty.") String endCursor)
                implements HeadIndependent {
}
