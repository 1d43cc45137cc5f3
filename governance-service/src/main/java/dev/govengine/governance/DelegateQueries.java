package dev.govengine.governance;

import static dev.govengine.persistence.Numerics.bigInteger;
import static dev.govengine.persistence.Numerics.numeric;

import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Current standings: the delegate leaderboard and one account's voting power, delegate and delegators. They read
 * {@code delegate_power} and {@code account_delegation}, which database triggers keep current as the indexer
 * writes and rolls back history (V7 migration), so a leaderboard page is one index range scan.
 */
@ApplicationScoped
public class DelegateQueries {
    private static final String ZERO = "0x0000000000000000000000000000000000000000";

    private final IndexReads reads;

    @Inject
    public DelegateQueries(IndexReads reads) {
        this.reads = reads;
    }

    /** Where a delegate sits in a leaderboard: its sort value, then its lower-case address. */
    public record Position(BigInteger value, String address) {
        public Position {
            address = address.toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One page of the accounts that hold voting power or have delegators, in {@code order}. The range condition
     * on the sort value comes first so that PostgreSQL starts the index scan at the cursor.
     */
    public Uni<Page<DelegateRecord>> page(String governorId, DelegateOrder order, Optional<Position> after, int first) {
        boolean byPower = order == DelegateOrder.VOTING_POWER_DESC;
        String column = byPower ? "voting_power" : "delegator_count";
        // Typed as the column, so that the comparison stays on the index rather than casting every row.
        String value = byPower ? "$2::numeric" : "$2::bigint";
        String keyset = after.isPresent()
                ? " AND " + column + " <= " + value + " AND (" + column + " < " + value + " OR lower(delegate) > $3)"
                : " AND " + value + " IS NULL AND $3::text IS NULL";
        String sql = "SELECT delegate, voting_power, delegator_count FROM delegate_power"
                + " WHERE governor_id = $1 AND (voting_power > 0 OR delegator_count > 0)" + keyset
                + " ORDER BY " + column + " DESC, lower(delegate) LIMIT $4";
        Tuple arguments = Tuple.of(governorId, after.<Object>map(position -> byPower ? numeric(position.value())
                        : position.value().longValueExact()).orElse(null),
                after.map(Position::address).orElse(null), first + 1);
        return reads.query(sql, arguments).map(rows -> {
            List<DelegateRecord> delegates = new ArrayList<>(rows.size());
            rows.forEach(row -> delegates.add(delegate(row)));
            return Page.of(delegates, first);
        });
    }

    /** How many accounts the leaderboard lists, counted from an index that holds only them (V35). */
    public Uni<Long> count(String governorId) {
        return reads.query("SELECT COUNT(*) AS total FROM delegate_power"
                        + " WHERE governor_id = $1 AND (voting_power > 0 OR delegator_count > 0)", Tuple.of(governorId))
                .map(rows -> rows.iterator().next().getLong("total"));
    }

    /** The account's standing; an account the index never saw has no power, no delegate and no delegators. */
    public Uni<AccountRecord> account(String governorId, ChecksumAddress account) {
        return reads.query("""
                SELECT (SELECT voting_power FROM delegate_power WHERE governor_id = $1 AND delegate = $2) AS voting_power,
                       (SELECT delegator_count FROM delegate_power WHERE governor_id = $1 AND delegate = $2)
                           AS delegator_count,
                       (SELECT delegate FROM account_delegation WHERE governor_id = $1 AND delegator = $2)
                           AS delegate""",
                        Tuple.of(governorId, account.toString()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    BigInteger power = bigInteger(row.getNumeric("voting_power"));
                    Long delegators = row.getLong("delegator_count");
                    String delegate = row.getString("delegate");
                    return new AccountRecord(account, power == null ? BigInteger.ZERO : power,
                            delegate == null || delegate.equals(ZERO) ? Optional.empty()
                                    : Optional.of(ChecksumAddress.of(delegate)),
                            delegators == null ? 0 : delegators);
                });
    }

    private static DelegateRecord delegate(Row row) {
        return new DelegateRecord(ChecksumAddress.of(row.getString("delegate")), bigInteger(row.getNumeric("voting_power")),
                row.getLong("delegator_count"));
    }
}
