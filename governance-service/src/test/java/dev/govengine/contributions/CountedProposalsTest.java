package dev.govengine.contributions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.govengine.rewards.inputs.EpochContributionReader;
import dev.govengine.rewards.scoring.GovernanceVote;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which proposals an epoch's governance program counts, read from index rows as the indexer writes them (the
 * Governor's answers in proposal_chain_state, or, without them, the quorum and tallies derived from events): voting
 * closed in the epoch's blocks (100 to 199), quorum reached, not canceled by the epoch's end. Each voter comes out
 * once per proposal with the weight it cast there. Whole contracts on Anvil are in ModularGovernorsIndexerTest.
 */
@QuarkusTest
class CountedProposalsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String GOVERNOR = "eip155:31337:0x00000000000000000000000000000000000C0dEd";
    private static final ChecksumAddress A = ChecksumAddress.of("0x000000000000000000000000000000000000000A");
    private static final ChecksumAddress B = ChecksumAddress.of("0x000000000000000000000000000000000000000b");
    private static final ChecksumAddress C = ChecksumAddress.of("0x000000000000000000000000000000000000000C");
    private static final ChecksumAddress POLICY = ChecksumAddress.of("0x00000000000000000000000000000000000c0de0");

    @Inject
    Pool pool;

    @Inject
    EpochContributionReader reader;

    private int logIndex;

    @BeforeEach
    void governorRow() {
        sql("INSERT INTO governor (id, config_name, chain, chain_id, address, start_block, clock_mode) "
                + "VALUES ($1, 'counted', 'anvil', 31337, '0x00000000000000000000000000000000000C0dEd', 0, 'blocknumber')",
                Tuple.of(GOVERNOR));
    }

    @AfterEach
    void cleanUp() {
        for (String table : List.of("vote", "proposal_tally", "proposal_chain_state", "proposal", "governor")) {
            sql("DELETE FROM " + table + (table.equals("governor") ? " WHERE id = $1" : " WHERE governor_id = $1"),
                    Tuple.of(GOVERNOR));
        }
    }

    @Test
    void onlyProposalsThatClosedReachedQuorumAndStoodCount() {
        // 1: Defeated, but for 10 + abstain 5 meet the quorum of 15. A votes in two parts (fractional), B against.
        proposal(1, 150, null);
        chainState(1, "DEFEATED", 100, 10, 5, 15L);
        vote(1, A, 40, 1);
        vote(1, A, 20, 2);
        vote(1, B, 100, 0);
        // 2: Defeated short of quorum: for 5 of 15.
        proposal(2, 160, null);
        chainState(2, "DEFEATED", 0, 5, 0, 15L);
        vote(2, A, 5, 1);
        // 3: Succeeded, then canceled within the epoch (a guardian, or a Bravo proposer).
        proposal(3, 170, 180L);
        chainState(3, "CANCELED", 0, 50, 0, 15L);
        vote(3, C, 50, 1);
        // 4: Executed: the Governor only gets there past quorum, whatever the tallies say.
        proposal(4, 175, null);
        chainState(4, "EXECUTED", 0, 1, 0, 15L);
        vote(4, A, 30, 1);
        // 5: canceled after the epoch's end: the epoch may be computed already, so it still counts.
        proposal(5, 190, 250L);
        chainState(5, "CANCELED", 0, 20, 0, 15L);
        vote(5, B, 20, 1);
        // 6 and 7: no answers from the Governor; the quorum and tallies derived from events decide.
        proposal(6, 120, null);
        quorum(6, 10);
        vote(6, C, 7, 1);
        proposal(7, 130, null);
        quorum(7, 5);
        vote(7, C, 6, 1);
        // 8: closes after the epoch. 9: an unknown counting module's Defeated proposal, no tallies: nothing shows quorum.
        proposal(8, 250, null);
        chainState(8, "SUCCEEDED", 0, 90, 0, 15L);
        vote(8, A, 90, 1);
        proposal(9, 140, null);
        chainState(9, "DEFEATED", null, null, null, 15L);
        vote(9, B, 70, 1);

        assertEquals(List.of(vote(1, A, 60), vote(1, B, 100), vote(4, A, 30), vote(5, B, 20), vote(7, C, 6)),
                reader.read(scope()).await().atMost(WAIT).governance());
    }

    private static EpochContributionReader.Scope scope() {
        return new EpochContributionReader.Scope(31337, POLICY, Set.of(), GOVERNOR, List.of(), 1, 100, 199, 0, 0);
    }

    private static GovernanceVote vote(long proposal, ChecksumAddress voter, long weight) {
        return new GovernanceVote(BigInteger.valueOf(proposal), voter, BigInteger.valueOf(weight));
    }

    private void proposal(long id, long deadline, Long canceledBlock) {
        sql("""
                INSERT INTO proposal (governor_id, proposal_id, proposer, targets, "values", signatures, calldatas,
                    vote_start, vote_end, description, title, created_block, created_timestamp, created_tx,
                    created_log_index, canceled_block)
                VALUES ($1, $2, $3, '{}', '{}', '{}', '{}', $4, $5, 'd', 't', 1, 1, $6, 0, $7)""",
                Tuple.from(Arrays.asList(GOVERNOR, Numeric.create(id), A.toString(), Numeric.create(deadline - 50),
                        Numeric.create(deadline), "0x" + "0".repeat(63) + id, canceledBlock)));
    }

    private void quorum(long id, long quorum) {
        sql("UPDATE proposal SET quorum = $3 WHERE governor_id = $1 AND proposal_id = $2",
                Tuple.of(GOVERNOR, Numeric.create(id), Numeric.create(quorum)));
    }

    private void chainState(long id, String state, Integer against, Integer forVotes, Integer abstain, Long quorum) {
        sql("""
                INSERT INTO proposal_chain_state (governor_id, proposal_id, state, against, for_votes, abstain, quorum,
                    read_block)
                VALUES ($1, $2, $3, $4, $5, $6, $7, 200)""",
                Tuple.from(Arrays.asList(GOVERNOR, Numeric.create(id), state, numeric(against), numeric(forVotes),
                        numeric(abstain), quorum == null ? null : Numeric.create(quorum))));
    }

    private static Numeric numeric(Integer value) {
        return value == null ? null : Numeric.create(value);
    }

    private void vote(long proposal, ChecksumAddress voter, long weight, int support) {
        int log = logIndex++;
        sql("""
                INSERT INTO vote (governor_id, proposal_id, voter, support, weight, reason, block_number,
                    block_timestamp, tx_hash, log_index, against_weight, for_weight, abstain_weight, first_vote)
                VALUES ($1, $2, $3, $4, $5, '', 110, 1, $6, $7, $8, $9, 0, true)""",
                Tuple.from(Arrays.asList(GOVERNOR, Numeric.create(proposal), voter.toString(), (short) support,
                        Numeric.create(weight), "0x" + "1".repeat(64), log,
                        Numeric.create(support == 0 ? weight : 0), Numeric.create(support == 1 ? weight : 0))));
    }

    private void sql(String sql, Tuple arguments) {
        pool.preparedQuery(sql).execute(arguments).await().atMost(WAIT);
    }
}
