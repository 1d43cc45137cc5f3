package dev.govengine.contributions;

import dev.govengine.contributions.ReceiptRules.Candidate;
import dev.govengine.contributions.ReceiptRules.Checked;
import dev.govengine.contributions.ReceiptRules.Verified;
import dev.govengine.config.EngineConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks and stores a batch of work receipts, one outcome per item in input order; the GraphQL mutation and the
 * NDJSON upload both come through here, so they follow the same rules.
 *
 * <p>Recovering the signer is nearly all the CPU a receipt costs (an elliptic-curve recovery and two keccaks), so
 * the batch is verified in slices on the worker pool, one per core, off the event loop, within a time budget that
 * stops the work itself, not only the answer.
 */
@ApplicationScoped
public class ReceiptIngestion {
    private static final int MIN_SLICE = 256;

    private final ReceiptStore store;
    private final EngineConfig config;
    private final Counter verified;

    @Inject
    public ReceiptIngestion(ReceiptStore store, EngineConfig config, MeterRegistry registry) {
        this.store = store;
        this.config = config;
        this.verified = Counter.builder("gov.receipts.verified")
                .description("Receipt signatures recovered, whether the receipt was then accepted or not")
                .register(registry);
    }

    public Uni<List<ReceiptOutcome>> submit(ReceiptContext context, List<ReceiptSubmission> submissions) {
        List<Checked<Candidate>> parsed = new ArrayList<>(submissions.size());
        submissions.forEach(submission -> parsed.add(ReceiptRules.parse(submission)));
        return submitParsed(context, parsed);
    }

    /**
     * Verifies and stores receipts already parsed (the NDJSON upload parses each line as it arrives, keeping only
     * this compact form), within gov.receipts.verify-timeout: past it the verification stops, on every slice, and
     * the whole batch fails with {@link ReceiptsTimeoutException}, nothing stored.
     */
    public Uni<List<ReceiptOutcome>> submitParsed(ReceiptContext context, List<Checked<Candidate>> parsed) {
        Duration budget = config.receipts().verifyTimeout();
        return verifyAll(context, parsed, System.nanoTime() + budget.toNanos(), budget).chain(checked -> {
            List<Verified> valid = new ArrayList<>();
            for (Checked<Verified> each : checked) {
                if (each.value() != null) {
                    valid.add(each.value());
                }
            }
            return store.store(context.chainId(), context.policy().toString(), context.calendar(), valid)
                    .map(stored -> {
                        List<ReceiptOutcome> outcomes = new ArrayList<>(checked.size());
                        int next = 0;
                        for (Checked<Verified> each : checked) {
                            outcomes.add(each.value() != null ? stored.get(next++) : each.refusal());
                        }
                        return outcomes;
                    });
        });
    }

    /** Verifies every parsed item by {@code deadline} ({@link System#nanoTime}); the result keeps input order. */
    Uni<List<Checked<Verified>>> verifyAll(ReceiptContext context, List<Checked<Candidate>> parsed, long deadline,
            Duration budget) {
        int slices = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), parsed.size() / MIN_SLICE));
        int size = (parsed.size() + slices - 1) / slices;
        List<Uni<List<Checked<Verified>>>> work = new ArrayList<>();
        for (int start = 0; start < parsed.size(); start += size) {
            List<Checked<Candidate>> slice = parsed.subList(start, Math.min(parsed.size(), start + size));
            work.add(Uni.createFrom().item(() -> verifySlice(context, slice, deadline, budget))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
        }
        if (work.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(work).andFailFast().map(parts -> {
            List<Checked<Verified>> all = new ArrayList<>(parsed.size());
            parts.forEach(all::addAll);
            return all;
        });
    }

    /** Checks the clock before each signature, so a slice stops within one recovery of the deadline. */
    private List<Checked<Verified>> verifySlice(ReceiptContext context, List<Checked<Candidate>> slice, long deadline,
            Duration budget) {
        List<Checked<Verified>> checked = new ArrayList<>(slice.size());
        for (Checked<Candidate> parsed : slice) {
            if (parsed.value() == null) {
                checked.add(new Checked<>(null, parsed.refusal()));
                continue;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ReceiptsTimeoutException("verifying the receipts ran out of its " + budget
                        + " budget (gov.receipts.verify-timeout); nothing was stored");
            }
            checked.add(ReceiptRules.verify(parsed.value(), context));
            verified.increment();
        }
        return checked;
    }
}
