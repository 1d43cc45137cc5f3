package dev.govengine.submission;

import java.math.BigInteger;
import java.time.Duration;

/** The next block needs more than gov.submission.max-fee-per-gas, and did not come down within the wait. */
public class FeeCapExceededException extends RuntimeException {
    public FeeCapExceededException(String what, BigInteger needed, BigInteger cap, Duration waited) {
        super(what + ": the next block needs at least " + needed + " wei per gas, above gov.submission.max-fee-per-gas ("
                + cap + "), for " + waited + "; nothing was sent");
    }
}
