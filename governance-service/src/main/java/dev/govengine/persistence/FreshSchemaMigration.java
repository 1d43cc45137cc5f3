package dev.govengine.persistence;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.FlywayException;

/**
 * Applies every migration in one transaction when the schema has none applied yet, as on a first start. One
 * transaction per migration, Flyway's default, costs per migration a lock of the schema history, a commit and a fresh
 * read and resolution of the whole history: a third of the migrations' time on a new database, at every first
 * start of a service or test. A schema with a history is migrated as before, one transaction per migration, so that
 * an upgrade that fails keeps the migrations before the one that failed; on a fresh schema a failure leaves it empty,
 * from where the next start begins again.
 */
@Singleton
public class FreshSchemaMigration implements FlywayConfigurationCustomizer {
    @Override
    public void customize(FluentConfiguration configuration) {
        if (!configuration.isGroup()) {
            configuration.group(isFresh(configuration));
        }
    }

    /** Whether Flyway's schema history table is missing from the schema it would migrate. */
    static boolean isFresh(FluentConfiguration configuration) {
        try (Connection connection = configuration.getDataSource().getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT to_regclass(format('%I.%I', coalesce(?, current_schema()), ?::text)) IS NULL AS fresh")) {
            query.setString(1, configuration.getDefaultSchema());
            query.setString(2, configuration.getTable());
            try (ResultSet answer = query.executeQuery()) {
                answer.next();
                return answer.getBoolean("fresh");
            }
        } catch (SQLException e) {
            throw new FlywayException("cannot read whether the schema has a migration history: " + e.getMessage(), e);
        }
    }
}
