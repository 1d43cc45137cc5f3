package dev.govengine.testing;

import dev.govengine.persistence.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import org.jboss.logging.Logger;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * A real PostgreSQL for tests. {@code GOV_TEST_POSTGRES} picks the backend: {@code container} (Testcontainers),
 * {@code embedded} (the binaries from Maven Central), {@code external} (the server at {@code GOV_TEST_POSTGRES_URL},
 * a JDBC URL, with {@code GOV_TEST_POSTGRES_USER} and {@code GOV_TEST_POSTGRES_PASSWORD}), or {@code auto}
 * (the default: a container where Docker answers, embedded otherwise).
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    private static final Logger LOG = Logger.getLogger(PostgresResource.class);
    static final String BACKEND_ENV = "GOV_TEST_POSTGRES";
    private static final String IMAGE = "postgres:16-alpine";

    private PostgreSQLContainer<?> container;
    private EmbeddedDatabase embedded;

    @Override
    public Map<String, String> start() {
        Backend backend = Backend.choose(BACKEND_ENV, "embedded");
        switch (backend) {
            case CONTAINER -> {
                container = new PostgreSQLContainer<>(IMAGE);
                container.start();
                LOG.infof("PostgreSQL for tests: Testcontainers %s at %s", IMAGE, container.getJdbcUrl());
                return properties(container.getJdbcUrl(), container.getUsername(), container.getPassword());
            }
            case LOCAL -> {
                embedded = EmbeddedDatabase.startEphemeral(true);
                LOG.infof("PostgreSQL for tests: %s (no Docker engine, or %s=embedded)", embedded.describe(), BACKEND_ENV);
                return embedded.datasourceProperties();
            }
            default -> {
                String url = requiredEnv("GOV_TEST_POSTGRES_URL");
                LOG.infof("PostgreSQL for tests: external server at %s", url);
                return properties(url, requiredEnv("GOV_TEST_POSTGRES_USER"), requiredEnv("GOV_TEST_POSTGRES_PASSWORD"));
            }
        }
    }

    private static Map<String, String> properties(String jdbcUrl, String user, String password) {
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.reactive.url", jdbcUrl.replaceFirst("^jdbc:", ""),
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password);
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(BACKEND_ENV + "=external needs " + name);
        }
        return value;
    }

    @Override
    public void stop() {
        if (container != null) {
            container.stop();
        }
        if (embedded != null) {
            embedded.close();
        }
    }
}
