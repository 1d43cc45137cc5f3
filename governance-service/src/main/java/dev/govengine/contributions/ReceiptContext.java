package dev.govengine.contributions;

import dev.govengine.rewards.epoch.EpochCalendar;
import dev.govengine.types.ChecksumAddress;
import java.util.Set;

/**
 * What one request's receipts are checked against, read once per request: the EIP-712 domain (the policy
 * contract), the verifier set of the policy in force, the epoch calendar and the current epoch.
 */
public record ReceiptContext(WorkReceiptHasher hasher, Set<ChecksumAddress> verifiers, EpochCalendar calendar,
        long currentEpoch) {

    public ReceiptContext {
        verifiers = Set.copyOf(verifiers);
    }

    public long chainId() {
        return hasher.domain().chainId();
    }

    public ChecksumAddress policy() {
        return hasher.domain().verifyingContract();
    }
}
