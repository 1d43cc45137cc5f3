package dev.govengine.rewards.lifecycle;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Runs the epoch lifecycle every {@code gov.rewards.epochs.tick-interval}, on the one replica that holds the epoch
 * lock, so several replicas never submit twice. The lock is separate from the indexer's: the replica that indexes
 * need not be the one that submits, and a long submission never holds up the index.
 */
@ApplicationScoped
public class EpochScheduler {
    private static final Logger LOG = Logger.getLogger(EpochScheduler.class);
    private final EpochLifecycle lifecycle;
    private final EpochDriverLock lock;
    private String lastFailure;

    @Inject
    public EpochScheduler(EpochLifecycle lifecycle, EpochDriverLock lock) {
        this.lifecycle = lifecycle;
        this.lock = lock;
    }

    @Scheduled(identity = "reward-epochs", every = "${gov.rewards.epochs.tick-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            if (!lock.acquire()) {
                return;
            }
            lifecycle.advanceAll();
            lastFailure = null;
        } catch (EpochLifecycleBusyException busy) {
            // An operator's step is running; the next tick goes on from where it leaves the epochs.
            LOG.debugf("Reward epochs: tick skipped: %s", busy.getMessage());
        } catch (RuntimeException failure) {
            // A node or database outage fails every tick alike; say so once, with the stack trace, and again when
            // the reason changes. Repeats carry it at DEBUG.
            String message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
            if (!message.equals(lastFailure)) {
                LOG.errorf(failure, "Reward epochs: %s (retried every tick)", message);
                lastFailure = message;
            } else {
                LOG.debugf(failure, "Reward epochs: still failing: %s", message);
            }
        }
    }
}
