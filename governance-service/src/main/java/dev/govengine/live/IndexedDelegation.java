package dev.govengine.live;

import dev.govengine.types.ChecksumAddress;

/**
 * A DelegateChanged event of a governor's votes token as indexed: the delegator moved its votes from one delegate to
 * another (the zero address: none); {@code blockTimestamp} its block's time in seconds since the epoch.
 */
public record IndexedDelegation(
        String governorId,
        ChecksumAddress delegator,
        ChecksumAddress fromDelegate,
        ChecksumAddress toDelegate,
        long blockNumber,
        long blockTimestamp,
        int logIndex,
        String txHash) {

    /** Whether the account is the delegator, or the delegate it left or chose. */
    public boolean involves(ChecksumAddress account) {
        return delegator.equals(account) || fromDelegate.equals(account) || toDelegate.equals(account);
    }
}
