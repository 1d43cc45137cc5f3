package dev.govengine.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A worker's wait for the database: bounded, and when it runs out, the failure says what was waited for. */
class WorkerDbTest {
    private final WorkerDb db = new WorkerDb(Duration.ofMillis(200));

    @Test
    void aWaitPastTheTimeoutFailsNamingWhatWasWaitedFor() {
        DatabaseTimeoutException late = assertThrows(DatabaseTimeoutException.class,
                () -> db.await(Uni.createFrom().nothing(), "reading the cursor of eip155:1:0xabc"));
        assertEquals("the database gave no answer within PT0.2S (gov.database.worker-timeout) while reading the"
                + " cursor of eip155:1:0xabc", late.getMessage());
    }

    @Test
    void anAnswerInTimeIsReturned() {
        assertEquals(42, db.await(Uni.createFrom().item(42).onItem().delayIt().by(Duration.ofMillis(20)), "a read"));
    }

    @Test
    void aFailureOfTheWorkIsThrownAsItIs() {
        IllegalStateException refused = new IllegalStateException("duplicate key");
        assertSame(refused, assertThrows(IllegalStateException.class,
                () -> db.await(Uni.createFrom().failure(refused), "a write")));
    }
}
