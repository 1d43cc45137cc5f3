package dev.govengine.persistence;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
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
    private final List<Registration> registrations = new ArrayList<>();
    private PgSubscriber subscriber;
    /** The subscriber whose connection succeeded: its close is a loss, where others' are failed attempts. */
    private PgSubscriber established;
    private boolean stopping;

    @Inject
    public PgNotifications(Vertx vertx, ReactiveDatasource datasource,
            @ConfigProperty(name = "quarkus.datasource.reactive.url") Optional<String> reactiveUrl) {
        this.vertx = vertx;
        this.datasource = datasource;
        this.configured = reactiveUrl.isPresent();
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
        if (subscriber == null) {
            connect();
        } else {
            register(subscriber, registration);
        }
    }

    /**
     * A fresh subscriber per connection: without a reconnect policy, PgSubscriber reports every loss through its close
     * handler (where its own reconnection would hide it), and forgets its channels there.
     */
    private void connect() {
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
            connect();
        }
    }

    synchronized void stop(@Observes ShutdownEvent stopped) {
        stopping = true;
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
