package dev.govengine.api;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Type;

@Type("PageInfo")
@Description("Relay cursor pagination: pass endCursor as after to read the next page.")
public record PageInfo(boolean hasNextPage, String endCursor) {
}
