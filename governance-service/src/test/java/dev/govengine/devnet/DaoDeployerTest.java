package dev.govengine.devnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.TimelockController;
import dev.govengine.testing.AnvilResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;

/** The chain path end to end: the generated wrappers deploy a DAO on a real Anvil, and a proposal reads back. */
@QuarkusTest
class DaoDeployerTest {
    private static final BigInteger VOTING_DELAY = BigInteger.valueOf(2);
    private static final BigInteger VOTING_PERIOD = BigInteger.valueOf(10);

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    private Web3j web3j;
    private HttpService rpc;

    @BeforeEach
    void connect() {
        rpc = new HttpService(rpcUrl);
        web3j = Web3j.build(rpc);
    }

    @AfterEach
    void disconnect() {
        web3j.shutdown();
    }

    @Test
    void deploysAWiredDaoAndReadsBackAProposal() throws Exception {
        Credentials deployer = DevAccounts.account(0);
        Credentials voter = DevAccounts.account(1);
        DaoDeployer daoDeployer = new DaoDeployer(web3j, AnvilNode.CHAIN_ID);
        DaoDeployment dao = daoDeployer.deploy(deployer, new DaoDeployer.Settings("Smoke DAO", "SMOKE",
                BigInteger.valueOf(3600), VOTING_DELAY, VOTING_PERIOD, BigInteger.ZERO, BigInteger.valueOf(4)));

        DaoGovernor governor = DaoGovernor.load(dao.governor().toString(), web3j,
                daoDeployer.transactionManager(voter), daoDeployer.gasProvider());
        assertEquals("Smoke DAO Governor", governor.name().send());
        assertEquals(dao.token().toString(), org.web3j.crypto.Keys.toChecksumAddress(governor.token().send()));
        assertEquals(dao.timelock().toString(), org.web3j.crypto.Keys.toChecksumAddress(governor.timelock().send()));
        assertEquals(VOTING_DELAY, governor.votingDelay().send());
        assertEquals(VOTING_PERIOD, governor.votingPeriod().send());
        assertEquals("mode=blocknumber&from=default", governor.CLOCK_MODE().send());

        TimelockController timelock = TimelockController.load(dao.timelock().toString(), web3j,
                daoDeployer.transactionManager(deployer), daoDeployer.gasProvider());
        assertTrue(timelock.hasRole(timelock.PROPOSER_ROLE().send(), dao.governor().toString()).send());
        assertTrue(timelock.hasRole(timelock.EXECUTOR_ROLE().send(), "0x0000000000000000000000000000000000000000").send());
        assertTrue(!timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE().send(), deployer.getAddress()).send(),
                "the deployer keeps no admin role");

        GovernanceToken token = GovernanceToken.load(dao.token().toString(), web3j,
                daoDeployer.transactionManager(deployer), daoDeployer.gasProvider());
        BigInteger supply = DemoActivity.ONE_TOKEN.multiply(BigInteger.valueOf(1000));
        token.mint(voter.getAddress(), supply).send();
        GovernanceToken.load(dao.token().toString(), web3j, daoDeployer.transactionManager(voter), daoDeployer.gasProvider())
                .delegate(voter.getAddress()).send();
        new AnvilControl(rpc).mine(1);

        String description = "# Smoke test\nDoes nothing.";
        TransactionReceipt proposed = governor.propose(List.of(dao.token().toString()), List.of(BigInteger.ZERO),
                List.of(new byte[0]), description).send();
        DaoGovernor.ProposalCreatedEventResponse created = DaoGovernor.getProposalCreatedEvents(proposed).get(0);

        assertEquals(voter.getAddress(), created.proposer.toLowerCase());
        assertEquals(description, created.description);
        assertEquals(proposed.getBlockNumber().add(VOTING_DELAY), created.voteStart);
        assertEquals(created.voteStart.add(VOTING_PERIOD), created.voteEnd);
        assertEquals(created.voteStart, governor.proposalSnapshot(created.proposalId).send());
        assertEquals(created.voteEnd, governor.proposalDeadline(created.proposalId).send());
        assertEquals(BigInteger.ZERO, governor.state(created.proposalId).send(), "Pending");

        new AnvilControl(rpc).mine(VOTING_DELAY.longValueExact() + 1);
        assertEquals(BigInteger.ONE, governor.state(created.proposalId).send(), "Active");
        governor.castVoteWithReason(created.proposalId, BigInteger.ONE, "ship it").send();
        var tally = governor.proposalVotes(created.proposalId).send();
        assertEquals(BigInteger.ZERO, tally.component1(), "against");
        assertEquals(supply, tally.component2(), "for: the voter's whole delegated balance");
        assertEquals(BigInteger.ZERO, tally.component3(), "abstain");
        assertEquals(supply.multiply(BigInteger.valueOf(4)).divide(BigInteger.valueOf(100)),
                governor.quorum(created.voteStart).send(), "4% of supply at the snapshot");
    }
}
