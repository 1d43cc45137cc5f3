package dev.govengine.cli;

import dev.govengine.rewards.allocation.EpochAllocation;
import dev.govengine.rewards.verify.EpochVerification;
import dev.govengine.rewards.verify.EpochVerifier;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.enterprise.inject.spi.CDI;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * {@code epoch verify} inside the booted service: one verification, its report, and the exit status. The argument is
 * the epoch, or {@value #PENDING} for the distributor's pending root.
 */
public class EpochVerifyApplication implements QuarkusApplication {
    static final String PENDING = "pending";

    @Override
    public int run(String... args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        EpochVerification verification;
        try {
            EpochVerifier verifier = CDI.current().select(EpochVerifier.class).get();
            verification = args[0].equals(PENDING) ? verifier.verifyPending() : verifier.verify(Long.parseLong(args[0]));
        } catch (RuntimeException e) {
            // A node or database that fails mid-way proves nothing about the root; running again later may.
            out.println((args[0].equals(PENDING) ? "pending root" : "epoch " + args[0]) + ": CANNOT VERIFY");
            out.println("  " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return EpochVerifyCommand.CANNOT_VERIFY;
        }
        return report(verification, out);
    }

    /** Prints the verification and returns the command's exit status for it. */
    public static int report(EpochVerification verification, PrintWriter out) {
        long epoch = verification.epoch();
        String subject = epoch == 0 ? "pending root" : "epoch " + epoch;
        switch (verification.verdict()) {
            case CANNOT_VERIFY -> {
                out.println(subject + ": CANNOT VERIFY");
                out.println("  " + verification.reason());
                return EpochVerifyCommand.CANNOT_VERIFY;
            }
            case NOTHING_PENDING -> {
                out.println("pending root: NONE");
                out.println("  " + verification.reason());
                return EpochVerifyCommand.MATCH;
            }
            default -> {
                if (verification.recomputed() == null) {
                    out.println(subject + ": " + verification.verdict());
                    out.println("  " + verification.reason());
                    return EpochVerifyCommand.MISMATCH;
                }
            }
        }
        EpochVerification.Recomputed recomputed = verification.recomputed();
        EpochAllocation allocation = recomputed.allocation();
        out.println("epoch " + epoch + ": " + verification.verdict());
        out.println("  " + verification.reason());
        out.println("blocks             " + recomputed.firstBlock() + " to " + recomputed.endBlock());
        out.println("policy version     " + recomputed.policyVersion());
        out.println("contributions      " + recomputed.depinReceipts() + " DePIN receipts, "
                + recomputed.rollupContributions() + " rollup contributions, " + recomputed.governanceVotes()
                + " governance votes");
        out.println("paid               " + allocation.paid() + " to " + allocation.payouts().size() + " accounts, carry "
                + allocation.carryOut());
        out.println("recomputed root    " + recomputed.root().map(Object::toString).orElse("none (nobody paid yet)"));
        out.println("recomputed total   " + recomputed.totalCumulative() + " over " + recomputed.leaves() + " accounts");
        out.println("on-chain root      " + verification.onChain().root() + " (" + verification.onChain().status()
                + ", live at " + verification.onChain().liveAt() + ")");
        out.println("on-chain total     " + verification.onChain().totalCumulative());
        out.println("stored root        " + verification.stored()
                .map(stored -> stored.root() + (verification.storedAgrees().orElseThrow()
                        ? " (agrees with the recomputation)" : " (DIFFERS from the recomputation)"))
                .orElse("none (this database's lifecycle has not stored the epoch)"));
        return verification.verdict() == EpochVerification.Verdict.MATCH ? EpochVerifyCommand.MATCH
                : EpochVerifyCommand.MISMATCH;
    }
}
