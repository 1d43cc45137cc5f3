package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("PageInfo")
@Description("Relay-style page information: pass endCursor as after to get the next page.")
public record PageInfo(
        @NonNull @Description("Whether an item follows the last edge; for an empty page (first: 0), whether any item"
                + " follows after.") Boolean hasNextPage,
        @Description("The cursor of the last edge; null when the page is empty.") String endCursor)
                implements HeadIndependent {
}
