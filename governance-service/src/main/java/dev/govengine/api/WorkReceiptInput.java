package dev.govengine.api;

import dev.govengine.contributions.ReceiptSubmission;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

@Input("WorkReceiptInput")
@Description("A DePIN work receipt signed by a verifier: the fields of the EIP-712 WorkReceipt and the signature.")
public record WorkReceiptInput(
        @NonNull @Description("The provider credited with the work; any case, EIP-55 checked when mixed case.") String provider,
        @NonNull @Description("The reward epoch (uint64), decimal.") String epoch,
        @NonNull @Description("The job's id (bytes32): 0x and 64 hex digits. Counted once per policy contract.") String jobId,
        @Description("The GPU class (uint8).") int gpuClass,
        @NonNull @Description("GPU seconds of work (uint64, at least 1), decimal.") String gpuSeconds,
        @Description("Quality in basis points, 0..10000.") int qualityBps,
        @NonNull @Description("The verifier's EIP-712 signature: 0x and 130 hex digits (r, s, v with v 27 or 28).") String signature) {

    ReceiptSubmission submission() {
        return new ReceiptSubmission(provider, epoch, jobId, (long) gpuClass, gpuSeconds, (long) qualityBps, signature);
    }
}
