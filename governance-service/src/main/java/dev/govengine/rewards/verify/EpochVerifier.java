package dev.govengine.rewards.verify;

import dev.govengine.chain.BlockHeader;
import dev.govengine.persistence.WorkerDb;
import dev.govengine.rewards.allocation.CumulativeAmounts;
import dev.govengine.rewards.computation.EpochComputation;
import dev.govengine.rewards.epoch.EpochCalendar;
import dev.govengine.rewards.epoch.EpochWindow;
import dev.govengine.rewards.inputs.EpochContributionReader;
import dev.govengine.rewards.lifecycle.EpochChain;
import dev.govengine.rewards.lifecycle.EpochNotReadyException;
import dev.govengine.rewards.policy.PolicyHistory;
import dev.govengine.rewards.policy.PolicySnapshot;
import dev.govengine.rewards.store.RewardStore;
import dev.govengine.rewards.store.StoredEpoch;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.jboss.logging.Logger;

/**
 * Recomputes an epoch from the index and the chain alone and compares it with the root the distributor holds: what a
 * disputer runs. Every epoch from 1 up to the one asked is recomputed in turn, its blocks found by timestamp as the
 * lifecycle finds them, under the policy in force at its last block, with the carry and cumulative amounts of this
 * recomputation's previous epoch. The stored results are read only to report whether they agree: a verifier that
 * started from them would repeat any mistake they hold.
 */
@ApplicationScoped
@Unremovable // looked up by the command line's application, never injected, so the container would drop it
public class EpochVerifier {
    private static final Logger LOG = Logger.getLogger(EpochVerifier.class);

    private final EpochChain chain;
    private final PolicyHistory policies;
    private final EpochContributionReader contributions;
    private final RewardStore store;
    private final WorkerDb db;

    @Inject
    public EpochVerifier(EpochChain chain, PolicyHistory policies, EpochContributionReader contributions,
            RewardStore store, WorkerDb db) {
        this.chain = chain;
        this.policies = policies;
        this.contributions = contributions;
        this.store = store;
        this.db = db;
    }

    /**
     * Verifies {@code epoch}. It cannot be verified while its last block is not final, while the index has not read
     * through that block (contributions and policy changes would be missing), or while the distributor holds no root
     * for it; the verification then says why, and compares nothing.
     */
    public EpochVerification verify(long epoch) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epochs are numbered from 1, not " + epoch);
        }
        EpochChain.Context context;
        try {
            Optional<EpochChain.Context> found = chain.context();
            if (found.isEmpty()) {
                return EpochVerification.cannotVerify(epoch, "no contract deployment is configured (gov.deployment-file)");
            }
            context = found.get();
        } catch (EpochNotReadyException e) {
            return EpochVerification.cannotVerify(epoch, e.getMessage());
        }
        Optional<EpochCalendar> calendar = chain.calendar(context);
        if (calendar.isEmpty()) {
            return EpochVerification.cannotVerify(epoch, "the RewardPolicy " + context.deployment().rewardPolicy().address()
                    + " is not indexed yet, so the epochs' boundaries are unknown");
        }
        BlockHeader finalized = chain.finalizedHead(context);
        EpochWindow window = calendar.get().window(epoch);
        if (window.endTimestamp() > finalized.timestamp()) {
            return EpochVerification.cannotVerify(epoch, "epoch " + epoch + " ends at " + window.endTimestamp()
                    + "; the newest final block " + finalized.number() + " is at " + finalized.timestamp()
                    + ", so the epoch's blocks are not all final yet");
        }
        if (!chain.governorIndexed(context)) {
            return EpochVerification.cannotVerify(epoch, "the deployment's Governor "
                    + context.deployment().governor().address() + " is not indexed (it must be among gov.governors):"
                    + " its votes are the governance program's input");
        }
        List<EpochChain.EpochBlocks> blocks = new ArrayList<>();
        Long previousEnd = null;
        for (long k = 1; k <= epoch; k++) {
            EpochChain.EpochBlocks found = chain.blocks(context, calendar.get().window(k), previousEnd, finalized);
            blocks.add(found);
            previousEnd = found.endBlock();
        }
        long endBlock = previousEnd;
        OptionalLong indexed = chain.indexedThrough(context);
        if (indexed.isEmpty() || indexed.getAsLong() < endBlock) {
            return EpochVerification.cannotVerify(epoch, "the index has read through block "
                    + (indexed.isEmpty() ? "none yet" : indexed.getAsLong()) + "; epoch " + epoch + " ends with block "
                    + endBlock);
        }
        EpochChain.RootOnChain onChain = chain.epochRoot(context, epoch);
        if (onChain.status() == EpochChain.RootStatus.NONE) {
            return EpochVerification.cannotVerify(epoch, "the distributor "
                    + context.deployment().rewardDistributor().address() + " holds no root for epoch " + epoch);
        }

        BigInteger carry = BigInteger.ZERO;
        CumulativeAmounts cumulative = CumulativeAmounts.empty();
        EpochVerification.Recomputed recomputed = null;
        for (long k = 1; k <= epoch; k++) {
            EpochChain.EpochBlocks span = blocks.get((int) (k - 1));
            PolicySnapshot policy = db.await(policies.inForceAtBlock(span.endBlock()),
                    "reading the RewardPolicy in force at block " + span.endBlock()).orElse(null);
            if (policy == null) {
                return EpochVerification.cannotVerify(epoch, "no RewardPolicy version is in force at block "
                        + span.endBlock() + ", the end of epoch " + k);
            }
            EpochWindow spanWindow = calendar.get().window(k);
            EpochComputation.Contributions inputs = db.await(contributions.read(new EpochContributionReader.Scope(
                    context.deployment().chainId(), context.deployment().rewardPolicy().address(), policy.verifiers(),
                    context.governorId(), chain.rollupContracts(), k, span.firstBlock(), span.endBlock(),
                    spanWindow.startTimestamp(), spanWindow.endTimestamp())), "reading the contributions of epoch " + k);
            EpochComputation.Result result = EpochComputation.compute(policy, chain.rollupKinds(), carry, cumulative,
                    inputs);
            carry = result.allocation().carryOut();
            cumulative = result.cumulative();
            LOG.debugf("Recomputed epoch %d: blocks %d to %d, root %s", k, span.firstBlock(), span.endBlock(),
                    result.root().map(Object::toString).orElse("none"));
            if (k == epoch) {
                recomputed = new EpochVerification.Recomputed(span.firstBlock(), span.endBlock(), policy.version(),
                        inputs.depin().size(), inputs.rollup().size(), inputs.governance().size(), result.allocation(),
                        result.root(), cumulative.total(), cumulative.size());
            }
        }
        Optional<StoredEpoch> stored = db.await(store.epoch(epoch), "reading the stored result of epoch " + epoch);
        return compare(epoch, recomputed, onChain, stored);
    }

    /**
     * Verifies the root in the distributor's dispute window (or under dispute), whatever its epoch: what a disputer's
     * cron runs. A root for an epoch that has not ended by the newest final block (or whose number no calendar
     * reaches) cannot have been computed honestly, and is a mismatch without a recomputation.
     */
    public EpochVerification verifyPending() {
        EpochChain.Context context;
        try {
            Optional<EpochChain.Context> found = chain.context();
            if (found.isEmpty()) {
                return EpochVerification.cannotVerify(0, "no contract deployment is configured (gov.deployment-file)");
            }
            context = found.get();
        } catch (EpochNotReadyException e) {
            return EpochVerification.cannotVerify(0, e.getMessage());
        }
        Optional<EpochChain.HeldRoot> pending = chain.heldRoots(context).stream()
                .filter(root -> !root.state().equals("LIVE")).findFirst();
        if (pending.isEmpty()) {
            return EpochVerification.nothingPending("the distributor " + context.deployment().rewardDistributor().address()
                    + " holds no root in its dispute window");
        }
        BigInteger epoch = pending.get().epoch();
        String premature = "the distributor's pending root " + pending.get().root() + " is for epoch " + epoch;
        if (epoch.signum() <= 0 || epoch.bitLength() >= 64) {
            return EpochVerification.prematureRoot(premature + ", which no epoch calendar reaches");
        }
        Optional<EpochCalendar> calendar = chain.calendar(context);
        if (calendar.isPresent()) {
            BlockHeader finalized = chain.finalizedHead(context);
            long end = calendar.get().window(epoch.longValueExact()).endTimestamp();
            if (end > finalized.timestamp()) {
                return EpochVerification.prematureRoot(premature + ", which ends at " + end + ", after the newest final"
                        + " block " + finalized.number() + " (at " + finalized.timestamp() + "): nobody can have"
                        + " computed it yet");
            }
        }
        return verify(epoch.longValueExact());
    }

    private static EpochVerification compare(long epoch, EpochVerification.Recomputed recomputed,
            EpochChain.RootOnChain onChain, Optional<StoredEpoch> stored) {
        List<String> differences = new ArrayList<>();
        if (recomputed.root().isEmpty()) {
            differences.add("nobody has earned anything up to epoch " + epoch + ", so it has no tree, but the"
                    + " distributor holds root " + onChain.root());
        } else if (!recomputed.root().get().equals(onChain.root())) {
            differences.add("the distributor holds root " + onChain.root() + ", the recomputation gives "
                    + recomputed.root().get());
        }
        if (!recomputed.totalCumulative().equals(onChain.totalCumulative())) {
            differences.add("the distributor's totalCumulative is " + onChain.totalCumulative()
                    + ", the recomputation's " + recomputed.totalCumulative());
        }
        if (differences.isEmpty()) {
            return new EpochVerification(epoch, EpochVerification.Verdict.MATCH,
                    "the distributor holds the recomputed root and total", recomputed, onChain, stored);
        }
        return new EpochVerification(epoch, EpochVerification.Verdict.MISMATCH, String.join("; ", differences),
                recomputed, onChain, stored);
    }
}
