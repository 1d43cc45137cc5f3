package dev.govengine.contributions;

import dev.govengine.contributions.ReceiptRules.Candidate;
import dev.govengine.contributions.ReceiptRules.Checked;
import dev.govengine.contributions.ReceiptRules.Verified;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks and stores a batch of work receipts, one outcome per item in input order; the GraphQL mutation and the
 * NDJSON upload both come through here, so they follow the same rules.
 *
 * <p>Recovering the signer is nearly all the CPU a receipt costs (an elliptic-curve recovery and two keccaks), so
 * the batch is verified in slices on the worker pool, one per core, off the event loop.
 */
@ApplicationScoped
public class ReceiptIngestion {
    private static final int MIN_SLICE = 256;

    private final ReceiptStore store;

    @Inject
    public ReceiptIngestion(ReceiptStore store) {
        this.store = store;
    }

    public Uni<List<ReceiptOutcome>> submit(ReceiptContext context, List<ReceiptSubmission> submissions) {
        return verifyAll(context, submissions).chain(checked -> {
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

    /** Parses and verifies every item; the result keeps input order. */
    public Uni<List<Checked<Verified>>> verifyAll(ReceiptContext context, List<ReceiptSubmission> submissions) {
        int slices = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), submissions.size() / MIN_SLICE));
        int size = (submissions.size() + slices - 1) / slices;
        List<Uni<List<Checked<Verified>>>> work = new ArrayList<>();
        for (int start = 0; start < submissions.size(); start += size) {
            List<ReceiptSubmission> slice = submissions.subList(start, Math.min(submissions.size(), start + size));
            work.add(Uni.createFrom().item(() -> verifySlice(context, slice))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
        }
        if (work.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(work).andFailFast().map(parts -> {
            List<Checked<Verified>> all = new ArrayList<>(submissions.size());
            parts.forEach(all::addAll);
            return all;
        });
    }

    private static List<Checked<Verified>> verifySlice(ReceiptContext context, List<ReceiptSubmission> slice) {
        List<Checked<Verified>> checked = new ArrayList<>(slice.size());
        for (ReceiptSubmission submission : slice) {
            Checked<Candidate> parsed = ReceiptRules.parse(submission);
            checked.add(parsed.value() == null
                    ? new Checked<>(null, parsed.refusal())
                    : ReceiptRules.verify(parsed.value(), context));
        }
        return checked;
    }
}
