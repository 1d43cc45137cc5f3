package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.deployment.Deployer;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DemoActivity;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.IndexReads;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.sync.SyncCoordinator;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.ChecksumAddress;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.utils.Numeric;

/**
 * The wallet operations of graphql-schema/operations against a real indexed DAO: every value is compared with what
 * the contracts answer, every list is walked page by page and compared with the whole, and every bad input gets
 * its code while the service stays healthy.
 */
@io.quarkus.test.junit.QuarkusTest
class WalletReadsTest {
    private static final Credentials ALICE = DevAccounts.account(1);
    private static final Credentials BOB = DevAccounts.account(2);
    private static final Credentials CAROL = DevAccounts.account(3);
    private static final Credentials ERIN = DevAccounts.account(5);

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    GovernorRegistry registry;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    IndexReads reads;

    /** The class whose run built the fixture: each concrete class runs on a service, chain and database of its own. */
    private static Class<?> indexedFor;
    private static IndexedGovernor governor;
    private static Deployment dao;
    private static DemoActivity.Summary demo;
    private static BigInteger extraProposal;
    private static BigInteger canceledProposal;
    private static BigInteger bobsProposal;
    private static final Set<BigInteger> ALL_PROPOSALS = new HashSet<>();

    @BeforeEach
    void indexADaoWithHistory() throws Exception {
        if (indexedFor == getClass()) {
            return;
        }
        ALL_PROPOSALS.clear();
        HttpService rpc = new HttpService(rpcUrl);
        Web3j web3j = Web3j.build(rpc);
        try {
            Deployer deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
            dao = deployer.deploy(DevAccounts.account(0), DeploymentSettings.devnet("Reads DAO", "RDS",
                            ChecksumAddress.of(DevAccounts.engine().getAddress()), List.of(), DemoActivity.initialSupply())
                    .withDao(new DeploymentSettings.Dao("Reads DAO", "RDS", BigInteger.valueOf(60), BigInteger.ONE,
                            BigInteger.valueOf(20), BigInteger.ZERO, BigInteger.valueOf(4))));
            AnvilControl anvil = new AnvilControl(rpc);
            demo = new DemoActivity(web3j, deployer, anvil, dao).seed();
            ALL_PROPOSALS.addAll(List.of(demo.executedProposal(), demo.defeatedProposal(), demo.activeProposal()));

            extraProposal = propose(web3j, deployer, ALICE, "# Extra proposal\n\nVoted on by three delegates.");
            ALL_PROPOSALS.add(extraProposal);
            bobsProposal = propose(web3j, deployer, BOB, "# Bob's second proposal\n\nNobody votes.");
            ALL_PROPOSALS.add(bobsProposal);
            String canceledText = "# Withdrawn before voting\n\nThe proposer cancels it.";
            canceledProposal = propose(web3j, deployer, ALICE, canceledText);
            ALL_PROPOSALS.add(canceledProposal);
            governor(web3j, deployer, ALICE).cancel(List.of(dao.token().address().toString()), List.of(BigInteger.ZERO),
                    List.of(noopCalldata()), Hash.sha3(canceledText.getBytes(StandardCharsets.UTF_8))).send();
            anvil.mine(2);
            governor(web3j, deployer, ALICE).castVoteWithReason(extraProposal, BigInteger.ONE, "Yes.").send();
            governor(web3j, deployer, BOB).castVote(extraProposal, BigInteger.ZERO).send();
            governor(web3j, deployer, ERIN).castVote(extraProposal, BigInteger.TWO).send();
        } finally {
            web3j.shutdown();
        }
        governor = registry.register(IndexedGovernor.of("reads", AnvilResource.CHAIN, AnvilNode.CHAIN_ID,
                dao.governor().address(), dao.startBlock()));
        coordinator.runCycle();
        indexedFor = getClass();
    }

    private static BigInteger propose(Web3j web3j, Deployer deployer, Credentials proposer, String description)
            throws Exception {
        var receipt = governor(web3j, deployer, proposer).propose(List.of(dao.token().address().toString()),
                List.of(BigInteger.ZERO), List.of(noopCalldata()), description).send();
        return DaoGovernor.getProposalCreatedEvents(receipt).get(0).proposalId;
    }

    private static DaoGovernor governor(Web3j web3j, Deployer deployer, Credentials as) {
        return DaoGovernor.load(dao.governor().address().toString(), web3j,
                as == null ? new ReadonlyTransactionManager(web3j, DevAccounts.account(0).getAddress())
                        : deployer.transactionManager(as), deployer.gasProvider());
    }

    private static byte[] noopCalldata() {
        return Numeric.hexStringToByteArray(FunctionEncoder.encode(new Function("balanceOf",
                List.of(new Address(dao.timelock().address().toString())), List.of())));
    }

    /** Reads the contracts as a wallet would, at the chain head (which is the indexed head here). */
    private <T> T onChain(ChainRead<T> read) throws Exception {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            Deployer deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
            return read.apply(governor(web3j, deployer, null), GovernanceToken.load(dao.token().address().toString(),
                    web3j, new ReadonlyTransactionManager(web3j, DevAccounts.account(0).getAddress()),
                    deployer.gasProvider()));
        } finally {
            web3j.shutdown();
        }
    }

    private interface ChainRead<T> {
        T apply(DaoGovernor governor, GovernanceToken token) throws Exception;
    }

    private static ValidatableResponse graphql(String query) {
        return given().contentType(ContentType.JSON).body(Map.of("query", query))
                .when().post("/graphql").then().statusCode(200);
    }

    /**
     * Runs {@code operation} page by page with {@code first} items a page; returns every node in order, after
     * checking that every page's totalCount is the number of nodes the walk found.
     */
    private static List<Map<String, Object>> walk(String operation, Map<String, Object> variables, String connection,
            int first) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        Set<Integer> totals = new HashSet<>();
        String after = null;
        for (int pages = 0; pages < 50; pages++) {
            Map<String, Object> page = new HashMap<>(variables);
            page.put("first", first);
            if (after != null) {
                page.put("after", after);
            }
            JsonPath json = WalletOperations.run(operation, page).body("errors", nullValue()).extract().jsonPath();
            List<Map<String, Object>> edges = json.getList("data." + connection + ".edges");
            assertTrue(edges.size() <= first, "a page holds at most first items");
            edges.forEach(edge -> nodes.add(asMap(edge.get("node"))));
            totals.add(json.getInt("data." + connection + ".totalCount"));
            boolean hasNext = json.getBoolean("data." + connection + ".pageInfo.hasNextPage");
            if (!edges.isEmpty()) {
                assertEquals(edges.get(edges.size() - 1).get("cursor"),
                        json.getString("data." + connection + ".pageInfo.endCursor"));
            }
            if (!hasNext) {
                assertEquals(Set.of(nodes.size()), totals, operation + " " + variables + ": totalCount on every page");
                return nodes;
            }
            assertEquals(first, edges.size(), "only the last page may be short");
            after = json.getString("data." + connection + ".pageInfo.endCursor");
        }
        throw new AssertionError("more than 50 pages");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    private static BigInteger big(Object decimal) {
        return new BigInteger((String) decimal);
    }

    @Test
    void proposalsWalkedPageByPageAreEveryProposalInBothOrdersWithTheChainsTalliesAndStates() throws Exception {
        List<Map<String, Object>> newestFirst = walk("Proposals", Map.of("governor", governor.id()), "proposals", 2);
        List<Map<String, Object>> oldestFirst = walk("Proposals",
                Map.of("governor", governor.id(), "orderBy", "CREATED_ASC"), "proposals", 4);
        assertEquals(ALL_PROPOSALS, new HashSet<>(newestFirst.stream().map(p -> big(p.get("proposalId"))).toList()));
        assertEquals(ALL_PROPOSALS.size(), newestFirst.size(), "no proposal twice");
        List<Map<String, Object>> reversed = new ArrayList<>(oldestFirst);
        java.util.Collections.reverse(reversed);
        assertEquals(newestFirst, reversed);
        assertEquals(demo.executedProposal(), big(oldestFirst.get(0).get("proposalId")));
        assertEquals(canceledProposal, big(newestFirst.get(0).get("proposalId")));
        for (Map<String, Object> proposal : newestFirst) {
            BigInteger id = big(proposal.get("proposalId"));
            var votes = onChain((g, t) -> g.proposalVotes(id).send());
            assertEquals(votes.component1(), big(proposal.get("againstVotes")), "against of " + id);
            assertEquals(votes.component2(), big(proposal.get("forVotes")), "for of " + id);
            assertEquals(votes.component3(), big(proposal.get("abstainVotes")), "abstain of " + id);
            String state = dev.govengine.governance.ProposalState.values()[
                    onChain((g, t) -> g.state(id).send()).intValueExact()].name();
            assertEquals(state, proposal.get("state"), "state of " + id);
            assertEquals(onChain((g, t) -> g.proposalSnapshot(id).send()), big(proposal.get("voteStart")));
            assertEquals(governor.id(), asMap(proposal.get("governor")).get("id"));
        }
    }

    @Test
    void proposalsFilterByStateAndByProposerInAnyCase() {
        WalletOperations.run("Proposals", Map.of("governor", governor.id(), "states", List.of("EXECUTED", "CANCELED"),
                        "first", 1))
                .body("errors", nullValue())
                .body("data.proposals.edges.node.proposalId", org.hamcrest.Matchers.contains(canceledProposal.toString()))
                .body("data.proposals.pageInfo.hasNextPage", is(true));
        List<Map<String, Object>> finished = walk("Proposals",
                Map.of("governor", governor.id(), "states", List.of("EXECUTED", "CANCELED", "DEFEATED")), "proposals", 1);
        assertEquals(List.of(canceledProposal, demo.defeatedProposal(), demo.executedProposal()),
                finished.stream().map(p -> big(p.get("proposalId"))).toList());
        List<Map<String, Object>> alices = walk("Proposals", Map.of("governor", governor.id(),
                "proposer", ALICE.getAddress().toLowerCase()), "proposals", 20);
        assertEquals(List.of(canceledProposal, extraProposal, demo.executedProposal()),
                alices.stream().map(p -> big(p.get("proposalId"))).toList());
        alices.forEach(p -> assertEquals(ChecksumAddress.of(ALICE.getAddress()).toString(), p.get("proposer")));
    }

    @Test
    void proposalPageShowsTalliesVotesAndTimelineAsTheChainHasThem() throws Exception {
        BigInteger executed = demo.executedProposal();
        BigInteger snapshot = onChain((g, t) -> g.proposalSnapshot(executed).send());
        BigInteger deadline = onChain((g, t) -> g.proposalDeadline(executed).send());
        JsonPath page = WalletOperations.run("ProposalPage", Map.of("governor", governor.id(),
                        "proposalId", executed.toString()))
                .body("errors", nullValue())
                .body("data.proposal.state", is("EXECUTED"))
                .body("data.proposal.eta", nullValue())
                .body("data.proposal.voterCount", is(3))
                .body("data.proposal.final", is(true))
                .body("data.proposal.timeline.kind", org.hamcrest.Matchers.contains("CREATED", "VOTING_STARTS",
                        "VOTING_ENDS", "QUEUED", "EXECUTED"))
                .body("data.proposal.timeline.reached", org.hamcrest.Matchers.everyItem(is(true)))
                .extract().jsonPath();
        assertEquals(snapshot.toString(), page.getString("data.proposal.timeline[1].timepoint"));
        assertEquals(deadline.toString(), page.getString("data.proposal.timeline[2].timepoint"));
        assertNotNull(page.getString("data.proposal.timeline[3].txHash"));
        assertNull(page.getString("data.proposal.timeline[1].blockNumber"));
        List<Map<String, Object>> votes = page.getList("data.proposal.votes.edges.node");
        assertEquals(3, votes.size());
        assertFalse(page.getBoolean("data.proposal.votes.pageInfo.hasNextPage"));
        BigInteger forVotes = BigInteger.ZERO;
        for (Map<String, Object> vote : votes) {
            String voter = (String) vote.get("voter");
            assertEquals(ChecksumAddress.of(voter).toString(), voter, "checksummed");
            BigInteger weight = onChain((g, t) -> t.getPastVotes(voter, snapshot).send());
            assertEquals(weight, big(vote.get("weight")), "weight of " + voter);
            assertEquals(Boolean.TRUE, vote.get("final"));
            if ("FOR".equals(vote.get("support"))) {
                forVotes = forVotes.add(weight);
            }
        }
        assertEquals(onChain((g, t) -> g.proposalVotes(executed).send()).component2(), forVotes);
        List<Long> blocks = votes.stream().map(v -> Long.parseLong((String) v.get("blockNumber"))).toList();
        assertEquals(blocks.stream().sorted(Comparator.reverseOrder()).toList(), blocks, "newest first");

        WalletOperations.run("ProposalPage", Map.of("governor", governor.id(), "proposalId", canceledProposal.toString()))
                .body("errors", nullValue())
                .body("data.proposal.state", is("CANCELED"))
                .body("data.proposal.timeline.kind", org.hamcrest.Matchers.contains("CREATED", "CANCELED"));
        WalletOperations.run("ProposalPage", Map.of("governor", governor.id(), "proposalId",
                        demo.activeProposal().toString()))
                .body("data.proposal.state", is("ACTIVE"))
                .body("data.proposal.timeline.kind", org.hamcrest.Matchers.contains("CREATED", "VOTING_STARTS",
                        "VOTING_ENDS"))
                .body("data.proposal.timeline.reached", org.hamcrest.Matchers.contains(true, true, false));
    }

    /**
     * A proposal page reads its proposal with its Governor in one statement and beside it its votes by the proposal's
     * key, their count from the proposal's tally row: two statements. What it answers is what the proposal list answers for the
     * same proposal (read by the list's statement, its votes by the arrays of several proposals) and what the votes
     * query counts (the count's own statement), field by field.
     */
    @Test
    void aProposalPageCostsTwoStatementsAndAnswersWhatTheListAndTheVotesQueryAnswer() throws Exception {
        BigInteger executed = demo.executedProposal();
        long before = reads.count();
        Map<String, Object> page = WalletOperations.run("ProposalPage", Map.of("governor", governor.id(),
                        "proposalId", executed.toString(), "votes", 2))
                .body("errors", nullValue())
                .extract().jsonPath().getMap("data.proposal");
        assertEquals(2, reads.count() - before, "statements of one proposal page");
        assertEquals(3, page.get("voterCount"));

        String operation = java.nio.file.Files.readString(
                java.nio.file.Path.of("..", "graphql-schema", "operations", "ProposalPage.graphql"));
        int open = operation.indexOf('{', operation.indexOf("proposal(governor"));
        String selection = operation.substring(open, operation.lastIndexOf('}', operation.lastIndexOf('}') - 1) + 1);
        List<Map<String, Object>> listed = given().contentType(ContentType.JSON)
                .body(Map.of("query", "query L($governor: ID!, $votes: Int, $after: String) { proposals(governor:"
                                + " $governor, first: " + ALL_PROPOSALS.size() + ") { edges { node " + selection
                                + " } } }",
                        "variables", Map.of("governor", governor.id(), "votes", 2)))
                .when().post("/graphql").then().statusCode(200).body("errors", nullValue())
                .extract().jsonPath().getList("data.proposals.edges.node");
        assertEquals(ALL_PROPOSALS.size(), listed.size());
        Map<String, Object> same = listed.stream().filter(node -> executed.toString().equals(node.get("proposalId")))
                .findFirst().orElseThrow();
        assertEquals(same, page, "the page's proposal and the list's");
        // In a fragment the votes are not read beside the proposal but after it, by the proposal's key alone.
        before = reads.count();
        Map<String, Object> inFragment = given().contentType(ContentType.JSON)
                .body(Map.of("query", "query F($governor: ID!, $proposalId: String!, $votes: Int, $after: String) {"
                                + " proposal(governor: $governor, proposalId: $proposalId) { ... on Proposal "
                                + selection + " } }",
                        "variables", Map.of("governor", governor.id(), "proposalId", executed.toString(), "votes", 2)))
                .when().post("/graphql").then().statusCode(200).body("errors", nullValue())
                .extract().jsonPath().getMap("data.proposal");
        assertEquals(2, reads.count() - before, "statements of the page with its fields in a fragment");
        assertEquals(page, inFragment, "the page's proposal, its votes read beside it and after it");

        Map<String, Object> counted = graphql("{ votes(governor: \"" + governor.id() + "\", proposalId: \""
                + executed + "\", first: 2) { totalCount edges { cursor node { voter txHash } } } }")
                .body("errors", nullValue()).extract().jsonPath().getMap("data.votes");
        @SuppressWarnings("unchecked")
        Map<String, Object> votes = (Map<String, Object>) page.get("votes");
        assertEquals(3, votes.get("totalCount"));
        assertEquals(counted.get("totalCount"), votes.get("totalCount"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> edges = (List<Map<String, Object>>) votes.get("edges");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> countedEdges = (List<Map<String, Object>>) counted.get("edges");
        assertEquals(countedEdges.stream().map(edge -> edge.get("cursor")).toList(),
                edges.stream().map(edge -> edge.get("cursor")).toList());
        assertEquals(2, edges.size());
    }

    private static void assertNull(Object value) {
        org.junit.jupiter.api.Assertions.assertNull(value);
    }

    @Test
    void votesWalkedPageByPageAreEveryVoteOfAProposalAndOfAVoter() throws Exception {
        List<Map<String, Object>> all = walk("Votes", Map.of("governor", governor.id(),
                "proposalId", extraProposal.toString()), "votes", 1);
        assertEquals(List.of(ChecksumAddress.of(ERIN.getAddress()).toString(), ChecksumAddress.of(BOB.getAddress())
                .toString(), ChecksumAddress.of(ALICE.getAddress()).toString()), all.stream().map(v -> v.get("voter")).toList());
        assertEquals(List.of("ABSTAIN", "AGAINST", "FOR"), all.stream().map(v -> v.get("support")).toList());
        assertEquals("Yes.", all.get(2).get("reason"));
        all.forEach(vote -> assertEquals(extraProposal.toString(), asMap(vote.get("proposal")).get("proposalId")));

        List<Map<String, Object>> alices = walk("Votes", Map.of("governor", governor.id(),
                "voter", ALICE.getAddress().toUpperCase().replace("0X", "0x")), "votes", 2);
        assertEquals(List.of(extraProposal, demo.defeatedProposal(), demo.executedProposal()),
                alices.stream().map(v -> big(asMap(v.get("proposal")).get("proposalId"))).toList());
        BigInteger now = onChain((g, t) -> t.getVotes(ALICE.getAddress()).send());
        assertEquals(now, big(alices.get(0).get("weight")), "alice's power has not moved since");

        WalletOperations.run("Votes", Map.of("governor", governor.id(), "proposalId", extraProposal.toString(),
                        "voter", BOB.getAddress()))
                .body("errors", nullValue())
                .body("data.votes.totalCount", is(1))
                .body("data.votes.edges.node.support", org.hamcrest.Matchers.contains("AGAINST"));
        List<Map<String, Object>> everyVote = walk("Votes", Map.of("governor", governor.id()), "votes", 4);
        long onTheIndex = reads.query("SELECT count(*) AS n FROM vote WHERE governor_id = $1",
                io.vertx.mutiny.sqlclient.Tuple.of(governor.id())).await().indefinitely().iterator().next().getLong("n");
        assertEquals(onTheIndex, everyVote.size(), "every vote of the Governor");
    }

    @Test
    void accountShowsPowerNowAndInThePastItsDelegateDelegatorsAndVotes() throws Exception {
        BigInteger snapshot = onChain((g, t) -> g.proposalSnapshot(demo.executedProposal()).send());
        JsonPath account = WalletOperations.run("Account", Map.of("governor", governor.id(),
                        "address", ALICE.getAddress(), "timepoint", snapshot.toString(), "votes", 2))
                .body("errors", nullValue())
                .body("data.account.address", is(ChecksumAddress.of(ALICE.getAddress()).toString()))
                .body("data.account.delegatorCount", is(2))
                .body("data.account.votes.edges.node.proposal.proposalId", org.hamcrest.Matchers.contains(
                        extraProposal.toString(), demo.defeatedProposal().toString()))
                .body("data.account.votes.pageInfo.hasNextPage", is(true))
                .extract().jsonPath();
        assertEquals(onChain((g, t) -> t.getVotes(ALICE.getAddress()).send()),
                big(account.getString("data.account.votingPower")));
        assertEquals(onChain((g, t) -> t.getPastVotes(ALICE.getAddress(), snapshot).send()),
                big(account.getString("data.account.votingPowerAt")));
        assertEquals(ChecksumAddress.of(onChain((g, t) -> t.delegates(ALICE.getAddress()).send())).toString(),
                account.getString("data.account.delegate"));

        WalletOperations.run("Account", Map.of("governor", governor.id(), "address", CAROL.getAddress(),
                        "timepoint", "0"))
                .body("errors", nullValue())
                .body("data.account.votingPower", is("0"))
                .body("data.account.delegate", is(ChecksumAddress.of(ALICE.getAddress()).toString()))
                .body("data.account.votes.edges", org.hamcrest.Matchers.empty());
        WalletOperations.run("Account", Map.of("governor", governor.id(),
                        "address", "0x00000000000000000000000000000000000000aa", "timepoint", "1"))
                .body("errors", nullValue())
                .body("data.account.votingPower", is("0"))
                .body("data.account.votingPowerAt", is("0"))
                .body("data.account.delegate", nullValue())
                .body("data.account.delegatorCount", is(0));
    }

    @Test
    void delegatesWalkedPageByPageAreTheLeaderboardInBothOrders() throws Exception {
        List<Map<String, Object>> byPower = walk("Delegates", Map.of("governor", governor.id()), "delegates", 2);
        assertEquals(List.of(ALICE, BOB, ERIN).stream().map(c -> ChecksumAddress.of(c.getAddress()).toString()).toList(),
                byPower.stream().map(d -> d.get("address")).toList());
        for (Map<String, Object> delegate : byPower) {
            String address = (String) delegate.get("address");
            assertEquals(onChain((g, t) -> t.getVotes(address).send()), big(delegate.get("votingPower")));
        }
        assertEquals(List.of(2, 2, 1), byPower.stream().map(d -> d.get("delegatorCount")).toList());
        List<Map<String, Object>> byDelegators = walk("Delegates", Map.of("governor", governor.id(),
                "orderBy", "DELEGATOR_COUNT_DESC"), "delegates", 1);
        List<String> tiedPair = List.of(ChecksumAddress.of(ALICE.getAddress()), ChecksumAddress.of(BOB.getAddress()))
                .stream().sorted().map(ChecksumAddress::toString).toList();
        assertEquals(List.of(tiedPair.get(0), tiedPair.get(1), ChecksumAddress.of(ERIN.getAddress()).toString()),
                byDelegators.stream().map(d -> d.get("address")).toList(), "ties by the lower address");
    }

    @Test
    void nestedFieldsLoadInBatchesSoAPageCostsTheSameStatementsWhateverItsSize() {
        String query = """
                query Batched($governor: ID!, $first: Int) {
                  proposals(governor: $governor, first: $first) {
                    edges { node { proposalId forVotes state governor { id }
                      votes(first: 5) { edges { node { voter weight proposal { proposalId state } } } } } }
                  }
                }""";
        long small = statements(query, 3);
        long large = statements(query, ALL_PROPOSALS.size());
        assertEquals(small, large, "statements for 3 proposals and for " + ALL_PROPOSALS.size());
        assertTrue(large <= 5, "governor, page, votes, their proposals, governors: " + large);
        long perVoter = statements("""
                query Voters($governor: ID!) {
                  votes(governor: $governor, first: 20) { edges { node { voter proposal { proposalId votes { edges { node { voter } } } } } } }
                }""", 0);
        assertTrue(perVoter <= 5, "votes, their proposals, governors, the proposals' votes: " + perVoter);
    }

    private long statements(String query, int first) {
        Map<String, Object> variables = new HashMap<>(Map.of("governor", governor.id()));
        if (first > 0) {
            variables.put("first", first);
        }
        long before = reads.count();
        given().contentType(ContentType.JSON).body(Map.of("query", query, "variables", variables))
                .when().post("/graphql").then().statusCode(200).body("errors", nullValue());
        return reads.count() - before;
    }

    @Test
    void firstZeroIsAnEmptyPageThatSaysWhetherItemsFollowAndCountsThem() {
        String id = governor.id();
        WalletOperations.run("Proposals", Map.of("governor", id, "first", 0))
                .body("errors", nullValue())
                .body("data.proposals.edges", org.hamcrest.Matchers.empty())
                .body("data.proposals.pageInfo.endCursor", nullValue())
                .body("data.proposals.pageInfo.hasNextPage", is(true))
                .body("data.proposals.totalCount", is(ALL_PROPOSALS.size()));
        String oldest = WalletOperations.run("Proposals", Map.of("governor", id, "first", ALL_PROPOSALS.size()))
                .extract().jsonPath().getString("data.proposals.pageInfo.endCursor");
        WalletOperations.run("Proposals", Map.of("governor", id, "first", 0, "after", oldest))
                .body("errors", nullValue())
                .body("data.proposals.edges", org.hamcrest.Matchers.empty())
                .body("data.proposals.pageInfo.hasNextPage", is(false))
                .body("data.proposals.totalCount", is(ALL_PROPOSALS.size()));
        String canceled = WalletOperations.run("Proposals", Map.of("governor", id, "states", List.of("CANCELED"),
                        "first", 0))
                .body("data.proposals.pageInfo.hasNextPage", is(true))
                .body("data.proposals.totalCount", is(1))
                .extract().path("data.proposals.pageInfo.endCursor");
        assertNull(canceled);
        String onlyCanceled = WalletOperations.run("Proposals", Map.of("governor", id, "states", List.of("CANCELED"),
                "first", 1)).extract().path("data.proposals.pageInfo.endCursor");
        WalletOperations.run("Proposals", Map.of("governor", id, "states", List.of("CANCELED"), "first", 0,
                        "after", onlyCanceled))
                .body("data.proposals.pageInfo.hasNextPage", is(false))
                .body("data.proposals.totalCount", is(1));

        WalletOperations.run("Votes", Map.of("governor", id, "proposalId", extraProposal.toString(), "first", 0))
                .body("errors", nullValue())
                .body("data.votes.edges", org.hamcrest.Matchers.empty())
                .body("data.votes.pageInfo.hasNextPage", is(true))
                .body("data.votes.totalCount", is(3));
        WalletOperations.run("ProposalPage", Map.of("governor", id, "proposalId", demo.executedProposal().toString(),
                        "votes", 0))
                .body("errors", nullValue())
                .body("data.proposal.votes.edges", org.hamcrest.Matchers.empty())
                .body("data.proposal.votes.pageInfo.hasNextPage", is(true))
                .body("data.proposal.votes.totalCount", is(3));
        WalletOperations.run("ProposalPage", Map.of("governor", id, "proposalId", bobsProposal.toString(), "votes", 0))
                .body("data.proposal.votes.pageInfo.hasNextPage", is(false))
                .body("data.proposal.votes.totalCount", is(0));
        WalletOperations.run("Account", Map.of("governor", id, "address", ALICE.getAddress(), "timepoint", "1",
                        "votes", 0))
                .body("errors", nullValue())
                .body("data.account.votes.edges", org.hamcrest.Matchers.empty())
                .body("data.account.votes.pageInfo.hasNextPage", is(true))
                .body("data.account.votes.totalCount", is(3));
        WalletOperations.run("Delegates", Map.of("governor", id, "first", 0))
                .body("errors", nullValue())
                .body("data.delegates.edges", org.hamcrest.Matchers.empty())
                .body("data.delegates.pageInfo.hasNextPage", is(true))
                .body("data.delegates.totalCount", is(3));
    }

    @Test
    void searchFindsWordsOfTheTitleAndTheBodyWithTheOtherFiltersAndPages() {
        // "proposal" is in three texts; the walks check cursors and totalCount page by page, in both orders.
        List<BigInteger> newestFirst = walk("Proposals", Map.of("governor", governor.id(), "search", "Proposal"),
                "proposals", 1).stream().map(p -> big(p.get("proposalId"))).toList();
        assertEquals(List.of(bobsProposal, extraProposal, demo.activeProposal()), newestFirst);
        List<BigInteger> oldestFirst = new ArrayList<>(walk("Proposals", Map.of("governor", governor.id(),
                "search", "proposal", "orderBy", "CREATED_ASC"), "proposals", 2).stream()
                .map(p -> big(p.get("proposalId"))).toList());
        java.util.Collections.reverse(oldestFirst);
        assertEquals(newestFirst, oldestFirst);
        List<BigInteger> active = WalletOperations.run("Proposals", Map.of("governor", governor.id(),
                        "states", List.of("ACTIVE"), "first", 20)).extract().jsonPath()
                .<String>getList("data.proposals.edges.node.proposalId").stream().map(BigInteger::new)
                .filter(newestFirst::contains).toList();
        assertFalse(active.isEmpty());

        BigInteger defeated = demo.defeatedProposal();
        BigInteger executed = demo.executedProposal();
        assertSearches(List.of(
                new Search("RAISE", "", List.of(defeated), "a word of the title, in another case"),
                new Search("multisig", "", List.of(executed), "a word of the body only"),
                new Search("treasury", "", List.of(), "a word no proposal has"),
                new Search("\"raise the quorum\"", "", List.of(defeated), "a phrase"),
                new Search("\"quorum raise\"", "", List.of(), "the phrase's words in another order"),
                new Search("quorum -capture", "", List.of(), "a word excluded"),
                new Search("quorum or multisig", "", List.of(defeated, executed), "either word"),
                // Operators and punctuation of to_tsquery only separate words here, never a syntax error.
                new Search("quorum:* & !capture", "", List.of(defeated), "tsquery operators are punctuation"),
                new Search("\"quorum", "", List.of(defeated), "an unclosed quote"),
                new Search("!!! & : | ( ' \\ <-> \"", "", List.of(), "no word, no match"),
                new Search(" \t ", "", List.copyOf(newestFirstOfAll()), "blank is no search"),
                new Search("proposal", ", proposer: \"" + BOB.getAddress() + "\"", List.of(bobsProposal), "with a proposer"),
                new Search("proposal", ", states: [ACTIVE]", active, "with a state")));
    }

    private record Search(String text, String arguments, List<BigInteger> expected, String why) {
    }

    /** Every proposal, newest first. */
    private static List<BigInteger> newestFirstOfAll() {
        return WalletOperations.run("Proposals", Map.of("governor", governor.id(), "first", 20)).extract().jsonPath()
                .<String>getList("data.proposals.edges.node.proposalId").stream().map(BigInteger::new).toList();
    }

    /** Runs the searches in one query, one alias each: each finds what it expects, which its totalCount counts. */
    private static void assertSearches(List<Search> searches) {
        StringBuilder declarations = new StringBuilder("$governor: ID!");
        StringBuilder fields = new StringBuilder();
        Map<String, Object> variables = new HashMap<>(Map.of("governor", governor.id()));
        for (int i = 0; i < searches.size(); i++) {
            declarations.append(", $s").append(i).append(": String");
            variables.put("s" + i, searches.get(i).text());
            fields.append(" s").append(i).append(": proposals(governor: $governor, search: $s").append(i)
                    .append(", first: 20").append(searches.get(i).arguments())
                    .append(") { totalCount pageInfo { hasNextPage } edges { node { proposalId } } }");
        }
        JsonPath answer = given().contentType(ContentType.JSON).body(Map.of("query",
                        "query Searches(" + declarations + ") {" + fields + " }", "variables", variables))
                .when().post("/graphql").then().statusCode(200).body("errors", nullValue()).extract().jsonPath();
        for (int i = 0; i < searches.size(); i++) {
            Search search = searches.get(i);
            List<BigInteger> found = answer.<String>getList("data.s" + i + ".edges.node.proposalId").stream()
                    .map(BigInteger::new).toList();
            assertEquals(search.expected(), found, search.why() + ": " + search.text());
            assertEquals(found.size(), answer.getInt("data.s" + i + ".totalCount"), search.why());
            assertFalse(answer.getBoolean("data.s" + i + ".pageInfo.hasNextPage"), search.why());
        }
    }

    @Test
    void badInputsGetTheirCodeAndTheServiceStaysHealthy() {
        String id = governor.id();
        graphql("{ proposals(governor: \"" + id + "\", proposer: \"0x12345\") { edges { cursor } } }")
                .body("errors[0].extensions.code", is("BAD_ADDRESS"));
        graphql("{ account(governor: \"" + id + "\", address: \"0xnot-an-address\") { votingPower } }")
                .body("errors[0].extensions.code", is("BAD_ADDRESS"));
        graphql("{ delegates(governor: \"eip155:31337:0x00000000000000000000000000000000000000ff\") { edges { cursor } } }")
                .body("errors[0].extensions.code", is("NOT_FOUND"));
        graphql("{ votes(governor: \"" + id + "\", proposalId: \"42\") { edges { cursor } } }")
                .body("errors[0].extensions.code", is("NOT_FOUND"));
        graphql("{ proposals(governor: \"" + id + "\", first: -1) { edges { cursor } } }")
                .body("errors[0].extensions.code", is("BAD_INPUT"))
                .body("errors[0].message", containsString("first must not be negative, got -1"));
        graphql("{ proposals(governor: \"" + id + "\", search: \"" + "word ".repeat(40) + "x\") { totalCount } }")
                .body("errors[0].extensions.code", is("BAD_INPUT"))
                .body("errors[0].message", containsString("search is 201 characters long; the maximum is 200"));
        graphql("{ proposals(governor: \"" + id + "\", search: \"quorum\\u0000\") { totalCount } }")
                .body("errors[0].extensions.code", is("BAD_INPUT"))
                .body("errors[0].message", containsString("NUL"));
        graphql("{ votes(governor: \"" + id + "\", first: 1000000) { edges { node { voter proposal { title } } } } }")
                .body("errors[0].extensions.code", is("LIMIT_EXCEEDED"))
                .body("errors[0].message", containsString("first is 1000000, above the maximum page size of 100"));
        graphql("{ proposals(governor: \"" + id + "\", first: 101) { edges { cursor } } }")
                .body("errors[0].extensions.code", is("LIMIT_EXCEEDED"))
                .body("errors[0].message", containsString("maximum page size of 100"));
        graphql("{ votes(governor: \"" + id + "\", first: 2147483647) { edges { cursor } } }")
                .body("errors[0].extensions.code", is("LIMIT_EXCEEDED"));
        graphql("{ votes(governor: \"" + id + "\", first: 99999999999) { edges { cursor } } }")
                .body("errors[0].extensions.code", is("BAD_INPUT"))
                .body("errors[0].message", containsString("99999999999 is not an Int"));
        graphql("{ proposals(governor: \"" + id + "\", after: \"!not-a-cursor\") { edges { cursor } } }")
                .body("errors[0].extensions.code", is("BAD_INPUT"))
                .body("errors[0].message", containsString("malformed"));
        String ascending = WalletOperations.run("Proposals", Map.of("governor", id, "orderBy", "CREATED_ASC",
                "first", 1)).extract().jsonPath().getString("data.proposals.pageInfo.endCursor");
        graphql("{ proposals(governor: \"" + id + "\", after: \"" + ascending + "\") { edges { cursor } } }")
                .body("errors[0].extensions.code", is("BAD_INPUT"));
        graphql("{ delegates(governor: \"" + id + "\", after: \"" + ascending + "\") { edges { cursor } } }")
                .body("errors[0].extensions.code", is("BAD_INPUT"));
        graphql("{ account(governor: \"" + id + "\", address: \"" + ALICE.getAddress()
                + "\") { votingPowerAt(timepoint: \"99999999999\") } }")
                .body("errors[0].extensions.code", is("BAD_INPUT"))
                .body("errors[0].message", containsString("after the indexed head"));
        graphql("{ proposal(governor: \"" + id + "\", proposalId: \"" + extraProposal + "\") { votes { edges { node {"
                + " proposal { votes { edges { node { proposal { votes { edges { node { voter } } } } } } } } } } } } }")
                .body("errors[0].extensions.code", is("LIMIT_EXCEEDED"))
                .body("errors[0].message", containsString("maximum depth is 10"));
        graphql("{ proposals(governor: \"" + id + "\", first: 100) { edges { node {"
                + " votes(first: 100) { edges { node { voter weight } } } } } } }")
                .body("errors[0].extensions.code", is("LIMIT_EXCEEDED"))
                .body("errors[0].message", containsString("complexity"));
        graphql("# " + "padding ".repeat(2100) + "\n{ governors { id } }")
                .body("errors[0].extensions.code", is("LIMIT_EXCEEDED"))
                .body("errors[0].message", containsString("maximum is 16384"));
        graphql("{ governors { id }")
                .body("errors[0].extensions.code", is("BAD_INPUT"));
        graphql("{ governors { noSuchField } }")
                .body("errors[0].extensions.code", is("BAD_INPUT"));

        given().when().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        WalletOperations.run("Governors").body("errors", nullValue());
        WalletOperations.run("Delegates", Map.of("governor", id)).body("errors", nullValue())
                .body("data.delegates.edges.size()", is(3));
    }
}
