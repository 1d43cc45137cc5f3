package dev.govengine.rewards.store;

import dev.govengine.types.Bytes32;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.util.List;

/**
 * What an account can claim from a distributor right now. Claims verify against the live root only, so
 * {@code cumulativeAmount}, {@code proof} and {@code calldata} come from the epoch that is live on chain;
 * {@code latestEpoch} and {@code latestCumulativeAmount} show the newest computed epoch the account has a leaf in,
 * which may still be in its dispute window. An account without a leaf has zero amounts and an empty proof.
 *
 * @param liveEpoch    the distributor's live epoch; null before any root has gone live
 * @param root         the live root; null before any root has gone live
 * @param claimed      what the distributor has paid the account so far ({@code claimed(account)})
 * @param claimable    {@code cumulativeAmount - claimed}, never negative
 * @param calldata     the ABI-encoded {@code claim(account, cumulativeAmount, proof)} to send to the distributor;
 *                     null when nothing is claimable, since that call would revert
 */
public record Claim(Distributor distributor, ChecksumAddress account, Long liveEpoch, Bytes32 root,
                    BigInteger cumulativeAmount, BigInteger claimed, BigInteger claimable, List<Bytes32> proof,
                    String calldata, Long latestEpoch, BigInteger latestCumulativeAmount) {
    public Claim {
        proof = List.copyOf(proof);
    }
}
