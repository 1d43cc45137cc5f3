package dev.govengine.api;

import dev.govengine.rewards.store.Claim;
import dev.govengine.types.Bytes32;
import java.util.List;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("Claim")
@Description("What an account can claim from a RewardDistributor now, with the proof and the call to send. "
        + "Amounts are decimal strings in base units. An account without rewards gets zeros and an empty proof.")
public record ClaimView(
        @NonNull @Id @Description("The RewardDistributor, CAIP-10.") String distributor,
        @NonNull @Description("EIP-55 checksummed.") String account,
        @Description("The distributor's live epoch, whose root claims verify against; null before any root is live.") String epoch,
        @Description("The live root, 0x-prefixed bytes32; null before any root is live.") String root,
        @NonNull @Description("The account's leaf in the live tree: all it has earned up to that epoch.") String cumulativeAmount,
        @NonNull @Description("Already paid by the distributor: claimed(account) on chain.") String claimed,
        @NonNull @Description("cumulativeAmount minus claimed.") String claimable,
        @NonNull @Description("Merkle proof of the leaf under the live root, bytes32 each.") List<@NonNull String> proof,
        @Description("ABI-encoded claim(account, cumulativeAmount, proof) to send to the distributor as is; null when "
                + "nothing is claimable, since the call would revert.") String calldata,
        @Description("The newest computed epoch the account has a leaf in; it may still be pending or disputed on chain.")
        String latestEpoch,
        @NonNull @Description("The account's cumulative amount in latestEpoch; claimable once that root is live.")
        String latestCumulativeAmount) {

    static ClaimView of(Claim claim) {
        return new ClaimView(claim.distributor().caip10(), claim.account().toString(), GovernorView.text(claim.liveEpoch()),
                claim.root() == null ? null : claim.root().toHex(), claim.cumulativeAmount().toString(),
                claim.claimed().toString(), claim.claimable().toString(),
                claim.proof().stream().map(Bytes32::toHex).toList(), claim.calldata(),
                GovernorView.text(claim.latestEpoch()), claim.latestCumulativeAmount().toString());
    }
}
