package dev.govengine.api;

import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens GraphiQL on a query that answers: GraphiQL takes its first query from the page's {@code query} parameter,
 * and SmallRye's UI has no setting for one, so a visit to the UI without that parameter is redirected to the same page
 * with a query for the first governor this instance indexes (the first configured one, in key order), or for the
 * list of governors when there is none. GraphiQL writes every edit back into the parameter, so a reload keeps the
 * user's query.
 */
@ApplicationScoped
public class GraphiQLStart {
    private static final int ORDER = -110;

    @Inject
    GovernorRegistry registry;

    @ConfigProperty(name = "quarkus.http.non-application-root-path", defaultValue = "q")
    String nonApplicationRoot;

    @ConfigProperty(name = "quarkus.smallrye-graphql.ui.root-path", defaultValue = "graphql-ui")
    String uiPath;

    void install(@Observes Router router) {
        String ui = uiPath.startsWith("/") ? uiPath
                : "/" + nonApplicationRoot.replaceAll("^/+|/+$", "") + "/" + uiPath.replaceAll("/+$", "");
        // Not index.html: the UI's own handler reroutes the page to it, without the query string.
        for (String page : List.of(ui, ui + "/")) {
            router.get(page).order(ORDER).handler(routing -> start(routing, ui + "/"));
        }
    }

    private void start(RoutingContext routing, String page) {
        if (routing.request().getParam("query") != null) {
            routing.next();
            return;
        }
        routing.response().setStatusCode(302)
                .putHeader("Location", page + "?query=" + URLEncoder.encode(defaultQuery(), StandardCharsets.UTF_8)
                        .replace("+", "%20"))
                .end();
    }

    private String defaultQuery() {
        List<IndexedGovernor> governors = registry.all();
        if (governors.isEmpty()) {
            return """
                    # No governor is configured yet (gov.governors.<name>.address): the ones indexed before.
                    {
                      governors { id name proposalCount }
                      indexerStatus { chain chainId headBlock indexedBlock }
                    }
                    """;
        }
        String id = governors.get(0).id();
        return """
                # The governor %1$s and its latest proposals.
                # Ctrl+Space completes a field; the Docs panel lists every type.
                {
                  governor(id: "%1$s") {
                    id name clockMode votingDelay votingPeriod quorumNumerator proposalCount
                  }
                  proposals(governor: "%1$s", first: 5) {
                    edges {
                      node { proposalId title state forVotes againstVotes abstainVotes voteEnd }
                    }
                    pageInfo { hasNextPage endCursor }
                  }
                }
                """.formatted(id);
    }
}
