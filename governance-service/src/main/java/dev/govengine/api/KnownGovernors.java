package dev.govengine.api;

import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.GovernorRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Governors as the resolvers need them: one that must exist (NOT_FOUND otherwise) and have been indexed
 * (UNAVAILABLE with its sync error otherwise, rather than answers built on settings nobody read), or all of them as
 * views.
 */
@ApplicationScoped
class KnownGovernors {
    @Inject
    GovernanceQueries queries;

    Uni<GovernorRecord> require(String governorId) {
        return queries.governor(governorId).map(found -> indexed(found.orElseThrow(() -> unknown(governorId))));
    }

    /** The Governor, if it has been indexed; otherwise UNAVAILABLE, as {@link #require} answers. */
    static GovernorRecord indexed(GovernorRecord governor) {
        if (governor.token() == null) {
            throw new UnavailableException(governor.syncError() == null
                    ? "governor " + governor.id() + " has not been indexed yet"
                    : "governor " + governor.id() + " is not indexed: " + governor.syncError());
        }
        return governor;
    }

    static NotFoundException unknown(String governorId) {
        return new NotFoundException("no governor " + governorId + " is indexed here");
    }

    Uni<Map<String, GovernorView>> views() {
        return queries.governors().map(all -> all.stream().map(GovernorView::of)
                .collect(Collectors.toMap(GovernorView::id, Function.identity())));
    }
}
