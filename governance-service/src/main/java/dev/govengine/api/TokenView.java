package dev.govengine.api;

import dev.govengine.api.cache.HeadIndependent;
import dev.govengine.governance.TokenQueries;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("Token")
@Description("A Governor's votes token (ERC20Votes or ERC721Votes), as a wallet shows amounts of it.")
public record TokenView(
        @NonNull @Description("EIP-55 checksummed.") String address,
        @Description("name() as the token answered it when the Governor was discovered; null if it does not answer.")
        String name,
        @Description("symbol() as the token answered it when the Governor was discovered; null if it does not answer.")
        String symbol,
        @Description("decimals() as the token answered it when the Governor was discovered; null if it does not answer"
                + " (ERC-721 has none: each token is one unit).") Integer decimals,
        @NonNull @Description("The supply at the indexed head, in base units: what the token's Transfer events minted"
                + " (from the zero address) net of what they burned (to it), from block 0, including the blocks before"
                + " the Governor's start block. For an OpenZeppelin token it equals totalSupply() at the indexed head;"
                + " for an ERC-721 without totalSupply() it is the number of tokens in existence.") String totalSupply)
        implements HeadIndependent {

    static TokenView of(TokenQueries.Token token) {
        return new TokenView(token.address().toString(), token.name(), token.symbol(), token.decimals(),
                token.totalSupply().toString());
    }
}
