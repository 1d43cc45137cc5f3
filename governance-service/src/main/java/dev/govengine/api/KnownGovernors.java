package dev.govengine.api;

import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.GovernorRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Governors as the resolvers need them: one that must exist (NOT_FOUND otherwise), or all of them as views. */
@ApplicationScoped
class KnownGovernors {
    @Inject
    GovernanceQueries queries;

    Uni<GovernorRecord> require(String governorId) {
        return queries.governor(governorId).flatMap(found -> found.isPresent()
                ? Uni.createFrom().item(found.get())
                : Uni.createFrom().failure(new NotFoundException("no governor " + governorId + " is indexed here")));
    }

    Uni<Map<String, GovernorView>> views() {
        return queries.governors().map(all -> all.stream().map(GovernorView::of)
                .collect(Collectors.toMap(GovernorView::id, Function.identity())));
    }
}
