package dev.govengine.persistence;

import dev.govengine.config.EngineConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * PostgreSQL LISTEN for this process, on one connection of its own for every channel, made with the reactive
 * datasource's connect options ({@link ReactiveDatasource}), so TLS, credentials and every other
 * {@code quarkus.datasource.*} setting apply to it as to the pool. A notification sent while no connection listens is
 * lost for good, so a lost connection is reported to every listener at once (each must then assume that anything may
 * have changed), and a new connection is made after a delay; each listener hears when its channel is listened to
 * again.
 *
 * <p>A hot standby takes no LISTEN and gets no notification: there the same notifications are read from the change
 * log, which the writes' triggers fill in the same transactions (migration V38), every
 * {@code gov.api.change-poll-interval}, in commit order, and delivered to the same listeners as NOTIFY would. The
 * log persists, so a lost connection loses nothing there; only a reader that fell behind the writer's pruning
 * reports a loss. A standby promoted to primary keeps its log, so a reader that started polling goes on polling.
 *
 * <p>On a standby, {@link #caughtUp()} lets a reader wait for the changes the server had replayed when it asked: it is
 * released by the first read of the log that starts after it asked. One read runs at a time; while anyone waits, the
 * next starts as soon as one ends, and otherwise after the interval.
 */
@ApplicationScoped
public class PgNotifications {
    private static final Logger LOG = Logger.getLogger(PgNotifications.class);
    private static final long RECONNECT_DELAY_MILLIS = 1_000;

    /** What one channel's listener is told. Callbacks run on a Vert.x event loop: they must not block. */
    public interface Listener {
        /** LISTEN is in effect: the first time, and again after each lost connection. */
        default void listening() {
        }

        void notified(String payload);

        /** The connection is gone; notifications until the next {@link #listening()} are lost. */
        default void lost() {
        }
    }

    private record Registration(String channel, Listener listener) {
    }

    private final Vertx vertx;
    private final ReactiveDatasource datasource;
    private final boolean configured;
    private final Duration pollInterval;
    private final List<Registration> registrations = new ArrayList<>();
    private PgSubscriber subscriber;
    /** The subscriber whose connection succeeded: its close is a loss, where others' are failed attempts. */
    private PgSubscriber established;
    private boolean stopping;
    /** Whether a connection attempt (the check for a standby, then LISTEN or the log) is under way or in effect. */
    private boolean connecting;
    /** On a standby: the connection the log is read on, null between connections. */
    private PgConnection reader;
    /** On a standby: the number of the last committed transaction whose entries were delivered; -1 before the start. */
    private long position = -1;
    /** On a standby: the callers of {@link #caughtUp()} that the next read to start releases. */
    private List<Promise<Void>> waiting = new ArrayList<>();
    /** On a standby: the timer of the next read while none runs and no one waits; -1 otherwise. */
    private long idle = -1;

    @Inject
    public PgNotifications(Vertx vertx, ReactiveDatasource datasource,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> reactiveUrl,
            EngineConfig config) {
        this.vertx = vertx;
        this.datasource = datasource;
        this.configured = reactiveUrl.isPresent();
        this.pollInterval = config.api().changePollInterval();
    }

    /**
     * Listens to {@code channel} from now on. Without {@code quarkus.datasource.reactive.url} nothing can listen:
     * the listener never hears {@link Listener#listening()}.
     */
    public synchronized void listen(String channel, Listener listener) {
        Registration registration = new Registration(channel, listener);
        registrations.add(registration);
        if (!configured) {
            LOG.warnf("no quarkus.datasource.reactive.url, so nothing listens to PostgreSQL channel %s", channel);
            return;
        }
        if (stopping) {
            return;
        }
        if (position >= 0) {
            listener.listening();
        } else if (!connecting) {
            connecting = true;
            connect();
        } else if (subscriber != null) {
            register(subscriber, registration);
        }
    }

    /**
     * Done once every notification committed before this call, as far as the server has replayed it, has been
     * delivered to the listeners; failed if the log cannot be read. Null where nothing is read from the log (LISTEN
     * delivers as the commits happen, or nothing listens yet): there is nothing to wait for.
     */
    public synchronized Future<Void> caughtUp() {
        if (position < 0 || stopping) {
            return null;
        }
        Promise<Void> caller = Promise.promise();
        waiting.add(caller);
        // A read that already runs may have asked before this caller came: the next one releases it. Only a read
        // waiting out the interval is started early.
        if (idle >= 0 && vertx.cancelTimer(idle)) {
            read();
        }
        return caller.future();
    }

    /**
     * Asks the server whether it is a standby, on a connection of its own: LISTEN where it is not, the log where it is
     * (and from then on, since the log still holds every change after a promotion).
     */
    private synchronized void connect() {
        if (position >= 0) {
            read();
            return;
        }
        PgConnection.connect(vertx, datasource.primary())
                .compose(connection -> connection.query("SELECT pg_is_in_recovery() AS standby").execute()
                        .onFailure(failure -> connection.close())
                        .onSuccess(rows -> {
                            if (rows.iterator().next().getBoolean("standby")) {
                                startReading(connection);
                            } else {
                                connection.close();
                                subscribe();
                            }
                        }))
                .onFailure(failure -> retry("cannot connect to PostgreSQL for notifications (%s); retrying in %d ms",
                        failure));
    }

    private synchronized void retry(String message, Throwable failure) {
        if (!stopping) {
            LOG.warnf(message, failure.getMessage(), RECONNECT_DELAY_MILLIS);
            vertx.setTimer(RECONNECT_DELAY_MILLIS, timer -> connect());
        }
    }

    private synchronized void startReading(PgConnection connection) {
        LOG.infof("the database is a hot standby: reading the change log every %d ms instead of LISTEN",
                pollInterval.toMillis());
        connection.query(ChangeLog.START).execute()
                .onFailure(failure -> {
                    connection.close();
                    retry("cannot read the change log (%s); retrying in %d ms", failure);
                })
                .onSuccess(rows -> started(connection, rows.iterator().next().getLong("position")));
    }

    private void started(PgConnection connection, long at) {
        List<Registration> listeners;
        synchronized (this) {
            reader = connection;
            position = at;
            listeners = List.copyOf(registrations);
        }
        listeners.forEach(registration -> registration.listener().listening());
        next();
    }

    /** The next read: at once if anyone waits for one, after the interval otherwise. */
    private synchronized void next() {
        if (waiting.isEmpty()) {
            idle = vertx.setTimer(pollInterval.toMillis(), timer -> read());
        } else {
            read();
        }
    }

    /** One read of the log, then the next; a failed read is retried on a new connection. */
    private synchronized void read() {
        idle = -1;
        if (stopping) {
            failWaiting(new IllegalStateException("stopping"));
            return;
        }
        if (reader == null) {
            PgConnection.connect(vertx, datasource.primary())
                    .onSuccess(connection -> {
                        synchronized (this) {
                            reader = connection;
                        }
                        read();
                    })
                    .onFailure(failure -> {
                        failWaiting(failure);
                        retry("cannot connect to read the change log (%s); retrying in %d ms", failure);
                    });
            return;
        }
        PgConnection on = reader;
        long from = position;
        // Taken before the query is sent: each caller released by this read asked before it started.
        List<Promise<Void>> released = waiting;
        waiting = new ArrayList<>();
        on.preparedQuery(ChangeLog.READ).execute(Tuple.of(from))
                .onSuccess(rows -> {
                    ChangeLog.Read read = ChangeLog.read(from, rows);
                    deliver(read);
                    if (read.more()) {
                        // A backlog longer than one read: its callers wait for the read that reaches the end.
                        synchronized (this) {
                            waiting.addAll(released);
                        }
                        read();
                    } else {
                        release(released, null);
                        next();
                    }
                })
                .onFailure(failure -> {
                    synchronized (this) {
                        reader = null;
                    }
                    on.close();
                    release(released, failure);
                    failWaiting(failure);
                    retry("cannot read the change log (%s); retrying in %d ms", failure);
                });
    }

    private void failWaiting(Throwable failure) {
        List<Promise<Void>> failed;
        synchronized (this) {
            failed = waiting;
            waiting = new ArrayList<>();
        }
        release(failed, failure);
    }

    /** Completes the callers of {@link #caughtUp()}, or fails them with {@code failure}. */
    private static void release(List<Promise<Void>> callers, Throwable failure) {
        for (Promise<Void> caller : callers) {
            if (failure == null) {
                caller.complete();
            } else {
                caller.fail(failure);
            }
        }
    }

    private void deliver(ChangeLog.Read read) {
        List<Registration> listeners;
        synchronized (this) {
            position = read.position();
            listeners = List.copyOf(registrations);
        }
        if (read.pruned()) {
            LOG.warn("the change log was pruned past this replica's position: taking everything as changed");
            listeners.forEach(registration -> registration.listener().lost());
            listeners.forEach(registration -> registration.listener().listening());
        }
        for (ChangeLog.Entry entry : read.entries()) {
            for (Registration registration : listeners) {
                if (registration.channel().equals(entry.channel())) {
                    registration.listener().notified(entry.payload());
                }
            }
        }
    }

    /**
     * A fresh subscriber per connection: without a reconnect policy, PgSubscriber reports every loss through its close
     * handler (where its own reconnection would hide it), and forgets its channels there.
     */
    private synchronized void subscribe() {
        if (stopping) {
            return;
        }
        PgSubscriber next = PgSubscriber.subscriber(vertx, datasource.primary());
        registrations.forEach(registration -> register(next, registration));
        next.closeHandler(ignored -> closed(next));
        subscriber = next;
        next.connect()
                .onSuccess(connected -> established(next))
                .onFailure(failure -> LOG.warnf("cannot LISTEN (%s); retrying in %d ms", failure.getMessage(),
                        RECONNECT_DELAY_MILLIS));
    }

    private static void register(PgSubscriber to, Registration registration) {
        to.channel(registration.channel())
                .subscribeHandler(ignored -> registration.listener().listening())
                .handler(registration.listener()::notified);
    }

    private synchronized void established(PgSubscriber which) {
        established = which;
    }

    private synchronized void closed(PgSubscriber which) {
        if (which != subscriber || stopping) {
            return;
        }
        if (which == established) {
            LOG.warnf("lost the PostgreSQL LISTEN connection; reconnecting in %d ms", RECONNECT_DELAY_MILLIS);
        }
        registrations.forEach(registration -> registration.listener().lost());
        vertx.setTimer(RECONNECT_DELAY_MILLIS, timer -> reconnect(which));
    }

    private synchronized void reconnect(PgSubscriber lost) {
        if (lost == subscriber && !stopping) {
            subscribe();
        }
    }

    synchronized void stop(@Observes ShutdownEvent stopped) {
        stopping = true;
        if (subscriber != null) {
            subscriber.close();
        }
        if (reader != null) {
            reader.close();
        }
        failWaiting(new IllegalStateException("stopping"));
    }
}
