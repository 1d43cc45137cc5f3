package dev.govengine.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.govengine.api.cache.HeadIndependent;
import dev.govengine.governance.ProposalAction;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("ProposalAction")
@Description("One call the proposal makes when executed.")
public record ProposalActionView(
        @NonNull String target,
        @NonNull @Description("Wei sent with the call, decimal.") String value,
        @NonNull @Description("ABI-encoded call as the target receives it, 0x-prefixed hex: for a GovernorBravo "
                + "action that names its signature, that signature's selector followed by the proposed arguments.")
        String calldata,
        @Description("The function called, e.g. mint(address,uint256): the one the proposal names, or else the one "
                + "a known ABI declares for the calldata's selector.")
        String signature,
        @Description("The call's arguments with their names and types, decoded by the ABI that declares its "
                + "function (the DAO's contracts, the Governor, the timelock, ERC-20 and ERC-721), or by the "
                + "signature a GovernorBravo proposal names; null when no known ABI or signature names the function, "
                + "or the calldata is not the standard encoding of its arguments.")
        DecodedCallView decoded) implements HeadIndependent {

    /**
     * Each action's view, by the action itself (its target, value, calldata and signature: all the view is made of),
     * up to 16 Mi characters of calldata. Decoding the calldata (web3j decodes it, then encodes it again to check the
     * encoding) ran on every uncached proposal page, for data that never changes: 1.7 % of the event loops' CPU there.
     */
    private static final Cache<ProposalAction, ProposalActionView> VIEWS = Caffeine.newBuilder()
            .maximumWeight(16L << 20)
            .weigher((ProposalAction action, ProposalActionView view) -> action.calldata().length())
            .build();

    static ProposalActionView of(ProposalAction action) {
        return VIEWS.get(action, ProposalActionView::decode);
    }

    private static ProposalActionView decode(ProposalAction action) {
        return new ProposalActionView(action.target().toString(), action.value().toString(), action.calldata(),
                action.signature().orElse(null), action.decoded().map(DecodedCallView::of).orElse(null));
    }
}
