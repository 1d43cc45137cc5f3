package dev.govengine.sync;

import static dev.govengine.sync.DaoOnAnvil.tokens;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.Tally;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.GovernorSyncer;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.testing.AnvilResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/**
 * proposal_tally is kept by triggers on vote (V12, V18, V35); the API reads tallies and vote counts from it alone, so
 * it must equal the sums and counts over vote after every way the indexer writes votes: a range inserting several votes of a proposal at once, a later
 * range adding to a standing tally, a reorg rollback deleting some of them, and a rollback to the start.
 */
@QuarkusTest
class ProposalTallyTest {
    private static final String TABLE = """
            SELECT proposal_id, against, for_votes, abstain, voters, votes FROM proposal_tally
            WHERE governor_id = $1 ORDER BY proposal_id""";
    private static final String SUMS = """
            SELECT proposal_id, COALESCE(SUM(weight) FILTER (WHERE support = 0), 0),
                   COALESCE(SUM(weight) FILTER (WHERE support = 1), 0),
                   COALESCE(SUM(weight) FILTER (WHERE support = 2), 0), COUNT(DISTINCT voter), COUNT(*)
            FROM vote WHERE governor_id = $1 GROUP BY proposal_id ORDER BY proposal_id""";

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    GovernorRegistry registry;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    ReorgRollback rollback;

    @Inject
    GovernorSyncer syncer;

    @Inject
    GovernanceQueries queries;

    @Inject
    Pool pool;

    @Test
    void talliesEqualTheSumsOfTheVotesThroughIndexingAndRollbacks() throws Exception {
        Credentials alice = DevAccounts.account(1);
        Credentials bob = DevAccounts.account(2);
        Credentials carol = DevAccounts.account(3);
        try (DaoOnAnvil dao = new DaoOnAnvil(rpcUrl, List.of(DaoOnAnvil.holding(alice, 100),
                DaoOnAnvil.holding(bob, 200), DaoOnAnvil.holding(carol, 300)))) {
            for (Credentials holder : List.of(alice, bob, carol)) {
                dao.token(holder).delegate(holder.getAddress()).send();
            }
            dao.anvil.mine(1);
            BigInteger first = dao.propose(alice, "# Tally one\nbody");
            BigInteger second = dao.propose(alice, "# Tally two\nbody");
            BigInteger unvoted = dao.propose(alice, "# Tally three\nnobody votes");
            dao.anvil.mine(DaoOnAnvil.VOTING_DELAY.longValueExact() + 1);
            IndexedGovernor governor = registry.register(IndexedGovernor.of("tally", AnvilResource.CHAIN,
                    AnvilNode.CHAIN_ID, dao.governorAddress(), dao.dao.startBlock()));
            String id = governor.id();
            coordinator.runCycle();
            assertEquals(List.of(), rows(TABLE, id), "no votes, no tallies");
            assertEquals(Tally.EMPTY, tally(id, unvoted));

            dao.vote(alice, first, 1);
            dao.vote(bob, first, 0);
            dao.vote(alice, second, 2);
            coordinator.runCycle();
            assertEquals(rows(SUMS, id), rows(TABLE, id), "one range inserting several votes per proposal");
            assertEquals(new Tally(tokens(200), tokens(100), BigInteger.ZERO, 2), tally(id, first));
            assertEquals(new Tally(BigInteger.ZERO, BigInteger.ZERO, tokens(100), 1), tally(id, second));

            String beforeFork = dao.anvil.snapshot();
            dao.vote(carol, first, 2);
            dao.vote(bob, second, 1);
            coordinator.runCycle();
            assertEquals(rows(SUMS, id), rows(TABLE, id), "a later range adding to standing tallies");
            assertEquals(new Tally(tokens(200), tokens(100), tokens(300), 3), tally(id, first));
            assertEquals(new Tally(BigInteger.ZERO, tokens(200), tokens(100), 2), tally(id, second));

            dao.anvil.revert(beforeFork);
            dao.vote(carol, second, 0);
            dao.anvil.mine(3);
            assertEquals(dao.blockNumber(), coordinator.runCycle().get(id));
            List<String> afterReorg = rows(TABLE, id);
            assertEquals(rows(SUMS, id), afterReorg, "a reorg rollback deleting some votes, then the canonical ones");
            assertEquals(new Tally(tokens(200), tokens(100), BigInteger.ZERO, 2), tally(id, first),
                    "carol's orphaned abstention is gone");
            assertEquals(new Tally(tokens(300), BigInteger.ZERO, tokens(100), 2), tally(id, second),
                    "bob's orphaned vote is gone; carol's canonical one counts");
            assertEquals(Tally.EMPTY, tally(id, unvoted));

            rollback.rollBack(syncer.source(governor), null);
            assertEquals(List.of(), rows(TABLE, id), "a rollback to the start leaves no tallies");
            coordinator.runCycle();
            assertEquals(afterReorg, rows(TABLE, id), "a fresh index has the same tallies");
        }
    }

    private Tally tally(String governorId, BigInteger proposalId) {
        return queries.tally(governorId, proposalId).await().indefinitely();
    }

    private List<String> rows(String sql, String governorId) {
        List<String> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(governorId)).await().indefinitely()
                .forEach(row -> rows.add(row.deepToString()));
        return rows;
    }
}
