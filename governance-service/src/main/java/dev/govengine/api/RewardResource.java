package dev.govengine.api;

import static dev.govengine.api.cache.Table.DISTRIBUTOR_FOREIGN_ROOT;
import static dev.govengine.api.cache.Table.REWARD_EPOCH;
import static dev.govengine.api.cache.Table.REWARD_EPOCH_RESULT;

import dev.govengine.api.cache.ReadsTables;
import dev.govengine.config.EngineConfig;
import dev.govengine.rewards.store.Distributor;
import dev.govengine.rewards.store.LiveRootNotStoredException;
import dev.govengine.rewards.store.RewardClaims;
import dev.govengine.rewards.store.RewardStore;
import dev.govengine.rewards.store.RewardTokens;
import dev.govengine.rewards.store.StoredEpoch;
import dev.govengine.rewards.store.UnknownDistributorException;
import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

@GraphQLApi
public class RewardResource {
    private static final String CURSOR_PREFIX = "epoch:";
    private static final Pattern EPOCH = Pattern.compile("[1-9][0-9]{0,17}");

    @Inject
    RewardClaims claims;

    @Inject
    RewardStore store;

    @Inject
    RewardTokens tokens;

    @Inject
    EngineConfig config;

    @Query("claim")
    @Description("What an account can claim from a RewardDistributor (CAIP-10 id) now: amounts, the proof under the "
            + "live root and the calldata to send. A distributor this service does not serve is NOT_FOUND; every "
            + "address is an account, and one without rewards gets zeros.")
    public Uni<ClaimView> claim(@NonNull @Id @Name("distributor") String distributor,
            @NonNull @Name("account") String account) {
        Distributor id = ApiInputs.distributorId(distributor);
        ChecksumAddress holder = ApiInputs.address(account);
        return refusals(claims.claim(id, holder).map(ClaimView::of));
    }

    @Query("rewards")
    @Description("An account's rewards per computed epoch from a RewardDistributor, newest first; NOT_FOUND for a"
            + " distributor this service does not serve, an empty list for an account without rewards.")
    public Uni<@NonNull List<@NonNull AccountEpochRewardView>> rewards(@NonNull @Id @Name("distributor") String distributor,
            @NonNull @Name("account") String account) {
        Distributor id = ApiInputs.distributorId(distributor);
        ChecksumAddress holder = ApiInputs.address(account);
        return refusals(claims.rewards(id, holder).map(leaves -> leaves.stream().map(AccountEpochRewardView::of).toList()));
    }

    @ReadsTables({DISTRIBUTOR_FOREIGN_ROOT, REWARD_EPOCH, REWARD_EPOCH_RESULT})
    @Query("rewardEpochs")
    @Description("Computed reward epochs, newest first.")
    public Uni<@NonNull RewardEpochConnection> rewardEpochs(
            @Name("first") @DefaultValue("20") Integer first, @Name("after") String after) {
        int size = ApiInputs.first(first, config.api().maxPageSize());
        Long before = after == null ? null : epochOfCursor(after);
        return store.epochs(size + 1, before).map(epochs -> {
            List<StoredEpoch> page = epochs.subList(0, Math.min(size, epochs.size()));
            List<RewardEpochConnection.Edge> edges = page.stream()
                    .map(epoch -> new RewardEpochConnection.Edge(cursor(epoch.epoch()), RewardEpochView.of(epoch))).toList();
            return new RewardEpochConnection(edges, new PageInfo(epochs.size() > size,
                    edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor()));
        });
    }

    @ReadsTables(REWARD_EPOCH_RESULT)
    @Name("totalCount")
    @NonNull
    @Description(ProposalConnection.TOTAL_COUNT)
    public Uni<@NonNull Integer> totalCount(@Source RewardEpochConnection connection) {
        return store.epochCount().map(Math::toIntExact);
    }

    /** Read from the chain, but never changes once read, so an answer holding it may be kept. */
    @ReadsTables({})
    @Name("token")
    @Description("The token the distributor pays in, with its name, symbol and decimals; null when the distributor's"
            + " chain is not configured here or the distributor does not answer token(). UNAVAILABLE while the chain's"
            + " node cannot be reached.")
    public Uni<RewardTokenView> token(@Source RewardEpochView epoch) {
        return tokens.of(ApiInputs.distributorId(epoch.distributor()))
                .onFailure(UncheckedIOException.class).transform(e -> new UnavailableException(
                        "the reward token of " + epoch.distributor() + " cannot be read now: its chain's node does not answer"))
                .map(token -> token.map(RewardTokenView::of).orElse(null));
    }

    @ReadsTables({DISTRIBUTOR_FOREIGN_ROOT, REWARD_EPOCH, REWARD_EPOCH_RESULT})
    @Query("rewardEpoch")
    @Description("One computed reward epoch by its decimal number; NOT_FOUND if it has not been computed.")
    public Uni<RewardEpochView> rewardEpoch(@NonNull @Name("number") String number) {
        if (number == null || !EPOCH.matcher(number).matches()) {
            throw new BadInputException("epoch number '" + number + "' is not a positive decimal integer");
        }
        return store.epoch(Long.parseLong(number)).map(found -> found.map(RewardEpochView::of)
                .orElseThrow(() -> new NotFoundException("reward epoch " + number + " has not been computed")));
    }

    private static <T> Uni<T> refusals(Uni<T> result) {
        return result
                .onFailure(UnknownDistributorException.class).transform(e -> new NotFoundException(e.getMessage()))
                .onFailure(LiveRootNotStoredException.class).transform(e -> new RootNotStoredException(e.getMessage()));
    }

    private static String cursor(long epoch) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + epoch).getBytes(StandardCharsets.UTF_8));
    }

    private static long epochOfCursor(String cursor) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("after '" + cursor + "' is not a cursor of rewardEpochs");
        }
        if (!decoded.startsWith(CURSOR_PREFIX) || !EPOCH.matcher(decoded.substring(CURSOR_PREFIX.length())).matches()) {
            throw new BadInputException("after '" + cursor + "' is not a cursor of rewardEpochs");
        }
        return Long.parseLong(decoded.substring(CURSOR_PREFIX.length()));
    }
}
