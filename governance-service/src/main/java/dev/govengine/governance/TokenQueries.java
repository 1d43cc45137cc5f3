package dev.govengine.governance;

import static dev.govengine.persistence.Numerics.bigInteger;
import static dev.govengine.persistence.Numerics.numeric;

import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The votes token as a wallet shows it: its metadata and supply, balances, holders, an account's delegators, and
 * the delegation and voting-power histories. Balances are {@code token_balance}, kept from the indexed Transfers by
 * triggers (V34); lists are keyset pages, each with the exact size of the whole list.
 */
@ApplicationScoped
public class TokenQueries {
    private static final String ZERO = "0x0000000000000000000000000000000000000000";

    private final IndexReads reads;

    @Inject
    public TokenQueries(IndexReads reads) {
        this.reads = reads;
    }

    /**
     * The token of a discovered Governor; {@code totalSupply} is what its Transfers minted net of burns up to the
     * indexed head: minus the zero address's balance.
     */
    public record Token(ChecksumAddress address, String name, String symbol, Integer decimals,
            BigInteger totalSupply) {
    }

    /** An account and its balance, in a list by balance. */
    public record Holding(ChecksumAddress account, BigInteger balance) {
    }

    /** A page of a keyset list with the size of the whole list. */
    public record CountedPage<T>(Page<T> page, long totalCount) {
    }

    /** Where an item sits in a list by balance: its balance, then its lower-case address. */
    public record BalancePosition(BigInteger balance, String address) {
        public BalancePosition {
            address = address.toLowerCase(Locale.ROOT);
        }
    }

    /** Where an item sits in a list of logs, newest first. */
    public record LogPosition(long block, int logIndex) {
    }

    /** A DelegateChanged: {@code delegator} moved its delegation from {@code from} to {@code to}. */
    public record DelegationChange(ChecksumAddress delegator, ChecksumAddress from, ChecksumAddress to, long block,
            long timestamp, int logIndex, String transactionHash) {
    }

    /** A DelegateVotesChanged of one delegate. */
    public record PowerChange(BigInteger previous, BigInteger current, long block, long timestamp, int logIndex,
            String transactionHash) {
    }

    /** Empty until the Governor is discovered. */
    public Uni<Optional<Token>> token(String governorId) {
        return reads.query("""
                SELECT g.token, g.token_name, g.token_symbol, g.token_decimals,
                       (SELECT -b.balance FROM token_balance b WHERE b.governor_id = g.id AND b.account = $2) AS supply
                FROM governor g WHERE g.id = $1""", Tuple.of(governorId, ZERO))
                .map(rows -> {
                    if (rows.size() == 0 || rows.iterator().next().getString("token") == null) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    BigInteger supply = bigInteger(row.getNumeric("supply"));
                    Short decimals = row.getShort("token_decimals");
                    return Optional.of(new Token(ChecksumAddress.of(row.getString("token")),
                            row.getString("token_name"), row.getString("token_symbol"),
                            decimals == null ? null : decimals.intValue(), supply == null ? BigInteger.ZERO : supply));
                });
    }

    /** Zero for an account no Transfer ever touched. */
    public Uni<BigInteger> balance(String governorId, ChecksumAddress account) {
        return reads.query("SELECT balance FROM token_balance WHERE governor_id = $1 AND account = $2",
                        Tuple.of(governorId, account.toString()))
                .map(rows -> rows.size() == 0 ? BigInteger.ZERO
                        : bigInteger(rows.iterator().next().getNumeric("balance")));
    }

    /** Accounts holding a balance, largest first, ties by the lower address: one range scan of token_holders. */
    public Uni<CountedPage<Holding>> holders(String governorId, Optional<BalancePosition> after, int first) {
        String keyset = after.isPresent()
                ? " AND balance <= $2::numeric AND (balance < $2::numeric OR lower(account) > $3)"
                : " AND $2::numeric IS NULL AND $3::text IS NULL";
        Uni<List<Holding>> items = reads.query("SELECT account, balance FROM token_balance"
                        + " WHERE governor_id = $1 AND balance > 0" + keyset
                        + " ORDER BY balance DESC, lower(account) LIMIT $4",
                        Tuple.of(governorId, after.map(p -> numeric(p.balance())).orElse(null),
                                after.map(BalancePosition::address).orElse(null), first + 1))
                .map(rows -> list(rows, TokenQueries::holding));
        Uni<Long> count = count("SELECT COUNT(*) AS total FROM token_balance WHERE governor_id = $1 AND balance > 0",
                Tuple.of(governorId));
        return counted(items, count, first);
    }

    /** The accounts delegating to {@code delegate} now, with their balances, largest first. */
    public Uni<CountedPage<Holding>> delegators(String governorId, ChecksumAddress delegate,
            Optional<BalancePosition> after, int first) {
        if (delegate.toString().equals(ZERO)) {
            // Zero is "not delegated", not a delegate.
            return Uni.createFrom().item(new CountedPage<>(new Page<>(List.of(), false), 0));
        }
        String keyset = after.isPresent()
                ? " AND COALESCE(b.balance, 0) <= $3::numeric AND (COALESCE(b.balance, 0) < $3::numeric"
                        + " OR lower(a.delegator) > $4)"
                : " AND $3::numeric IS NULL AND $4::text IS NULL";
        Uni<List<Holding>> items = reads.query("""
                        SELECT a.delegator AS account, COALESCE(b.balance, 0) AS balance FROM account_delegation a
                        LEFT JOIN token_balance b ON b.governor_id = a.governor_id AND b.account = a.delegator
                        WHERE a.governor_id = $1 AND a.delegate = $2""" + keyset + """

                        ORDER BY COALESCE(b.balance, 0) DESC, lower(a.delegator) LIMIT $5""",
                        Tuple.from(Arrays.asList(governorId, delegate.toString(),
                                after.map(p -> numeric(p.balance())).orElse(null),
                                after.map(BalancePosition::address).orElse(null), first + 1)))
                .map(rows -> list(rows, TokenQueries::holding));
        Uni<Long> count = count("SELECT COUNT(*) AS total FROM account_delegation WHERE governor_id = $1 AND delegate = $2",
                Tuple.of(governorId, delegate.toString()));
        return counted(items, count, first);
    }

    /** The DelegateChanged events the account takes part in (as delegator, or as the old or new delegate), newest first. */
    public Uni<CountedPage<DelegationChange>> delegationHistory(String governorId, ChecksumAddress account,
            Optional<LogPosition> after, int first) {
        String involved = " WHERE governor_id = $1 AND (delegator = $2 OR from_delegate = $2 OR to_delegate = $2)";
        Uni<List<DelegationChange>> items = reads.query("""
                        SELECT delegator, from_delegate, to_delegate, block_number, block_timestamp, log_index, tx_hash
                        FROM delegation_change""" + involved + keyset(after) + """

                        ORDER BY block_number DESC, log_index DESC LIMIT $5""",
                        logArguments(governorId, account, after, first))
                .map(rows -> list(rows, row -> new DelegationChange(ChecksumAddress.of(row.getString("delegator")),
                        ChecksumAddress.of(row.getString("from_delegate")),
                        ChecksumAddress.of(row.getString("to_delegate")), row.getLong("block_number"),
                        row.getLong("block_timestamp"), row.getInteger("log_index"), row.getString("tx_hash"))));
        Uni<Long> count = count("SELECT COUNT(*) AS total FROM delegation_change" + involved,
                Tuple.of(governorId, account.toString()));
        return counted(items, count, first);
    }

    /** The account's DelegateVotesChanged events as a delegate, newest first. */
    public Uni<CountedPage<PowerChange>> votingPowerHistory(String governorId, ChecksumAddress account,
            Optional<LogPosition> after, int first) {
        String ofDelegate = " WHERE governor_id = $1 AND delegate = $2";
        Uni<List<PowerChange>> items = reads.query("""
                        SELECT previous_votes, new_votes, block_number, block_timestamp, log_index, tx_hash
                        FROM voting_power_change""" + ofDelegate + keyset(after) + """

                        ORDER BY block_number DESC, log_index DESC LIMIT $5""",
                        logArguments(governorId, account, after, first))
                .map(rows -> list(rows, row -> new PowerChange(bigInteger(row.getNumeric("previous_votes")),
                        bigInteger(row.getNumeric("new_votes")), row.getLong("block_number"),
                        row.getLong("block_timestamp"), row.getInteger("log_index"), row.getString("tx_hash"))));
        Uni<Long> count = count("SELECT COUNT(*) AS total FROM voting_power_change" + ofDelegate,
                Tuple.of(governorId, account.toString()));
        return counted(items, count, first);
    }

    private static String keyset(Optional<LogPosition> after) {
        return after.isPresent() ? " AND (block_number, log_index) < ($3, $4)"
                : " AND $3::bigint IS NULL AND $4::int IS NULL";
    }

    private static Tuple logArguments(String governorId, ChecksumAddress account, Optional<LogPosition> after,
            int first) {
        return Tuple.from(Arrays.asList(governorId, account.toString(), after.map(LogPosition::block).orElse(null),
                after.map(LogPosition::logIndex).orElse(null), first + 1));
    }

    private Uni<Long> count(String sql, Tuple arguments) {
        return reads.query(sql, arguments).map(rows -> rows.iterator().next().getLong("total"));
    }

    private static <T> Uni<CountedPage<T>> counted(Uni<List<T>> items, Uni<Long> count, int first) {
        return Uni.combine().all().unis(items, count).asTuple()
                .map(both -> new CountedPage<>(Page.of(both.getItem1(), first), both.getItem2()));
    }

    private static Holding holding(Row row) {
        return new Holding(ChecksumAddress.of(row.getString("account")), bigInteger(row.getNumeric("balance")));
    }

    private static <T> List<T> list(RowSet<Row> rows, Function<Row, T> item) {
        List<T> items = new ArrayList<>(rows.size());
        rows.forEach(row -> items.add(item.apply(row)));
        return items;
    }
}
