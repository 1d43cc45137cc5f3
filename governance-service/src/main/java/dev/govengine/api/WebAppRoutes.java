package dev.govengine.api;

import dev.govengine.config.EngineConfig;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The web app's routes beside the files Quinoa bakes into the build (docs/WEBAPP.md). The app routes its pages in the
 * browser, so a reload on one of them ({@code /dao/...}, {@code /rewards}) is answered with the app's index page. Only
 * the app's own prefixes are rerouted, not every unknown path as Quinoa's SPA routing would: an unknown path stays a 404, and no route
 * of the API can be shadowed. With {@code gov.ui.enabled=false} the app's page and files answer 404 ahead of every
 * other route, as before the app existed.
 */
@ApplicationScoped
public class WebAppRoutes {
    private static final int ORDER = Integer.MIN_VALUE + 100;
    /** The app's pages, under the prefixes {@code src/main/webui/src/main.jsx} routes. */
    static final List<String> PAGES = List.of("/dao/*", "/rewards");

    @Inject
    EngineConfig config;

    void install(@Observes Router router) {
        if (config.ui().enabled()) {
            PAGES.forEach(page -> router.get(page).order(ORDER).handler(routing -> routing.reroute("/")));
        } else {
            router.routeWithRegex("^/(index\\.html|assets/.*)?$").order(ORDER)
                    .handler(routing -> routing.response().setStatusCode(404).end());
        }
    }
}
