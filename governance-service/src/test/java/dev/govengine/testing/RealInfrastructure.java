package dev.govengine.testing;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Declares, once for every {@code @QuarkusTest}, the external systems the service runs against in tests: real
 * PostgreSQL and a real Anvil. Global scope, so Quarkus starts them once and boots the application once.
 */
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
@WithTestResource(value = AnvilResource.class, scope = TestResourceScope.GLOBAL, parallel = true)
public final class RealInfrastructure {
    private RealInfrastructure() {
    }
}
