package dev.govengine.contributions;

import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import dev.govengine.types.InvalidAddressException;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * The checks a receipt passes before storage, in the order of {@link ReceiptCode}: its form and ranges without any
 * context ({@link #parse}), then the signer and the epoch against the request's {@link ReceiptContext}
 * ({@link #verify}). Whether the epoch is still open and the job id new are decided where the receipt is stored.
 */
public final class ReceiptRules {
    public static final int MAX_QUALITY_BPS = 10_000;
    private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]*");
    private static final Pattern BYTES32 = Pattern.compile("0x[0-9a-fA-F]{64}");

    private ReceiptRules() {
    }

    /** A receipt whose fields are well formed and in range; its signature is not checked yet. */
    public record Candidate(WorkReceipt receipt, ReceiptSignature signature) {
        public String jobIdHex() {
            return receipt.jobId().toHex();
        }
    }

    /**
     * A candidate signed by a verifier of the policy in force, for an epoch that has started. The job id's hex is
     * made once here, on the worker thread: storage sorts and compares by it, on the event loop.
     */
    public record Verified(WorkReceipt receipt, ReceiptSignature signature, ChecksumAddress verifier, String jobIdHex) {
        Verified(WorkReceipt receipt, ReceiptSignature signature, ChecksumAddress verifier) {
            this(receipt, signature, verifier, receipt.jobId().toHex());
        }
    }

    /** One item between the checks: either its value so far, or why it was refused. */
    public record Checked<T>(T value, ReceiptOutcome refusal) {
        static <T> Checked<T> ok(T value) {
            return new Checked<>(value, null);
        }

        static <T> Checked<T> refused(String jobId, ReceiptCode code, String message) {
            return new Checked<>(null, ReceiptOutcome.refused(jobId, code, message));
        }
    }

    public static Checked<Candidate> parse(ReceiptSubmission input) {
        String jobIdAsSent = input.jobId();
        try {
            ChecksumAddress provider;
            try {
                provider = ChecksumAddress.of(input.provider());
            } catch (InvalidAddressException e) {
                throw new Refusal(ReceiptCode.BAD_ADDRESS, "provider: " + e.getMessage());
            }
            BigInteger epoch = uint64("epoch", input.epoch());
            if (epoch.signum() == 0) {
                throw new Refusal(ReceiptCode.OUT_OF_RANGE, "epoch: epochs start at 1");
            }
            if (input.jobId() == null || !BYTES32.matcher(input.jobId()).matches()) {
                throw new Refusal(ReceiptCode.BAD_INPUT, "jobId: '" + input.jobId()
                        + "' is not a bytes32: expected 0x followed by 64 hex digits");
            }
            Bytes32 jobId = Bytes32.fromHex(input.jobId());
            jobIdAsSent = jobId.toHex();
            int gpuClass = (int) bounded("gpuClass", input.gpuClass(), 0xff);
            BigInteger gpuSeconds = uint64("gpuSeconds", input.gpuSeconds());
            if (gpuSeconds.signum() == 0) {
                throw new Refusal(ReceiptCode.OUT_OF_RANGE, "gpuSeconds: a receipt must be for some work, not 0 seconds");
            }
            int qualityBps = (int) bounded("qualityBps", input.qualityBps(), MAX_QUALITY_BPS);
            ReceiptSignature signature;
            try {
                signature = ReceiptSignature.parse(input.signature());
            } catch (InvalidSignatureException e) {
                throw new Refusal(ReceiptCode.BAD_SIGNATURE, e.getMessage());
            }
            return Checked.ok(new Candidate(new WorkReceipt(provider, epoch, jobId, gpuClass, gpuSeconds, qualityBps),
                    signature));
        } catch (Refusal refusal) {
            return Checked.refused(jobIdAsSent, refusal.code, refusal.getMessage());
        }
    }

    /** The epoch against the current one, then the signer against the verifier set. */
    public static Checked<Verified> verify(Candidate candidate, ReceiptContext context) {
        WorkReceipt receipt = candidate.receipt();
        if (receipt.epoch().compareTo(BigInteger.valueOf(context.currentEpoch())) > 0) {
            return Checked.refused(candidate.jobIdHex(), ReceiptCode.OUT_OF_RANGE, "epoch: " + receipt.epoch()
                    + " is after the current epoch " + context.currentEpoch());
        }
        ChecksumAddress signer;
        try {
            signer = candidate.signature().recover(context.hasher().digest(receipt));
        } catch (InvalidSignatureException e) {
            return Checked.refused(candidate.jobIdHex(), ReceiptCode.BAD_SIGNATURE, e.getMessage());
        }
        if (!context.verifiers().contains(signer)) {
            return Checked.refused(candidate.jobIdHex(), ReceiptCode.UNKNOWN_VERIFIER, "signed by " + signer
                    + ", which is not a verifier of the policy in force");
        }
        return Checked.ok(new Verified(receipt, candidate.signature(), signer));
    }

    private static BigInteger uint64(String name, String decimal) {
        if (decimal == null) {
            throw new Refusal(ReceiptCode.BAD_INPUT, name + ": is missing");
        }
        if (!DECIMAL.matcher(decimal).matches()) {
            throw new Refusal(ReceiptCode.BAD_INPUT, name + ": '" + abbreviated(decimal)
                    + "' is not a decimal integer without sign or leading zeros");
        }
        if (decimal.length() > 20 || new BigInteger(decimal).compareTo(WorkReceipt.UINT64_MAX) > 0) {
            throw new Refusal(ReceiptCode.OUT_OF_RANGE, name + ": " + abbreviated(decimal) + " is not a uint64");
        }
        return new BigInteger(decimal);
    }

    private static long bounded(String name, Long value, long max) {
        if (value == null) {
            throw new Refusal(ReceiptCode.BAD_INPUT, name + ": is missing");
        }
        if (value < 0 || value > max) {
            throw new Refusal(ReceiptCode.OUT_OF_RANGE, name + ": " + value + " is outside 0.." + max);
        }
        return value;
    }

    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    /** A refusal on the way through parse; without a stack trace, as a bulk upload can refuse thousands. */
    private static final class Refusal extends RuntimeException {
        private final ReceiptCode code;

        Refusal(ReceiptCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
