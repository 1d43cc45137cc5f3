package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import dev.govengine.governance.GovernorRecord;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** A Governor and its settings; settings are null until the indexer has discovered them. */
@Type("Governor")
@Description("An OpenZeppelin-compatible Governor and its current settings.")
public record GovernorView(
        @NonNull @Id @Description("CAIP-10 account id: eip155:<chainId>:<address>.") String id,
        @NonNull @Description("EIP-155 chain id, decimal.") String chainId,
        @NonNull @Description("EIP-55 checksummed.") String address,
        String name,
        @Description("The voting token, EIP-55 checksummed.") String token,
        @Description("The timelock, if the Governor executes through one.") String timelock,
        @Description("ERC-6372 clock: blocknumber or timestamp.") String clockMode,
        String votingDelay,
        String votingPeriod,
        String proposalThreshold,
        String quorumNumerator,
        String quorumDenominator,
        int proposalCount,
        @Description("Why the indexer cannot follow this Governor now (its chain unreachable or on another network, "
                + "the address not a Governor, a reorg deeper than the configured limit); null while it is indexed. "
                + "What is indexed stays served meanwhile.") String syncError,
        @Description("COUNTING_MODE() as the Governor answers it, e.g. support=bravo&quorum=for,abstain; null if it "
                + "does not. Votes whose support its counting module alone defines are listed as OTHER.")
        String countingMode) implements HeadIndependent {

    static GovernorView of(GovernorRecord governor) {
        return new GovernorView(governor.id(), Long.toString(governor.chainId()), governor.address().toString(),
                governor.name(), text(governor.token()), text(governor.timelock()),
                governor.clockMode() == null ? null : governor.clockMode().value(),
                text(governor.votingDelay()), text(governor.votingPeriod()), text(governor.proposalThreshold()),
                text(governor.quorumNumerator()), text(governor.quorumDenominator()),
                Math.toIntExact(governor.proposalCount()), governor.syncError(), governor.countingMode());
    }

    /** Optional values print as their decimal or checksummed text, or null. */
    static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
