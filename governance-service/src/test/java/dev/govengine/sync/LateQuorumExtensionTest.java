package dev.govengine.sync;

import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.api.WalletOperations;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.LateQuorumGovernor;
import dev.govengine.deployment.Deployer;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.ProposalRecord;
import dev.govengine.governance.ProposalState;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.http.HttpService;

/**
 * ProposalExtended from a real GovernorPreventLateQuorum: a vote that reaches quorum late pushes the deadline out,
 * and the index's deadline and state follow the Governor's own.
 */
@QuarkusTest
class LateQuorumExtensionTest {
    private static final long VOTING_PERIOD = 10;
    private static final long EXTENSION = 20;
    private static final Credentials DEPLOYER = DevAccounts.account(0);
    private static final Credentials SMALL = DevAccounts.account(1);
    private static final Credentials LARGE = DevAccounts.account(2);

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    GovernorRegistry registry;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    GovernanceQueries queries;

    @Test
    void aLateQuorumExtendsTheDeadlineInTheIndexAsOnChain() throws Exception {
        HttpService rpc = new HttpService(rpcUrl);
        Web3j web3j = Web3j.build(rpc);
        try {
            Deployer deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
            AnvilControl anvil = new AnvilControl(rpc);
            GovernanceToken token = GovernanceToken.deploy(web3j, deployer.transactionManager(DEPLOYER),
                    deployer.gasProvider(), "Late", "LATE", DEPLOYER.getAddress()).send();
            long startBlock = token.getTransactionReceipt().orElseThrow().getBlockNumber().longValueExact();
            token.mint(SMALL.getAddress(), DaoOnAnvil.tokens(1)).send();
            token.mint(LARGE.getAddress(), DaoOnAnvil.tokens(99)).send();
            LateQuorumGovernor deployed = LateQuorumGovernor.deploy(web3j, deployer.transactionManager(DEPLOYER),
                    deployer.gasProvider(), "Late Quorum Governor", token.getContractAddress(), BigInteger.ONE,
                    BigInteger.valueOf(VOTING_PERIOD), BigInteger.valueOf(4), BigInteger.valueOf(EXTENSION)).send();
            for (Credentials holder : List.of(SMALL, LARGE)) {
                GovernanceToken.load(token.getContractAddress(), web3j, deployer.transactionManager(holder),
                        deployer.gasProvider()).delegate(holder.getAddress()).send();
            }
            anvil.mine(1);
            LateQuorumGovernor asSmall = governor(web3j, deployer, deployed, SMALL);
            var created = LateQuorumGovernor.getProposalCreatedEvents(asSmall.propose(List.of(token.getContractAddress()),
                    List.of(BigInteger.ZERO), List.of(new byte[0]), "# Late quorum\nvote late").send()).get(0);
            BigInteger proposal = created.proposalId;
            BigInteger originalDeadline = created.voteEnd;
            IndexedGovernor indexed = registry.register(IndexedGovernor.of("late-quorum", AnvilResource.CHAIN,
                    AnvilNode.CHAIN_ID, ChecksumAddress.of(deployed.getContractAddress()), startBlock));

            anvil.mine(3);
            asSmall.castVote(proposal, BigInteger.ONE).send();
            long lateVoteBlock = originalDeadline.longValueExact() - 1;
            anvil.mine(lateVoteBlock - blockNumber(web3j) - 1);
            var voted = governor(web3j, deployer, deployed, LARGE).castVote(proposal, BigInteger.ONE).send();
            assertEquals(lateVoteBlock, voted.getBlockNumber().longValueExact(), "the quorum comes in the last blocks");
            BigInteger extended = deployed.proposalDeadline(proposal).send();
            assertEquals(BigInteger.valueOf(lateVoteBlock + EXTENSION), extended, "the Governor extended the vote");

            anvil.mine(originalDeadline.longValueExact() + 1 - blockNumber(web3j));
            coordinator.runCycle();
            ProposalRecord atOldDeadline = queries.proposal(indexed.id(), proposal).await().indefinitely().orElseThrow();
            assertEquals(extended, atOldDeadline.voteEnd(), "the index's deadline is the extended one");
            assertEquals(ProposalState.ACTIVE, chainState(deployed, proposal), "still open past the original deadline");
            assertEquals(ProposalState.ACTIVE, atOldDeadline.state());
            assertEquals(true, proposalPage(indexed, proposal).getBoolean("data.proposal.voteEndEstimated"),
                    "the extended deadline is ahead of the head");

            anvil.mine(extended.longValueExact() + 1 - blockNumber(web3j));
            coordinator.runCycle();
            assertEquals(ProposalState.SUCCEEDED, chainState(deployed, proposal));
            assertEquals(ProposalState.SUCCEEDED, queries.state(indexed.id(), proposal).await().indefinitely().orElseThrow());
            assertTrue(blockNumber(web3j) > extended.longValueExact());
            JsonPath closed = proposalPage(indexed, proposal);
            assertEquals(Instant.ofEpochSecond(web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(extended), false)
                    .send().getBlock().getTimestamp().longValueExact()).toString(),
                    closed.getString("data.proposal.voteEndAt"), "the extended deadline block's own time");
            assertEquals(false, closed.getBoolean("data.proposal.voteEndEstimated"));
        } finally {
            web3j.shutdown();
        }
    }

    private static JsonPath proposalPage(IndexedGovernor governor, BigInteger proposal) {
        return WalletOperations.run("ProposalPage", Map.of("governor", governor.id(), "proposalId",
                proposal.toString())).body("errors", nullValue()).extract().jsonPath();
    }

    private static LateQuorumGovernor governor(Web3j web3j, Deployer deployer, LateQuorumGovernor deployed,
            Credentials as) {
        return LateQuorumGovernor.load(deployed.getContractAddress(), web3j, deployer.transactionManager(as),
                deployer.gasProvider());
    }

    private static ProposalState chainState(LateQuorumGovernor governor, BigInteger proposal) throws Exception {
        return ProposalState.values()[governor.state(proposal).send().intValueExact()];
    }

    private static long blockNumber(Web3j web3j) throws Exception {
        return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    }
}
