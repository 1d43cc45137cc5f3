package dev.govengine.sync;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.contracts.generated.FractionalGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.L1ClockToken;
import dev.govengine.contracts.generated.OverridableGovernor;
import dev.govengine.contracts.generated.OverridableVotesToken;
import dev.govengine.contracts.generated.SimpleGovernor;
import dev.govengine.contracts.generated.SuperQuorumGovernor;
import dev.govengine.deployment.Deployer;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.GovernanceQueries;
import dev.govengine.governance.ProposalRecord;
import dev.govengine.governance.ProposalState;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.rewards.inputs.EpochContributionReader;
import dev.govengine.rewards.scoring.GovernanceVote;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tuples.generated.Tuple3;
import org.web3j.utils.Numeric;

/**
 * Governors built from OpenZeppelin modules other than our own DaoGovernor's, deployed from OpenZeppelin's npm
 * sources: the index serves what the Governor itself answers (state(), proposalVotes(), quorum(),
 * proposalDeadline()), at the indexed head, where deriving them from events the way GovernorCountingSimple counts
 * would be wrong.
 */
@QuarkusTest
class ModularGovernorsIndexerTest {
    private static final Credentials DEPLOYER = DevAccounts.account(0);
    private static final Credentials ALICE = DevAccounts.account(1);
    private static final Credentials BOB = DevAccounts.account(2);
    private static final Credentials CAROL = DevAccounts.account(3);
    private static final int FRACTIONAL = 255;

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    GovernorRegistry registry;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    GovernanceQueries queries;

    @Inject
    EpochContributionReader contributions;

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

    @Test
    void fractionalVotesAreListedSplitAndTalliedAsTheGovernorCountsThem() throws Exception {
        GovernanceToken token = token("Fractional", 40, 35, 25);
        long startBlock = token.getTransactionReceipt().orElseThrow().getBlockNumber().longValueExact();
        FractionalGovernor deployed = FractionalGovernor.deploy(web3j, deployer.transactionManager(DEPLOYER),
                deployer.gasProvider(), "Fractional Governor", token.getContractAddress(), BigInteger.ONE,
                BigInteger.valueOf(20), BigInteger.valueOf(50)).send();
        anvil.mine(1);
        FractionalGovernor asAlice = fractional(deployed, ALICE);
        BigInteger split = propose(asAlice.propose(List.of(token.getContractAddress()), List.of(BigInteger.ZERO),
                List.of(new byte[0]), "# Split votes\nfor, against and abstain at once").send());
        BigInteger opposed = propose(asAlice.propose(List.of(token.getContractAddress()), List.of(BigInteger.ZERO),
                List.of(new byte[0]), "# Opposed\nagainst by a fractional vote").send());
        IndexedGovernor indexed = registry.register(IndexedGovernor.of("fractional", AnvilResource.CHAIN,
                AnvilNode.CHAIN_ID, ChecksumAddress.of(deployed.getContractAddress()), startBlock));
        anvil.mine(2);

        // Alice votes three times on one proposal: twice with parts of her weight, then the rest for.
        asAlice.castVoteWithReasonAndParams(split, BigInteger.valueOf(FRACTIONAL), "part one", params(5, 15, 5)).send();
        asAlice.castVoteWithReasonAndParams(split, BigInteger.valueOf(FRACTIONAL), "part two", params(0, 5, 0)).send();
        asAlice.castVote(split, BigInteger.ONE).send();
        fractional(deployed, BOB).castVoteWithReasonAndParams(split, BigInteger.valueOf(FRACTIONAL), "",
                params(10, 20, 5)).send();
        fractional(deployed, CAROL).castVote(split, BigInteger.TWO).send();
        asAlice.castVoteWithReasonAndParams(opposed, BigInteger.valueOf(FRACTIONAL), "", params(40, 0, 0)).send();
        fractional(deployed, BOB).castVote(opposed, BigInteger.ONE).send();
        fractional(deployed, CAROL).castVoteWithReasonAndParams(opposed, BigInteger.valueOf(FRACTIONAL), "",
                params(0, 0, 25)).send();

        coordinator.runCycle();
        for (BigInteger proposal : List.of(split, opposed)) {
            assertEquals(ProposalState.ACTIVE, chainState(deployed.state(proposal).send()));
            assertIndexEqualsChain(indexed, deployed, proposal);
        }

        anvil.mine(deployed.proposalDeadline(opposed).send().longValueExact() + 1 - blockNumber());
        coordinator.runCycle();
        assertEquals(ProposalState.SUCCEEDED, chainState(deployed.state(split).send()));
        assertEquals(ProposalState.DEFEATED, chainState(deployed.state(opposed).send()));
        for (BigInteger proposal : List.of(split, opposed)) {
            assertIndexEqualsChain(indexed, deployed, proposal);
        }
        ProposalRecord record = queries.proposal(indexed.id(), split).await().indefinitely().orElseThrow();
        assertEquals(3, record.tally().voters(), "three accounts voted, one of them three times");

        JsonPath answer = graphql("""
                query($governor: ID!, $proposal: String!) {
                  proposal(governor: $governor, proposalId: $proposal) {
                    voterCount forVotes againstVotes abstainVotes
                    votes(first: 20) { edges { node {
                      voter support supportValue weight forWeight againstWeight abstainWeight params reason } } }
                  }
                }""", Map.of("governor", indexed.id(), "proposal", split.toString()));
        assertNull(answer.get("errors"), () -> "errors: " + answer.prettify());
        List<Map<String, Object>> votes = answer.getList("data.proposal.votes.edges.node");
        assertEquals(5, votes.size(), "every partial vote is listed");
        assertEquals(3, answer.getInt("data.proposal.voterCount"));
        Set<String> voters = new HashSet<>();
        BigInteger forSum = BigInteger.ZERO;
        for (Map<String, Object> vote : votes) {
            voters.add((String) vote.get("voter"));
            BigInteger sides = new BigInteger((String) vote.get("forWeight"))
                    .add(new BigInteger((String) vote.get("againstWeight")))
                    .add(new BigInteger((String) vote.get("abstainWeight")));
            assertEquals(new BigInteger((String) vote.get("weight")), sides, "a vote's sides add up to its weight");
            forSum = forSum.add(new BigInteger((String) vote.get("forWeight")));
        }
        assertEquals(Set.of(ALICE.getAddress(), BOB.getAddress(), CAROL.getAddress()),
                voters.stream().map(v -> v.toLowerCase()).collect(java.util.stream.Collectors.toSet()));
        Tuple3<BigInteger, BigInteger, BigInteger> onChain = deployed.proposalVotes(split).send();
        assertEquals(onChain.component2(), forSum, "the listed votes add up to the Governor's for-votes");
        assertEquals(onChain.component2().toString(), answer.getString("data.proposal.forVotes"));
        Map<String, Object> partOne = votes.stream().filter(v -> "part one".equals(v.get("reason"))).findFirst()
                .orElseThrow();
        assertEquals("FRACTIONAL", partOne.get("support"));
        assertEquals(FRACTIONAL, partOne.get("supportValue"));
        assertEquals(DaoOnAnvil.tokens(15).toString(), partOne.get("forWeight"));
    }

    @Test
    void aProposalPastItsSuperQuorumSucceedsBeforeItsDeadlineAsOnChain() throws Exception {
        GovernanceToken token = token("Super", 40, 35, 25);
        long startBlock = token.getTransactionReceipt().orElseThrow().getBlockNumber().longValueExact();
        SuperQuorumGovernor deployed = SuperQuorumGovernor.deploy(web3j, deployer.transactionManager(DEPLOYER),
                deployer.gasProvider(), "Super Quorum Governor", token.getContractAddress(), BigInteger.ONE,
                BigInteger.valueOf(100), BigInteger.valueOf(10), BigInteger.valueOf(60)).send();
        anvil.mine(1);
        SuperQuorumGovernor asAlice = SuperQuorumGovernor.load(deployed.getContractAddress(), web3j,
                deployer.transactionManager(ALICE), deployer.gasProvider());
        BigInteger proposal = propose(asAlice.propose(List.of(token.getContractAddress()), List.of(BigInteger.ZERO),
                List.of(new byte[0]), "# Landslide\nfor-votes past the super quorum").send());
        IndexedGovernor indexed = registry.register(IndexedGovernor.of("super-quorum", AnvilResource.CHAIN,
                AnvilNode.CHAIN_ID, ChecksumAddress.of(deployed.getContractAddress()), startBlock));
        anvil.mine(2);
        asAlice.castVote(proposal, BigInteger.ONE).send();
        coordinator.runCycle();
        assertEquals(ProposalState.ACTIVE, queries.state(indexed.id(), proposal).await().indefinitely().orElseThrow(),
                "40 of 100 for: below the super quorum of 60");

        SuperQuorumGovernor.load(deployed.getContractAddress(), web3j, deployer.transactionManager(BOB),
                deployer.gasProvider()).castVote(proposal, BigInteger.ONE).send();
        coordinator.runCycle();
        assertTrue(blockNumber() < deployed.proposalDeadline(proposal).send().longValueExact(), "before the deadline");
        assertEquals(ProposalState.SUCCEEDED, chainState(deployed.state(proposal).send()));
        assertEquals(ProposalState.SUCCEEDED, queries.state(indexed.id(), proposal).await().indefinitely().orElseThrow());
    }

    @Test
    void aGovernorOnItsTokensOwnClockIsJudgedOnThatClock() throws Exception {
        L1ClockToken token = L1ClockToken.deploy(web3j, deployer.transactionManager(DEPLOYER), deployer.gasProvider(),
                "L1 clock", "L1C", DEPLOYER.getAddress()).send();
        long startBlock = token.getTransactionReceipt().orElseThrow().getBlockNumber().longValueExact();
        for (Credentials holder : List.of(ALICE, BOB)) {
            token.mint(holder.getAddress(), DaoOnAnvil.tokens(50)).send();
            L1ClockToken.load(token.getContractAddress(), web3j, deployer.transactionManager(holder),
                    deployer.gasProvider()).delegate(holder.getAddress()).send();
        }
        // Voting opens two L1 blocks (eight L2 blocks) after the proposal and lasts three L1 blocks.
        SimpleGovernor deployed = SimpleGovernor.deploy(web3j, deployer.transactionManager(DEPLOYER),
                deployer.gasProvider(), "L1 Clock Governor", token.getContractAddress(), BigInteger.TWO,
                BigInteger.valueOf(3), BigInteger.valueOf(10)).send();
        anvil.mine(4);
        SimpleGovernor asAlice = SimpleGovernor.load(deployed.getContractAddress(), web3j,
                deployer.transactionManager(ALICE), deployer.gasProvider());
        BigInteger proposal = propose(asAlice.propose(List.of(token.getContractAddress()), List.of(BigInteger.ZERO),
                List.of(new byte[0]), "# On the L1 clock\nsnapshot and deadline in L1 blocks").send());
        BigInteger snapshot = deployed.proposalSnapshot(proposal).send();
        assertTrue(snapshot.longValueExact() < blockNumber() / 2, "the Governor's clock is far below the block number");
        IndexedGovernor indexed = registry.register(IndexedGovernor.of("l1-clock", AnvilResource.CHAIN,
                AnvilNode.CHAIN_ID, ChecksumAddress.of(deployed.getContractAddress()), startBlock));

        coordinator.runCycle();
        assertEquals(ProposalState.PENDING, chainState(deployed.state(proposal).send()));
        assertProposalServedAsOnChain(indexed, deployed, proposal, false);

        anvil.mine(4 * (snapshot.longValueExact() + 1) - blockNumber());
        asAlice.castVote(proposal, BigInteger.ONE).send();
        // Bob's power moves after the snapshot: the snapshot's power on the Governor's clock still counts it.
        L1ClockToken.load(token.getContractAddress(), web3j, deployer.transactionManager(BOB), deployer.gasProvider())
                .delegate(ALICE.getAddress()).send();
        coordinator.runCycle();
        assertEquals(ProposalState.ACTIVE, chainState(deployed.state(proposal).send()));
        assertProposalServedAsOnChain(indexed, deployed, proposal, true);
        BigInteger now = token.clock().send();
        for (Credentials holder : List.of(ALICE, BOB)) {
            ChecksumAddress account = ChecksumAddress.of(holder.getAddress());
            for (BigInteger timepoint : List.of(snapshot, now.subtract(BigInteger.ONE))) {
                assertEquals(token.getPastVotes(holder.getAddress(), timepoint).send(),
                        queries.votingPowerAt(indexed.id(), account, timepoint).await().indefinitely(),
                        "power of " + account + " at " + timepoint + " on the Governor's clock");
            }
        }

        anvil.mine(4 * (deployed.proposalDeadline(proposal).send().longValueExact() + 1) - blockNumber());
        coordinator.runCycle();
        assertEquals(ProposalState.SUCCEEDED, chainState(deployed.state(proposal).send()));
        assertProposalServedAsOnChain(indexed, deployed, proposal, true);
    }

    @Test
    void anOverridingDelegatorIsListedAndTheTalliesAreTheGovernors() throws Exception {
        OverridableVotesToken token = OverridableVotesToken.deploy(web3j, deployer.transactionManager(DEPLOYER),
                deployer.gasProvider()).send();
        long startBlock = token.getTransactionReceipt().orElseThrow().getBlockNumber().longValueExact();
        token.mint(ALICE.getAddress(), DaoOnAnvil.tokens(60)).send();
        token.mint(BOB.getAddress(), DaoOnAnvil.tokens(40)).send();
        // Bob delegates to Alice, who votes with both; Bob then overrides his part.
        for (Credentials holder : List.of(ALICE, BOB)) {
            OverridableVotesToken.load(token.getContractAddress(), web3j, deployer.transactionManager(holder),
                    deployer.gasProvider()).delegate(ALICE.getAddress()).send();
        }
        OverridableGovernor deployed = OverridableGovernor.deploy(web3j, deployer.transactionManager(DEPLOYER),
                deployer.gasProvider(), token.getContractAddress(), BigInteger.ONE, BigInteger.valueOf(20),
                BigInteger.valueOf(10)).send();
        anvil.mine(1);
        OverridableGovernor asAlice = OverridableGovernor.load(deployed.getContractAddress(), web3j,
                deployer.transactionManager(ALICE), deployer.gasProvider());
        BigInteger proposal = propose(asAlice.propose(List.of(token.getContractAddress()), List.of(BigInteger.ZERO),
                List.of(new byte[0]), "# Overridden\na delegator votes against its delegate").send());
        IndexedGovernor indexed = registry.register(IndexedGovernor.of("overridable", AnvilResource.CHAIN,
                AnvilNode.CHAIN_ID, ChecksumAddress.of(deployed.getContractAddress()), startBlock));
        anvil.mine(2);
        asAlice.castVote(proposal, BigInteger.ONE).send();
        OverridableGovernor.load(deployed.getContractAddress(), web3j, deployer.transactionManager(BOB),
                deployer.gasProvider()).castOverrideVote(proposal, BigInteger.ZERO, "not in my name").send();
        coordinator.runCycle();

        Tuple3<BigInteger, BigInteger, BigInteger> onChain = deployed.proposalVotes(proposal).send();
        assertEquals(DaoOnAnvil.tokens(40), onChain.component1(), "Bob's weight moved to against");
        assertEquals(DaoOnAnvil.tokens(60), onChain.component2(), "Alice keeps her own");
        ProposalRecord record = queries.proposal(indexed.id(), proposal).await().indefinitely().orElseThrow();
        assertEquals(onChain.component1(), record.tally().against());
        assertEquals(onChain.component2(), record.tally().forVotes());
        assertEquals(chainState(deployed.state(proposal).send()), record.state());
        JsonPath answer = graphql("""
                query($governor: ID!, $proposal: String!) {
                  proposal(governor: $governor, proposalId: $proposal) {
                    voterCount votes(first: 10) { edges { node { voter support weight reason } } }
                  }
                }""", Map.of("governor", indexed.id(), "proposal", proposal.toString()));
        assertNull(answer.get("errors"), () -> "errors: " + answer.prettify());
        assertEquals(2, answer.getInt("data.proposal.voterCount"));
        Map<String, Object> override = answer.getList("data.proposal.votes.edges.node", Map.class).stream()
                .map(vote -> (Map<String, Object>) vote)
                .filter(vote -> "not in my name".equals(vote.get("reason"))).findFirst().orElseThrow();
        assertEquals(BOB.getAddress(), ((String) override.get("voter")).toLowerCase());
        assertEquals("AGAINST", override.get("support"));
        assertEquals(DaoOnAnvil.tokens(40).toString(), override.get("weight"));

        // Governance rewards count each voter once with the weight it really cast: Alice's VoteCast carried 100,
        // of which VoteReduced took Bob's 40 back.
        long deadline = deployed.proposalDeadline(proposal).send().longValueExact();
        anvil.mine(deadline + 1 - blockNumber());
        coordinator.runCycle();
        assertEquals(List.of(new GovernanceVote(proposal, ChecksumAddress.of(ALICE.getAddress()), DaoOnAnvil.tokens(60)),
                new GovernanceVote(proposal, ChecksumAddress.of(BOB.getAddress()), DaoOnAnvil.tokens(40))).stream()
                        .sorted(java.util.Comparator.comparing(GovernanceVote::voter)).toList(),
                contributions.read(new EpochContributionReader.Scope(AnvilNode.CHAIN_ID,
                        ChecksumAddress.of(deployed.getContractAddress()), Set.of(), indexed.id(), List.of(), 1,
                        deadline, deadline, 0, 0)).await().indefinitely().governance());
    }

    /** The proposal's state and voting window as the Governor has them, on its own clock, and the list answers. */
    private void assertProposalServedAsOnChain(IndexedGovernor indexed, SimpleGovernor deployed, BigInteger proposal,
            boolean votingStarted) throws Exception {
        assertEquals(chainState(deployed.state(proposal).send()),
                queries.state(indexed.id(), proposal).await().indefinitely().orElseThrow());
        JsonPath answer = graphql("""
                query($governor: ID!) {
                  proposals(governor: $governor) { edges { node { proposalId state voteStart voteEnd
                    timeline { kind reached timepoint } } } }
                }""", Map.of("governor", indexed.id()));
        assertNull(answer.get("errors"), () -> "errors: " + answer.prettify());
        assertEquals(deployed.proposalSnapshot(proposal).send().toString(),
                answer.getString("data.proposals.edges[0].node.voteStart"));
        assertEquals(deployed.proposalDeadline(proposal).send().toString(),
                answer.getString("data.proposals.edges[0].node.voteEnd"));
        List<Map<String, Object>> timeline = answer.getList("data.proposals.edges[0].node.timeline");
        Map<String, Object> starts = timeline.stream().filter(step -> "VOTING_STARTS".equals(step.get("kind")))
                .findFirst().orElseThrow();
        assertEquals(votingStarted, starts.get("reached"), "voting started, on the Governor's clock: " + timeline);
    }

    private void assertIndexEqualsChain(IndexedGovernor indexed, FractionalGovernor deployed, BigInteger proposal)
            throws Exception {
        ProposalRecord record = queries.proposal(indexed.id(), proposal).await().indefinitely().orElseThrow();
        Tuple3<BigInteger, BigInteger, BigInteger> votes = deployed.proposalVotes(proposal).send();
        assertEquals(chainState(deployed.state(proposal).send()), record.state(), "state of " + proposal);
        assertEquals(votes.component1(), record.tally().against(), "against of " + proposal);
        assertEquals(votes.component2(), record.tally().forVotes(), "for of " + proposal);
        assertEquals(votes.component3(), record.tally().abstain(), "abstain of " + proposal);
        assertEquals(deployed.proposalDeadline(proposal).send(), record.voteEnd());
    }

    private GovernanceToken token(String name, long... holdings) throws Exception {
        GovernanceToken token = GovernanceToken.deploy(web3j, deployer.transactionManager(DEPLOYER),
                deployer.gasProvider(), name, name.toUpperCase(), DEPLOYER.getAddress()).send();
        List<Credentials> holders = List.of(ALICE, BOB, CAROL);
        for (int i = 0; i < holdings.length; i++) {
            token.mint(holders.get(i).getAddress(), DaoOnAnvil.tokens(holdings[i])).send();
            GovernanceToken.load(token.getContractAddress(), web3j, deployer.transactionManager(holders.get(i)),
                    deployer.gasProvider()).delegate(holders.get(i).getAddress()).send();
        }
        return token;
    }

    private FractionalGovernor fractional(FractionalGovernor deployed, Credentials as) {
        return FractionalGovernor.load(deployed.getContractAddress(), web3j, deployer.transactionManager(as),
                deployer.gasProvider());
    }

    private static BigInteger propose(org.web3j.protocol.core.methods.response.TransactionReceipt receipt) {
        return FractionalGovernor.getProposalCreatedEvents(receipt).get(0).proposalId;
    }

    /** GovernorCountingFractional's params: three packed uint128, against, for and abstain, in whole tokens. */
    private static byte[] params(long against, long forVotes, long abstain) {
        StringBuilder hex = new StringBuilder();
        for (long part : new long[] {against, forVotes, abstain}) {
            hex.append(String.format("%032x", DaoOnAnvil.tokens(part)));
        }
        return Numeric.hexStringToByteArray(hex.toString());
    }

    private static ProposalState chainState(BigInteger state) {
        return ProposalState.values()[state.intValueExact()];
    }

    private long blockNumber() throws Exception {
        return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    private static JsonPath graphql(String query, Map<String, Object> variables) {
        return given().contentType(ContentType.JSON).body(Map.of("query", query, "variables", variables))
                .when().post("/graphql").then().statusCode(200).extract().jsonPath();
    }
}
