package dev.govengine.sync;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * Work a module above the pipeline must commit together with what a governor's {@link IndexedNotice} announces, such
 * as an outbox of the state changes the range caused: it runs inside the transaction that sends the notice, after the
 * rows and the cursor are written, so it sees them and lands or rolls back with them. Every CDI bean implementing it
 * runs, in no particular order.
 */
public interface IndexedHook {
    Uni<Void> indexed(SqlClient tx, IndexedNotice notice);

    /** Every hook on {@code tx}, one after the other, then the notice itself. */
    static Uni<Void> runAndSend(Iterable<IndexedHook> hooks, SqlClient tx, IndexedNotice notice) {
        Uni<Void> steps = Uni.createFrom().voidItem();
        for (IndexedHook hook : hooks) {
            steps = steps.chain(() -> hook.indexed(tx, notice));
        }
        return steps.chain(() -> notice.send(tx));
    }
}
