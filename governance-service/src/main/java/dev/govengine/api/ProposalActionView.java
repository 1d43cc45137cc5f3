package dev.govengine.api;

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

    static ProposalActionView of(ProposalAction action) {
        return new ProposalActionView(action.target().toString(), action.value().toString(), action.calldata(),
                action.signature().orElse(null), action.decoded().map(DecodedCallView::of).orElse(null));
    }
}
