package dev.govengine.api.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

/** Which HTTP permissions keep cached answers behind Quarkus's authentication. */
class CachedAnswerRouteTest {
    @Test
    void aPermissionOnTheGraphQLPathOrAPrefixOfItCoversIt() {
        Config config = config(Map.of(
                "quarkus.http.auth.permission.operator.paths", "/operator/*",
                "quarkus.http.auth.permission.exact.paths", "/metrics, /graphql",
                "quarkus.http.auth.permission.below.paths", "/graphql/*",
                "quarkus.http.auth.permission.everything.paths", "/*",
                "quarkus.http.auth.permission.other.paths", "/graphql-ui/*",
                "quarkus.http.auth.permission.exact.policy", "authenticated"));
        assertEquals(List.of("below", "everything", "exact"),
                CachedAnswerRoute.permissionsCovering("/graphql", config).stream().sorted().toList());
    }

    @Test
    void theServicesOwnPermissionsLeaveItPublic() {
        Config config = config(Map.of("quarkus.http.auth.permission.operator.paths", "/operator/*",
                "quarkus.http.auth.permission.operator.policy", "operator"));
        assertEquals(List.of(), CachedAnswerRoute.permissionsCovering("/graphql", config));
    }

    private static Config config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withSources(new PropertiesConfigSource(properties, "test", 100)).build();
    }
}
