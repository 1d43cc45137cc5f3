package dev.govengine.submission;

import java.math.BigInteger;

/** The two EIP-1559 fee fields of a transaction, in wei per gas. */
public record Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {
    public Fees {
        if (maxPriorityFeePerGas.compareTo(maxFeePerGas) > 0) {
            throw new IllegalArgumentException("priority fee " + maxPriorityFeePerGas + " above max fee " + maxFeePerGas);
        }
    }

    @Override
    public String toString() {
        return "max fee " + maxFeePerGas + " wei, priority " + maxPriorityFeePerGas + " wei";
    }
}
