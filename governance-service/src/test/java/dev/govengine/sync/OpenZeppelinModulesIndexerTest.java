package dev.govengine.sync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.govengine.contracts.generated.AccessManagedGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.SimpleGovernor;
import dev.govengine.contracts.generated.StoredSequentialGovernor;
import dev.govengine.contracts.generated.TestAccessManager;
import dev.govengine.contracts.generated.TimestampVotesNft;
import dev.govengine.contracts.generated.VotesNft;
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
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tuples.generated.Tuple3;
import org.web3j.utils.Numeric;

/**
 * OpenZeppelin 5 Governor modules beyond those of {@link ModularGovernorsIndexerTest}, deployed from OpenZeppelin's
 * npm sources (contracts/test/OzModuleGovernors.sol): GovernorTimelockAccess with an AccessManager, a counting module
 * this engine does not know, GovernorStorage, GovernorSequentialProposalId, GovernorProposalGuardian and an
 * ERC721Votes token. The index must equal the Governor's own answers at the indexed head.
 */
@QuarkusTest
class OpenZeppelinModulesIndexerTest {
    private static final Credentials DEPLOYER = DevAccounts.account(0);
    private static final Credentials ALICE = DevAccounts.account(1);
    private static final Credentials BOB = DevAccounts.account(2);
    private static final Credentials CAROL = DevAccounts.account(3);
    private static final BigInteger VOTING_PERIOD = BigInteger.valueOf(20);
    /** GovernorCountingPreference's supports: approve, reject, pass. */
    private static final BigInteger APPROVE = BigInteger.valueOf(10);
    private static final BigInteger REJECT = BigInteger.valueOf(11);
    private static final BigInteger PASS = BigInteger.valueOf(12);
    private static final long BASE_DELAY = 30;
    private static final long MANAGER_DELAY = 60;
    /** A target's name(): succeeds and changes nothing. */
    private static final byte[] NAME_CALL = Numeric.hexStringToByteArray("0x06fdde03");

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    GovernorRegistry registry;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    GovernanceQueries queries;

    private Web3j web3j;
    private Deployer deployer;
    private AnvilControl anvil;

    @BeforeEach
    void connect() {
        HttpService rpc = new HttpService(rpcUrl);
        web3j = Web3j.build(rpc);
        deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
        anvil = new AnvilControl(rpc);
    }

    @AfterEach
    void disconnect() {
        web3j.shutdown();
    }

    /** What the Governor answers about one proposal. */
    private record Answers(ProposalState state, Tuple3<BigInteger, BigInteger, BigInteger> votes, BigInteger deadline,
            BigInteger eta) {
    }

    @Test
    void anAccessManagedGovernorWithAnUnknownCountingModuleIsServedAsItAnswers() throws Exception {
        GovernanceToken token = GovernanceToken.deploy(web3j, deployer.transactionManager(DEPLOYER),
                deployer.gasProvider(), "Preference", "PREF", DEPLOYER.getAddress()).send();
        long startBlock = token.getTransactionReceipt().orElseThrow().getBlockNumber().longValueExact();
        long[] holdings = {40, 35, 25};
        List<Credentials> holders = List.of(ALICE, BOB, CAROL);
        for (int i = 0; i < holders.size(); i++) {
            token.mint(holders.get(i).getAddress(), DaoOnAnvil.tokens(holdings[i])).send();
            GovernanceToken.load(token.getContractAddress(), web3j, deployer.transactionManager(holders.get(i)),
                    deployer.gasProvider()).delegate(holders.get(i).getAddress()).send();
        }
        TestAccessManager manager = TestAccessManager.deploy(web3j, deployer.transactionManager(DEPLOYER),
                deployer.gasProvider(), DEPLOYER.getAddress()).send();
        AccessManagedGovernor deployed = AccessManagedGovernor.deploy(web3j, deployer.transactionManager(DEPLOYER),
                deployer.gasProvider(), token.getContractAddress(), manager.getContractAddress(),
                BigInteger.valueOf(BASE_DELAY), BigInteger.ONE, VOTING_PERIOD, BigInteger.TEN).send();
        // The Governor administers the manager with an execution delay: its calls to the manager are scheduled there.
        manager.grantRole(manager.ADMIN_ROLE().send(), deployed.getContractAddress(), BigInteger.valueOf(MANAGER_DELAY))
                .send();
        IndexedGovernor indexed = registry.register(IndexedGovernor.of("access-managed", AnvilResource.CHAIN,
                AnvilNode.CHAIN_ID, ChecksumAddress.of(deployed.getContractAddress()), startBlock));

        AccessManagedGovernor asAlice = as(deployed, ALICE);
        List<String> targets = List.of(manager.getContractAddress());
        List<BigInteger> values = List.of(BigInteger.ZERO);
        List<byte[]> approvedCall = List.of(labelRole(42, "council"));
        String approvedDescription = "# Label the council role\nthrough the AccessManager, after its delay";
        asAlice.propose(targets, values, approvedCall, approvedDescription).send();
        BigInteger approved = deployed.hashProposal(targets, values, approvedCall, hash(approvedDescription)).send();
        List<byte[]> rejectedCall = List.of(labelRole(43, "rejected"));
        String rejectedDescription = "# Label a role nobody wants";
        asAlice.propose(targets, values, rejectedCall, rejectedDescription).send();
        BigInteger rejected = deployed.hashProposal(targets, values, rejectedCall, hash(rejectedDescription)).send();
        anvil.mine(2);

        byte[] note = "approved, with a note".getBytes(StandardCharsets.UTF_8);
        asAlice.castVoteWithReasonAndParams(approved, APPROVE, "yes", note).send();
        as(deployed, BOB).castVote(approved, PASS).send();
        as(deployed, CAROL).castVote(approved, REJECT).send();
        asAlice.castVote(rejected, REJECT).send();
        as(deployed, BOB).castVote(rejected, REJECT).send();
        as(deployed, CAROL).castVote(rejected, APPROVE).send();
        coordinator.runCycle();
        for (BigInteger proposal : List.of(approved, rejected)) {
            assertIndexEquals(indexed, proposal, answers(deployed, proposal), ProposalState.ACTIVE);
        }

        JsonPath answer = graphql("""
                query($governor: ID!, $proposal: String!) {
                  governor(id: $governor) { countingMode }
                  proposal(governor: $governor, proposalId: $proposal) {
                    forVotes againstVotes abstainVotes voterCount
                    votes(first: 10) { edges { node { voter support supportValue weight forWeight params reason } } }
                  }
                }""", Map.of("governor", indexed.id(), "proposal", approved.toString()));
        assertNull(answer.get("errors"), () -> "errors: " + answer.prettify());
        assertEquals("support=preference&quorum=approve&params=note", answer.getString("data.governor.countingMode"));
        Tuple3<BigInteger, BigInteger, BigInteger> onChain = deployed.proposalVotes(approved).send();
        assertEquals(onChain.component2().toString(), answer.getString("data.proposal.forVotes"),
                "tallies are the Governor's proposalVotes");
        assertEquals(onChain.component1().toString(), answer.getString("data.proposal.againstVotes"));
        assertEquals(onChain.component3().toString(), answer.getString("data.proposal.abstainVotes"));
        assertEquals(3, answer.getInt("data.proposal.voterCount"));
        List<Map<String, Object>> votes = answer.getList("data.proposal.votes.edges.node");
        assertEquals(3, votes.size());
        for (Map<String, Object> vote : votes) {
            assertEquals("OTHER", vote.get("support"), "no known counting module defines " + vote.get("supportValue"));
            assertNull(vote.get("forWeight"));
        }
        Map<String, Object> alices = votes.stream().filter(v -> "yes".equals(v.get("reason"))).findFirst().orElseThrow();
        assertEquals(APPROVE.intValueExact(), alices.get("supportValue"));
        assertEquals(Numeric.toHexString(note), alices.get("params"));
        assertEquals(DaoOnAnvil.tokens(40).toString(), alices.get("weight"));

        anvil.mine(VOTING_PERIOD.longValueExact());
        coordinator.runCycle();
        assertIndexEquals(indexed, approved, answers(deployed, approved), ProposalState.SUCCEEDED);
        assertIndexEquals(indexed, rejected, answers(deployed, rejected), ProposalState.DEFEATED);

        asAlice.queue(targets, values, approvedCall, hash(approvedDescription)).send();
        coordinator.runCycle();
        Answers queued = answers(deployed, approved);
        assertIndexEquals(indexed, approved, queued, ProposalState.QUEUED);
        assertEquals(queued.eta().toString(), eta(indexed, approved), "the eta is served while queued");

        anvil.increaseTime(MANAGER_DELAY + 1);
        anvil.mine(1);
        TransactionReceipt execution = asAlice.execute(targets, values, approvedCall, hash(approvedDescription),
                BigInteger.ZERO).send();
        assertEquals(1, TestAccessManager.getRoleLabelEvents(execution).size(), "the manager ran the scheduled call");
        coordinator.runCycle();
        Answers executed = answers(deployed, approved);
        assertEquals(queued.eta(), executed.eta(), "OpenZeppelin 5 keeps the eta of an executed proposal");
        assertIndexEquals(indexed, approved, executed, ProposalState.EXECUTED);
        assertNull(eta(indexed, approved), "the schema's eta is null unless queued, though the Governor keeps it");
    }

    private static String eta(IndexedGovernor indexed, BigInteger proposal) {
        JsonPath answer = graphql("query($governor: ID!, $proposal: String!) {"
                + " proposal(governor: $governor, proposalId: $proposal) { eta } }",
                Map.of("governor", indexed.id(), "proposal", proposal.toString()));
        assertNull(answer.get("errors"), () -> "errors: " + answer.prettify());
        return answer.getString("data.proposal.eta");
    }

    @Test
    void anNftDaoWithStoredSequentialProposalsAndAGuardianIsServedAsItAnswers() throws Exception {
        VotesNft nft = VotesNft.deploy(web3j, deployer.transactionManager(DEPLOYER), deployer.gasProvider()).send();
        long startBlock = nft.getTransactionReceipt().orElseThrow().getBlockNumber().longValueExact();
        nft.mint(ALICE.getAddress(), BigInteger.valueOf(3)).send();
        nft.mint(BOB.getAddress(), BigInteger.TWO).send();
        for (Credentials holder : List.of(ALICE, BOB)) {
            VotesNft.load(nft.getContractAddress(), web3j, deployer.transactionManager(holder), deployer.gasProvider())
                    .delegate(holder.getAddress()).send();
        }
        StoredSequentialGovernor deployed = StoredSequentialGovernor.deploy(web3j,
                deployer.transactionManager(DEPLOYER), deployer.gasProvider(), nft.getContractAddress(),
                CAROL.getAddress(), BigInteger.ONE, VOTING_PERIOD, BigInteger.valueOf(40)).send();
        IndexedGovernor indexed = registry.register(IndexedGovernor.of("nft-sequential", AnvilResource.CHAIN,
                AnvilNode.CHAIN_ID, ChecksumAddress.of(deployed.getContractAddress()), startBlock));

        StoredSequentialGovernor asAlice = as(deployed, ALICE);
        List<String> targets = List.of(nft.getContractAddress());
        List<BigInteger> values = List.of(BigInteger.ZERO);
        BigInteger executed = createdId(asAlice.propose(targets, values, List.of(NAME_CALL),
                "# Executed by id").send());
        BigInteger vetoed = createdId(asAlice.propose(targets, values, List.of(NAME_CALL),
                "# Cancelled by the guardian").send());
        assertEquals(List.of(BigInteger.ONE, BigInteger.TWO), List.of(executed, vetoed),
                "GovernorSequentialProposalId numbers proposals");
        as(deployed, CAROL).cancel(vetoed).send();
        anvil.mine(2);
        asAlice.castVote(executed, BigInteger.ONE).send();
        as(deployed, BOB).castVote(executed, BigInteger.ZERO).send();
        coordinator.runCycle();
        assertIndexEquals(indexed, executed, answers(deployed, executed), ProposalState.ACTIVE);
        assertIndexEquals(indexed, vetoed, answers(deployed, vetoed), ProposalState.CANCELED);

        anvil.mine(VOTING_PERIOD.longValueExact());
        asAlice.execute(executed, BigInteger.ZERO).send();
        coordinator.runCycle();
        assertIndexEquals(indexed, executed, answers(deployed, executed), ProposalState.EXECUTED);
        assertEquals(BigInteger.TWO, deployed.proposalCount().send());
        assertEquals(2, queries.governor(indexed.id()).await().indefinitely().orElseThrow().proposalCount());

        long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
        for (long block = startBlock; block < head; block++) {
            for (Credentials holder : List.of(ALICE, BOB, CAROL)) {
                assertEquals(nft.getPastVotes(holder.getAddress(), BigInteger.valueOf(block)).send(),
                        queries.votingPowerAt(indexed.id(), ChecksumAddress.of(holder.getAddress()),
                                BigInteger.valueOf(block)).await().indefinitely(),
                        "NFT votes of " + holder.getAddress() + " at block " + block);
            }
        }
    }

    @Test
    void anNftDaoOnTheTimestampClockIsJudgedInSeconds() throws Exception {
        TimestampVotesNft nft = TimestampVotesNft.deploy(web3j, deployer.transactionManager(DEPLOYER),
                deployer.gasProvider()).send();
        long startBlock = nft.getTransactionReceipt().orElseThrow().getBlockNumber().longValueExact();
        nft.mint(ALICE.getAddress(), BigInteger.valueOf(3)).send();
        nft.mint(BOB.getAddress(), BigInteger.TWO).send();
        for (Credentials holder : List.of(ALICE, BOB)) {
            TimestampVotesNft.load(nft.getContractAddress(), web3j, deployer.transactionManager(holder),
                    deployer.gasProvider()).delegate(holder.getAddress()).send();
        }
        // Voting opens 100 seconds after the proposal and lasts 600.
        SimpleGovernor deployed = SimpleGovernor.deploy(web3j, deployer.transactionManager(DEPLOYER),
                deployer.gasProvider(), "NFT seconds", nft.getContractAddress(), BigInteger.valueOf(100),
                BigInteger.valueOf(600), BigInteger.valueOf(40)).send();
        IndexedGovernor indexed = registry.register(IndexedGovernor.of("nft-seconds", AnvilResource.CHAIN,
                AnvilNode.CHAIN_ID, ChecksumAddress.of(deployed.getContractAddress()), startBlock));
        SimpleGovernor asAlice = SimpleGovernor.load(deployed.getContractAddress(), web3j,
                deployer.transactionManager(ALICE), deployer.gasProvider());
        BigInteger proposal = SimpleGovernor.getProposalCreatedEvents(asAlice.propose(List.of(nft.getContractAddress()),
                List.of(BigInteger.ZERO), List.of(NAME_CALL), "# In seconds").send()).get(0).proposalId;
        BigInteger snapshot = deployed.proposalSnapshot(proposal).send();
        coordinator.runCycle();
        assertEquals(ProposalState.PENDING, timestampState(deployed, indexed, proposal));

        anvil.setNextBlockTimestamp(snapshot.longValueExact() + 1);
        asAlice.castVote(proposal, BigInteger.ONE).send();
        // Bob's NFT moves to Alice after the snapshot: the snapshot's votes still count it for Bob.
        TimestampVotesNft.load(nft.getContractAddress(), web3j, deployer.transactionManager(BOB),
                deployer.gasProvider()).transferFrom(BOB.getAddress(), ALICE.getAddress(), BigInteger.valueOf(4))
                .send();
        coordinator.runCycle();
        assertEquals(ProposalState.ACTIVE, timestampState(deployed, indexed, proposal));
        long now = nft.clock().send().longValueExact();
        for (Credentials holder : List.of(ALICE, BOB)) {
            for (long timepoint : new long[] {snapshot.longValueExact(), now - 1}) {
                assertEquals(nft.getPastVotes(holder.getAddress(), BigInteger.valueOf(timepoint)).send(),
                        queries.votingPowerAt(indexed.id(), ChecksumAddress.of(holder.getAddress()),
                                BigInteger.valueOf(timepoint)).await().indefinitely(),
                        "NFT votes of " + holder.getAddress() + " at second " + timepoint);
            }
        }

        anvil.setNextBlockTimestamp(deployed.proposalDeadline(proposal).send().longValueExact() + 1);
        anvil.mine(1);
        coordinator.runCycle();
        assertEquals(ProposalState.SUCCEEDED, timestampState(deployed, indexed, proposal));
    }

    /** The Governor's state, checked equal to the index's with its deadline; the chain's answer returned. */
    private ProposalState timestampState(SimpleGovernor governor, IndexedGovernor indexed, BigInteger proposal)
            throws Exception {
        ProposalState chain = ProposalState.values()[governor.state(proposal).send().intValueExact()];
        ProposalRecord record = queries.proposal(indexed.id(), proposal).await().indefinitely().orElseThrow();
        assertEquals(chain, record.state(), "state of " + proposal);
        assertEquals(governor.proposalDeadline(proposal).send(), record.voteEnd(), "deadline in seconds");
        assertEquals(governor.proposalVotes(proposal).send().component2(), record.tally().forVotes());
        return chain;
    }

    private void assertIndexEquals(IndexedGovernor indexed, BigInteger proposal, Answers chain, ProposalState expected) {
        assertEquals(expected, chain.state(), "on chain, proposal " + proposal);
        ProposalRecord record = queries.proposal(indexed.id(), proposal).await().indefinitely().orElseThrow();
        assertEquals(chain.state(), record.state(), "state of " + proposal);
        assertEquals(chain.votes().component1(), record.tally().against(), "against of " + proposal);
        assertEquals(chain.votes().component2(), record.tally().forVotes(), "for of " + proposal);
        assertEquals(chain.votes().component3(), record.tally().abstain(), "abstain of " + proposal);
        assertEquals(chain.deadline(), record.voteEnd(), "deadline of " + proposal);
        assertEquals(chain.eta().signum() == 0 ? null : chain.eta(), record.eta(), "eta of " + proposal);
    }

    private static Answers answers(AccessManagedGovernor governor, BigInteger proposal) throws Exception {
        return new Answers(ProposalState.values()[governor.state(proposal).send().intValueExact()],
                governor.proposalVotes(proposal).send(), governor.proposalDeadline(proposal).send(),
                governor.proposalEta(proposal).send());
    }

    private static Answers answers(StoredSequentialGovernor governor, BigInteger proposal) throws Exception {
        return new Answers(ProposalState.values()[governor.state(proposal).send().intValueExact()],
                governor.proposalVotes(proposal).send(), governor.proposalDeadline(proposal).send(),
                governor.proposalEta(proposal).send());
    }

    private AccessManagedGovernor as(AccessManagedGovernor deployed, Credentials as) {
        return AccessManagedGovernor.load(deployed.getContractAddress(), web3j, deployer.transactionManager(as),
                deployer.gasProvider());
    }

    private StoredSequentialGovernor as(StoredSequentialGovernor deployed, Credentials as) {
        return StoredSequentialGovernor.load(deployed.getContractAddress(), web3j, deployer.transactionManager(as),
                deployer.gasProvider());
    }

    private static BigInteger createdId(TransactionReceipt receipt) {
        return StoredSequentialGovernor.getProposalCreatedEvents(receipt).get(0).proposalId;
    }

    private static byte[] labelRole(long role, String label) {
        return Numeric.hexStringToByteArray(FunctionEncoder.encode(new Function("labelRole",
                Arrays.<Type>asList(new Uint64(role), new Utf8String(label)), List.of())));
    }

    private static byte[] hash(String description) {
        return Hash.sha3(description.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonPath graphql(String query, Map<String, Object> variables) {
        return given().contentType(ContentType.JSON).body(Map.of("query", query, "variables", variables))
                .when().post("/graphql").then().statusCode(200).extract().jsonPath();
    }
}
