package dev.govengine.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.persistence.WorkerDb;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two replicas on one database: only one writes, and the other takes over when the writer goes away. */
@QuarkusTest
class WriterLeaseTest {
    @Inject
    WriterLease thisReplica;

    @Inject
    Pool pool;

    @Inject
    WorkerDb db;

    @Test
    void onlyOneReplicaWritesAndAnotherTakesOverWhenItStops() {
        WriterLease otherReplica = new WriterLease(pool, db);
        try {
            assertTrue(thisReplica.acquire(), "this replica writes");
            assertTrue(thisReplica.acquire(), "and keeps the lock on its next cycle");
            assertFalse(otherReplica.acquire(), "the other replica only serves reads");

            thisReplica.release();
            assertTrue(otherReplica.acquire(), "the other replica takes over once the writer stops");
            assertFalse(thisReplica.acquire(), "and the first one now stands by");
        } finally {
            otherReplica.release();
        }
        assertTrue(thisReplica.acquire());
    }

    @Test
    void aWriterWhoseDatabaseConnectionDiesLosesTheLock() {
        WriterLease otherReplica = new WriterLease(pool, db);
        try {
            assertTrue(thisReplica.acquire());
            assertEquals(1, lockHolders("COUNT(pg_terminate_backend(pid))"), "the writer's connection was cut");
            // The backend exits asynchronously after pg_terminate_backend.
            await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(() -> lockHolders("COUNT(*)") == 0);
            assertTrue(otherReplica.acquire(), "the lock died with the connection; another replica takes it");
            assertFalse(thisReplica.acquire(), "the old writer notices and stands by");
        } finally {
            otherReplica.release();
        }
        assertTrue(thisReplica.acquire());
    }

    private long lockHolders(String select) {
        return pool.query("SELECT " + select + " FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = "
                        + (WriterLease.LOCK_KEY & 0xffffffffL))
                .execute().await().indefinitely().iterator().next().getLong(0);
    }
}
