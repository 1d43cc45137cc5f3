package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import dev.govengine.governance.TokenQueries;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("TokenHolder")
@Description("An account and its balance of the votes token.")
public record HolderView(
        @NonNull @Description("EIP-55 checksummed.") String address,
        @NonNull @Description("Balance at the indexed head, in the token's base units (ERC-721: tokens held).")
        String balance) implements HeadIndependent {

    static HolderView of(TokenQueries.Holding holding) {
        return new HolderView(holding.account().toString(), holding.balance().toString());
    }
}
