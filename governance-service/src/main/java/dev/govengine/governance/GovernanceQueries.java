package dev.govengine.governance;

import static dev.govengine.persistence.Numerics.bigInteger;
import static dev.govengine.persistence.Numerics.numeric;

import dev.govengine.types.ChecksumAddress;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads of the governance index: proposal state and tallies, voting power now and in the past, delegation. */
@ApplicationScoped
public class GovernanceQueries {
    private static final ChecksumAddress ZERO = ChecksumAddress.of("0x0000000000000000000000000000000000000000");

    private final IndexReads reads;

    private final ProposalQueries proposals;

    @Inject
    public GovernanceQueries(IndexReads reads, ProposalQueries proposals) {
        this.reads = reads;
        this.proposals = proposals;
    }

    /** A Governor's record's columns over {@code governor g}, as {@link #governor(Row)} reads them. */
    static final String GOVERNOR_LIST = """
            g.id, g.chain, g.chain_id, g.address, g.name, g.token, g.timelock, g.clock_mode, g.voting_delay,
                   g.voting_period, g.proposal_threshold, g.quorum_numerator, g.quorum_denominator,
                   (SELECT COUNT(*) FROM proposal p WHERE p.governor_id = g.id) AS proposal_count, g.sync_error,
                   g.counting_mode""";
    private static final String GOVERNOR_COLUMNS = "SELECT " + GOVERNOR_LIST + " FROM governor g";

    public Uni<List<GovernorRecord>> governors() {
        return reads.query(GOVERNOR_COLUMNS + " ORDER BY g.id")
                .map(rows -> {
                    List<GovernorRecord> governors = new ArrayList<>();
                    rows.forEach(row -> governors.add(governor(row)));
                    return governors;
                });
    }

    public Uni<Optional<GovernorRecord>> governor(String governorId) {
        return reads.query(GOVERNOR_COLUMNS + " WHERE g.id = $1", Tuple.of(governorId))
                .map(rows -> rows.size() == 0 ? Optional.<GovernorRecord>empty()
                        : Optional.of(governor(rows.iterator().next())));
    }

    static GovernorRecord governor(Row row) {
        String clockMode = row.getString("clock_mode");
        return new GovernorRecord(row.getString("id"), row.getString("chain"), row.getLong("chain_id"),
                ChecksumAddress.of(row.getString("address")), row.getString("name"), address(row.getString("token")),
                address(row.getString("timelock")), clockMode == null ? null : ClockMode.fromValue(clockMode),
                bigInteger(row.getNumeric("voting_delay")), bigInteger(row.getNumeric("voting_period")),
                bigInteger(row.getNumeric("proposal_threshold")), bigInteger(row.getNumeric("quorum_numerator")),
                bigInteger(row.getNumeric("quorum_denominator")), row.getLong("proposal_count"),
                row.getString("sync_error"), row.getString("counting_mode"));
    }

    private static ChecksumAddress address(String value) {
        return value == null ? null : ChecksumAddress.of(value);
    }

    /** The proposal with its state at the indexed head and its tally; empty if the index has no such proposal. */
    public Uni<Optional<ProposalRecord>> proposal(String governorId, BigInteger proposalId) {
        ProposalKey key = new ProposalKey(governorId, proposalId);
        return proposals.byKeys(List.of(key))
                .map(found -> Optional.ofNullable(found.get(key)).map(ProposalDetail::proposal));
    }

    /** The last block this governor is indexed to; empty before its first sync. */
    public Uni<Optional<Long>> indexedBlock(String governorId) {
        return reads.query("SELECT indexed_block FROM sync_cursor WHERE governor_id = $1", Tuple.of(governorId))
                .map(rows -> rows.size() == 0 ? Optional.<Long>empty()
                        : Optional.of(rows.iterator().next().getLong("indexed_block")));
    }

    /** The proposal's tallies at the indexed head; zeros for a proposal the index does not hold. */
    public Uni<Tally> tally(String governorId, BigInteger proposalId) {
        return proposal(governorId, proposalId).map(found -> found.map(ProposalRecord::tally).orElse(Tally.EMPTY));
    }

    /** The proposal's state as the Governor's {@code state()} returns it at the indexed head; empty if unknown. */
    public Uni<Optional<ProposalState>> state(String governorId, BigInteger proposalId) {
        return proposal(governorId, proposalId).map(found -> found.map(ProposalRecord::state));
    }

    /** The calls the proposal makes, in order, each named by its function signature where it is known. */
    public Uni<List<ProposalAction>> actions(String governorId, BigInteger proposalId) {
        return reads.query("""
                SELECT targets, "values", calldatas, signatures FROM proposal WHERE governor_id = $1 AND proposal_id = $2""", Tuple.of(governorId, numeric(proposalId)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return List.<ProposalAction>of();
                    }
                    Row row = rows.iterator().next();
                    String[] targets = row.getArrayOfStrings("targets");
                    Numeric[] values = row.getArrayOfNumerics("values");
                    String[] calldatas = row.getArrayOfStrings("calldatas");
                    String[] declared = row.getArrayOfStrings("signatures");
                    List<ProposalAction> actions = new ArrayList<>(targets.length);
                    for (int i = 0; i < targets.length; i++) {
                        actions.add(ProposalAction.stored(ChecksumAddress.of(targets[i]), bigInteger(values[i]),
                                declared[i], calldatas[i]));
                    }
                    return actions;
                });
    }

    /** The Governor's clock at the indexed head: the cursor's block number, or its timestamp in timestamp mode. */
    public Uni<BigInteger> clock(String governorId) {
        return reads.query("""
                SELECT g.clock_mode, c.indexed_block, h.timestamp, own.clock AS own_clock
                FROM governor g
                JOIN sync_cursor c ON c.governor_id = g.id
                LEFT JOIN block_header h ON h.chain = g.chain AND h.number = c.indexed_block
                LEFT JOIN governor_clock own ON own.governor_id = g.id AND own.block_number = c.indexed_block
                WHERE g.id = $1""", Tuple.of(governorId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new IllegalStateException(governorId + " has not been indexed yet");
                    }
                    Row row = rows.iterator().next();
                    Long ownClock = row.getLong("own_clock");
                    if (ownClock != null) {
                        return BigInteger.valueOf(ownClock);
                    }
                    boolean timestamp = ClockMode.fromValue(row.getString("clock_mode")) == ClockMode.TIMESTAMP;
                    return BigInteger.valueOf(timestamp ? row.getLong("timestamp") : row.getLong("indexed_block"));
                });
    }

    public Uni<BigInteger> votingPower(String governorId, ChecksumAddress account) {
        return reads.query("""
                SELECT new_votes FROM voting_power_change WHERE governor_id = $1 AND delegate = $2
                ORDER BY block_number DESC, log_index DESC LIMIT 1""", Tuple.of(governorId, account.toString()))
                .map(GovernanceQueries::firstAmount);
    }

    /** Like ERC5805 {@code getPastVotes}: the power after the last change at or before {@code timepoint}. */
    public Uni<BigInteger> votingPowerAt(String governorId, ChecksumAddress account, BigInteger timepoint) {
        return reads.query("""
                SELECT v.new_votes FROM voting_power_change v JOIN governor g ON g.id = v.governor_id
                WHERE v.governor_id = $1 AND v.delegate = $2
                  AND COALESCE(v.timepoint,
                               CASE WHEN g.clock_mode = 'timestamp' THEN v.block_timestamp ELSE v.block_number END) <= $3
                ORDER BY v.block_number DESC, v.log_index DESC LIMIT 1""", Tuple.of(governorId, account.toString(), timepoint.longValueExact()))
                .map(GovernanceQueries::firstAmount);
    }

    /** The account's current delegate; empty if it never delegated (or delegated to the zero address). */
    public Uni<Optional<ChecksumAddress>> delegate(String governorId, ChecksumAddress account) {
        return reads.query("""
                SELECT to_delegate FROM delegation_change WHERE governor_id = $1 AND delegator = $2
                ORDER BY block_number DESC, log_index DESC LIMIT 1""", Tuple.of(governorId, account.toString()))
                .map(rows -> rows.size() == 0 ? Optional.<ChecksumAddress>empty()
                        : Optional.of(ChecksumAddress.of(rows.iterator().next().getString("to_delegate")))
                                .filter(delegate -> !delegate.equals(ZERO)));
    }

    public Uni<Long> delegatorCount(String governorId, ChecksumAddress delegate) {
        return reads.query("""
                SELECT COUNT(*) AS delegators FROM (
                    SELECT DISTINCT ON (delegator) to_delegate FROM delegation_change WHERE governor_id = $1
                    ORDER BY delegator, block_number DESC, log_index DESC) latest
                WHERE to_delegate = $2""", Tuple.of(governorId, delegate.toString()))
                .map(rows -> rows.iterator().next().getLong("delegators"));
    }

    private static BigInteger firstAmount(RowSet<Row> rows) {
        return rows.size() == 0 ? BigInteger.ZERO : bigInteger(rows.iterator().next().getNumeric("new_votes"));
    }
}
