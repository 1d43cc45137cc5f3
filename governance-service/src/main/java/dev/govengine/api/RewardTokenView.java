package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import dev.govengine.rewards.store.RewardToken;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("RewardToken")
@Description("The ERC-20 a RewardDistributor pays in (its token()), as a wallet shows amounts of it.")
public record RewardTokenView(
        @NonNull @Description("EIP-55 checksummed.") String address,
        @Description("name() as the token answers it; null if it does not answer.") String name,
        @Description("symbol() as the token answers it; null if it does not answer.") String symbol,
        @Description("decimals() as the token answers it; null if it does not answer.") Integer decimals)
        implements HeadIndependent {

    static RewardTokenView of(RewardToken token) {
        return new RewardTokenView(token.address().toString(), token.name(), token.symbol(), token.decimals());
    }
}
