package dev.govengine.api;

import dev.govengine.contributions.ReceiptCode;
import dev.govengine.contributions.ReceiptOutcome;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("WorkReceiptResult")
@Description("What became of one submitted receipt: stored (accepted) or refused with a code, nothing of it stored.")
public record WorkReceiptResult(
        @Description("The item's position in the request, from 0.") int index,
        @NonNull @Description("The job id as stored (lower-case hex), or as sent if it did not parse.") String jobId,
        @Description("True when the receipt is stored.") boolean accepted,
        @Description("Why the receipt was refused; null when accepted.") ReceiptCode code,
        @Description("The refusal in words; null when accepted.") String message,
        @Description("The verifier that signed it, EIP-55 checksummed; null when refused.") String verifier) {

    static WorkReceiptResult of(int index, ReceiptOutcome outcome) {
        return new WorkReceiptResult(index, outcome.jobId() == null ? "" : outcome.jobId(), outcome.isAccepted(),
                outcome.code(), outcome.message(), GovernorView.text(outcome.verifier()));
    }
}
