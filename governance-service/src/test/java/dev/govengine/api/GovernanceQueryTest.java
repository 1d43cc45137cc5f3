package dev.govengine.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.RewardDistributor;
import dev.govengine.contracts.generated.RewardPolicy;
import dev.govengine.contracts.generated.TimelockController;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.govengine.deployment.Deployer;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DemoActivity;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.ProposalQueries;
import dev.govengine.governance.ProposalState;
import dev.govengine.governance.index.GovernorRegistry;
import dev.govengine.governance.index.IndexedGovernor;
import dev.govengine.persistence.Numerics;
import dev.govengine.sync.SyncCoordinator;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.ChecksumAddress;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.utils.Numeric;

/** The wallet queries for governors and proposals, against a real indexed chain, and their refusals. */
@QuarkusTest
class GovernanceQueryTest {
    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @Inject
    GovernorRegistry registry;

    @Inject
    SyncCoordinator coordinator;

    @Inject
    Pool pool;

    private static IndexedGovernor governor;
    private static DemoActivity.Summary demo;
    private static Deployment dao;
    private static final String BOB = ChecksumAddress.of(DevAccounts.account(2).getAddress()).toString();
    private static BigInteger decodedActionsProposal;
    private static TransactionReceipt dated;

    @BeforeEach
    void indexADemoDao() throws Exception {
        if (governor != null) {
            return;
        }
        HttpService rpc = new HttpService(rpcUrl);
        Web3j web3j = Web3j.build(rpc);
        try {
            Deployer deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
            dao = deployer.deploy(DevAccounts.account(0), DeploymentSettings.devnet("Query DAO", "QRY",
                            ChecksumAddress.of(DevAccounts.engine().getAddress()), List.of(), DemoActivity.initialSupply())
                    .withDao(new DeploymentSettings.Dao("Query DAO", "QRY", java.math.BigInteger.valueOf(60),
                            java.math.BigInteger.ONE, java.math.BigInteger.valueOf(20), java.math.BigInteger.ZERO,
                            java.math.BigInteger.valueOf(4))));
            AnvilControl anvil = new AnvilControl(rpc);
            demo = new DemoActivity(web3j, deployer, anvil, dao).seed();
            decodedActionsProposal = proposeCallsToEveryKindOfContract(web3j, deployer);
            // Blocks 12 seconds apart, more of them than the block time is ever measured over, and a proposal
            // whose snapshot and deadline the indexed head has not reached.
            mineEvery12Seconds(rpc, web3j, 1_100);
            anvil.setNextBlockTimestamp(timestampOf(web3j, latestBlock(web3j)) + 12);
            dated = DaoGovernor.load(dao.governor().address().toString(), web3j,
                    deployer.transactionManager(DevAccounts.account(1)), deployer.gasProvider())
                    .propose(List.of(dao.token().address().toString()), List.of(BigInteger.ZERO), List.of(new byte[0]),
                            "# Dated\n\nA proposal whose dates a wallet counts down to.").send();
        } finally {
            web3j.shutdown();
        }
        governor = registry.register(IndexedGovernor.of("query", AnvilResource.CHAIN, AnvilNode.CHAIN_ID,
                dao.governor().address(), dao.startBlock()));
        coordinator.runCycle();
    }

    /**
     * A proposal whose actions call the DAO's reward contracts, its token, timelock and Governor, encoded by their
     * generated wrappers, and one call whose calldata lost its last byte.
     */
    private static BigInteger proposeCallsToEveryKindOfContract(Web3j web3j, Deployer deployer) throws Exception {
        TransactionManager alice = deployer.transactionManager(DevAccounts.account(1));
        ContractGasProvider gas = deployer.gasProvider();
        String transfer = GovernanceToken.load(dao.token().address().toString(), web3j, alice, gas)
                .transfer(BOB, DeploymentSettings.tokens(1_250)).encodeFunctionCall();
        List<String> calls = List.of(
                RewardPolicy.load(dao.rewardPolicy().address().toString(), web3j, alice, gas)
                        .setGpuClassWeight(BigInteger.valueOf(3), BigInteger.valueOf(1_500)).encodeFunctionCall(),
                RewardDistributor.load(dao.rewardDistributor().address().toString(), web3j, alice, gas)
                        .setDisputePeriod(BigInteger.valueOf(7_200)).encodeFunctionCall(),
                transfer,
                TimelockController.load(dao.timelock().address().toString(), web3j, alice, gas)
                        .updateDelay(BigInteger.valueOf(86_400)).encodeFunctionCall(),
                DaoGovernor.load(dao.governor().address().toString(), web3j, alice, gas)
                        .setVotingPeriod(BigInteger.valueOf(100)).encodeFunctionCall(),
                transfer.substring(0, transfer.length() - 2));
        List<String> targets = List.of(dao.rewardPolicy().address().toString(),
                dao.rewardDistributor().address().toString(), dao.token().address().toString(),
                dao.timelock().address().toString(), dao.governor().address().toString(),
                dao.token().address().toString());
        TransactionReceipt receipt = DaoGovernor.load(dao.governor().address().toString(), web3j, alice, gas)
                .propose(targets, Collections.nCopies(targets.size(), BigInteger.ZERO),
                        calls.stream().map(Numeric::hexStringToByteArray).toList(),
                        "# Tune the rewards\n\nEvery kind of call a wallet decodes.").send();
        return DaoGovernor.getProposalCreatedEvents(receipt).get(0).proposalId;
    }

    private static ValidatableResponse graphql(String query) {
        return given().contentType(ContentType.JSON)
                .body("{\"query\":\"" + query.replace("\"", "\\\"").replace("\n", " ") + "\"}")
                .when().post("/graphql").then().statusCode(200);
    }

    @Test
    void governorsListsTheIndexedGovernorWithItsDiscoveredSettings() {
        WalletOperations.run("Governors")
                .body("errors", nullValue())
                .body("data.governors.id", hasItem(governor.id()));
        String lowerCaseId = "eip155:31337:" + dao.governor().address().lowerCase();
        WalletOperations.run("Governor", Map.of("id", lowerCaseId))
                .body("errors", nullValue())
                .body("data.governor.id", is(governor.id()))
                .body("data.governor.address", is(dao.governor().address().toString()))
                .body("data.governor.name", is("Query DAO Governor"))
                .body("data.governor.token", is(dao.token().address().toString()))
                .body("data.governor.timelock", is(dao.timelock().address().toString()))
                .body("data.governor.clockMode", is("blocknumber"))
                .body("data.governor.votingDelay", is("1"))
                .body("data.governor.votingPeriod", is("20"))
                .body("data.governor.quorumNumerator", is("4"))
                .body("data.governor.quorumDenominator", is("100"))
                .body("data.governor.proposalCount", is(5))
                .body("data.governor.proposalCounts.count.sum()", is(5));
        graphql("{ governor(id: \"eip155:31337:0x00000000000000000000000000000000000000ff\") { id } }")
                .body("errors[0].extensions.code", is("NOT_FOUND"))
                .body("errors[0].message", is("no governor eip155:31337:0x00000000000000000000000000000000000000ff is"
                        + " indexed here"))
                .body("data.governor", nullValue());
    }

    /** The oracle is the Governor's own state() of each proposal, called at the block the service has indexed. */
    @Test
    void proposalCountsCountTheGovernorsOwnStates() throws Exception {
        JsonPath answer = graphql("{ governor(id: \"" + governor.id() + "\") { proposalCounts { state count } }"
                + " proposals(governor: \"" + governor.id() + "\", first: 100) { edges { node { proposalId } } } }")
                .body("errors", nullValue())
                .extract().jsonPath();
        long indexed = pool.preparedQuery("SELECT indexed_block FROM sync_cursor WHERE governor_id = $1")
                .execute(Tuple.of(governor.id())).await().indefinitely().iterator().next().getLong("indexed_block");
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (ProposalState state : ProposalState.values()) {
            expected.put(state.name(), 0);
        }
        try {
            Deployer deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
            DaoGovernor contract = DaoGovernor.load(dao.governor().address().toString(), web3j,
                    deployer.transactionManager(DevAccounts.account(1)), deployer.gasProvider());
            contract.setDefaultBlockParameter(DefaultBlockParameter.valueOf(BigInteger.valueOf(indexed)));
            for (String id : answer.<String>getList("data.proposals.edges.node.proposalId")) {
                int state = contract.state(new BigInteger(id)).send().intValueExact();
                expected.merge(ProposalState.values()[state].name(), 1, Integer::sum);
            }
        } finally {
            web3j.shutdown();
        }
        Map<String, Integer> served = new LinkedHashMap<>();
        List<Map<String, Object>> counts = answer.getList("data.governor.proposalCounts");
        counts.forEach(count -> served.put((String) count.get("state"), (Integer) count.get("count")));
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(served.entrySet()),
                "every state once, in IGovernor's order, each with the Governor's own count");
        assertTrue(expected.values().stream().filter(count -> count > 0).count() >= 3,
                () -> "the demo DAO's proposals span several states: " + expected);
    }

    @Test
    void proposalShowsStateTalliesActionsAndWhetherItIsFinal() {
        WalletOperations.run("Proposal", Map.of("governor", governor.id(), "proposalId", demo.executedProposal().toString()))
                .body("errors", nullValue())
                .body("data.proposal.proposalId", is(demo.executedProposal().toString()))
                .body("data.proposal.governor.id", is(governor.id()))
                .body("data.proposal.governor.name", is("Query DAO Governor"))
                .body("data.proposal.description", startsWith("# Fund the GPU grants program"))
                .body("data.proposal.createdTxHash", matchesPattern("0x[0-9a-f]{64}"))
                .body("data.proposal.proposer", is(ChecksumAddress.of(DevAccounts.account(1).getAddress()).toString()))
                .body("data.proposal.title", is("Fund the GPU grants program"))
                .body("data.proposal.state", is("EXECUTED"))
                // 4% of the supply at the snapshot: the demo holders' 1,000,000 and the distributor's 100,000.
                .body("data.proposal.quorum", is(DeploymentSettings.tokens(44_000).toString()))
                .body("data.proposal.forVotes", is(DeploymentSettings.tokens(920_000).toString()))
                .body("data.proposal.againstVotes", is(DeploymentSettings.tokens(80_000).toString()))
                .body("data.proposal.abstainVotes", is("0"))
                .body("data.proposal.voterCount", is(3))
                .body("data.proposal.actions.signature", contains("mint(address,uint256)"))
                .body("data.proposal.actions.target", contains(dao.token().address().toString()))
                .body("data.proposal.final", is(true));
        graphql("{ proposal(governor: \"" + governor.id() + "\", proposalId: \"" + demo.defeatedProposal()
                + "\") { state } }")
                .body("data.proposal.state", is("DEFEATED"));
    }

    /**
     * A proposal page's read is planned on a connection only until PostgreSQL has a generic plan for it: the first
     * five executions are planned for their parameters, the rest reuse the generic plan, which is possible only
     * because the pool keeps the statement prepared (it is longer than the client's default limit). Planning it took
     * several times as long as running it. The same holds for the page's read with the Governor's record.
     */
    @Test
    void aProposalReadIsPlannedOnlyUntilPostgresqlKeepsAGenericPlan() {
        Tuple key = Tuple.of(governor.id(), Numerics.numeric(demo.executedProposal()));
        for (String read : List.of(ProposalQueries.ONE, ProposalQueries.ONE_WITH_GOVERNOR)) {
            Row plans = pool.withConnection(connection -> {
                Uni<?> runs = Uni.createFrom().voidItem();
                for (int run = 0; run < 8; run++) {
                    runs = runs.flatMap(ignored -> connection.preparedQuery(read).execute(key));
                }
                return runs.flatMap(ignored -> connection.preparedQuery(
                        "SELECT custom_plans, generic_plans FROM pg_prepared_statements WHERE statement = $1")
                        .execute(Tuple.of(read)));
            }).await().atMost(Duration.ofSeconds(30)).iterator().next();
            // The connection may have run it for the other tests before: however often, planned five times only.
            assertEquals(5, plans.getLong("custom_plans"), read);
            assertTrue(plans.getLong("generic_plans") >= 3, "generic plans: " + plans.getLong("generic_plans"));
        }
    }

    /**
     * Every time the API gives is the chain's own block timestamp (eth_getBlockByNumber), the snapshot's and the
     * deadline's included, although no log lies in those blocks; before the head reaches them they are estimates from
     * the recent block time. Blocks come 12 seconds apart (anvil_mine's interval), so the estimates can be held to a
     * block's time of the truth. The other tests of this class mine nothing, so the head is still the proposal's.
     */
    @Test
    void timesAreTheChainsBlockTimestampsAndFutureOnesAreEstimated() throws Exception {
        HttpService rpc = new HttpService(rpcUrl);
        Web3j web3j = Web3j.build(rpc);
        try {
            AnvilControl anvil = new AnvilControl(rpc);
            Deployer deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
            BigInteger proposal = DaoGovernor.getProposalCreatedEvents(dated).get(0).proposalId;
            DaoGovernor reader = DaoGovernor.load(dao.governor().address().toString(), web3j,
                    deployer.transactionManager(DevAccounts.account(2)), deployer.gasProvider());
            long createdBlock = dated.getBlockNumber().longValueExact();
            long snapshot = reader.proposalSnapshot(proposal).send().longValueExact();
            long deadline = reader.proposalDeadline(proposal).send().longValueExact();

            JsonPath pending = proposalPage(proposal);
            assertEquals(iso(timestampOf(web3j, createdBlock)), pending.getString("data.proposal.createdAt"));
            assertEquals(iso(timestampOf(web3j, createdBlock)), pending.getString("data.proposal.timeline[0].timestamp"));
            assertEquals(false, pending.getBoolean("data.proposal.timeline[0].timestampEstimated"));
            assertEquals(true, pending.getBoolean("data.proposal.voteStartEstimated"));
            assertEquals(true, pending.getBoolean("data.proposal.voteEndEstimated"));
            assertEquals(List.of(false, true, true), pending.getList("data.proposal.timeline.timestampEstimated"));
            Instant startEstimate = Instant.parse(pending.getString("data.proposal.voteStartAt"));
            Instant endEstimate = Instant.parse(pending.getString("data.proposal.voteEndAt"));
            assertEquals(startEstimate.toString(), pending.getString("data.proposal.timeline[1].timestamp"));
            assertEquals(endEstimate.toString(), pending.getString("data.proposal.timeline[2].timestamp"));

            mineEvery12Seconds(rpc, web3j, snapshot - createdBlock);
            anvil.setNextBlockTimestamp(timestampOf(web3j, latestBlock(web3j)) + 12);
            var vote = reader.castVote(proposal, BigInteger.ONE).send();
            // Past the deadline, so that neither it nor the snapshot is a log's block or the range's last one.
            mineEvery12Seconds(rpc, web3j, deadline + 3 - latestBlock(web3j));
            coordinator.runCycle();

            long startTruth = timestampOf(web3j, snapshot);
            long endTruth = timestampOf(web3j, deadline);
            assertTrue(Math.abs(startEstimate.getEpochSecond() - startTruth) <= 12,
                    "snapshot estimated at " + startEstimate + ", mined at " + iso(startTruth));
            assertTrue(Math.abs(endEstimate.getEpochSecond() - endTruth) <= 12,
                    "deadline estimated at " + endEstimate + ", mined at " + iso(endTruth));
            JsonPath ended = proposalPage(proposal);
            assertEquals(iso(startTruth), ended.getString("data.proposal.voteStartAt"));
            assertEquals(iso(endTruth), ended.getString("data.proposal.voteEndAt"));
            assertEquals(false, ended.getBoolean("data.proposal.voteStartEstimated"));
            assertEquals(false, ended.getBoolean("data.proposal.voteEndEstimated"));
            assertEquals(List.of(iso(timestampOf(web3j, createdBlock)), iso(startTruth), iso(endTruth)),
                    ended.getList("data.proposal.timeline.timestamp"));
            assertEquals(List.of(false, false, false), ended.getList("data.proposal.timeline.timestampEstimated"));
            assertEquals(iso(timestampOf(web3j, vote.getBlockNumber().longValueExact())),
                    ended.getString("data.proposal.votes.edges[0].node.timestamp"));

            // An index made before the API gave times holds no such headers: an estimate until the next range.
            pool.preparedQuery("DELETE FROM block_header WHERE chain = $1 AND number = ANY($2)")
                    .execute(Tuple.of(AnvilResource.CHAIN, new Long[] {snapshot, deadline})).await().indefinitely();
            assertEquals(true, proposalPage(proposal).getBoolean("data.proposal.voteEndEstimated"));
            mineEvery12Seconds(rpc, web3j, 1);
            coordinator.runCycle();
            JsonPath refetched = proposalPage(proposal);
            assertEquals(List.of(iso(startTruth), iso(endTruth)), List.of(
                    refetched.getString("data.proposal.voteStartAt"), refetched.getString("data.proposal.voteEndAt")));
            assertEquals(false, refetched.getBoolean("data.proposal.voteEndEstimated"));
        } finally {
            web3j.shutdown();
        }
    }

    private static JsonPath proposalPage(BigInteger proposal) {
        return WalletOperations.run("ProposalPage", Map.of("governor", governor.id(), "proposalId",
                proposal.toString())).body("errors", nullValue()).extract().jsonPath();
    }

    /**
     * Mines {@code blocks} empty blocks 12 seconds apart, in calls of 500 as AnvilControl does. anvil_mine's interval
     * moves Anvil's clock, which the wall clock moves too, so each call starts 12 seconds after the latest block.
     */
    private static void mineEvery12Seconds(HttpService rpc, Web3j web3j, long blocks) throws Exception {
        for (long left = blocks; left > 0; left -= 500) {
            new AnvilControl(rpc).setNextBlockTimestamp(timestampOf(web3j, latestBlock(web3j)) + 12);
            new Request<>("anvil_mine", List.of(Numeric.encodeQuantity(BigInteger.valueOf(Math.min(left, 500))),
                    Numeric.encodeQuantity(BigInteger.valueOf(12))), rpc, AnvilControl.GenericResponse.class).send();
        }
    }

    private static long latestBlock(Web3j web3j) throws Exception {
        return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    }

    private static long timestampOf(Web3j web3j, long block) throws Exception {
        return web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(block)), false).send()
                .getBlock().getTimestamp().longValueExact();
    }

    private static String iso(long seconds) {
        return Instant.ofEpochSecond(seconds).toString();
    }

    @Test
    void actionsDecodeTheirArgumentsByTheAbiOfTheirFunction() {
        String actions = "data.proposal.actions";
        WalletOperations.run("ProposalPage", Map.of("governor", governor.id(),
                        "proposalId", decodedActionsProposal.toString()))
                .body("errors", nullValue())
                .body(actions + ".collect { it.decoded?.function }", contains("setGpuClassWeight", "setDisputePeriod", "transfer",
                        "updateDelay", "setVotingPeriod", null))
                .body(actions + "[0].decoded.signature", is("setGpuClassWeight(uint8,uint256)"))
                .body(actions + "[0].decoded.arguments", contains(
                        Map.of("name", "gpuClass", "type", "uint8", "value", "3"),
                        Map.of("name", "weight", "type", "uint256", "value", "1500")))
                .body(actions + "[1].decoded.arguments", contains(
                        Map.of("name", "newDisputePeriod", "type", "uint64", "value", "7200")))
                .body(actions + "[2].decoded.arguments", contains(
                        Map.of("name", "to", "type", "address", "value", BOB),
                        Map.of("name", "value", "type", "uint256", "value", DeploymentSettings.tokens(1_250).toString())))
                .body(actions + "[3].decoded.arguments", contains(
                        Map.of("name", "newDelay", "type", "uint256", "value", "86400")))
                .body(actions + "[4].decoded.arguments", contains(
                        Map.of("name", "newVotingPeriod", "type", "uint32", "value", "100")))
                // The truncated transfer keeps its name from the selector, and decodes to nothing, without an error.
                .body(actions + "[5].signature", is("transfer(address,uint256)"))
                .body(actions + "[5].decoded", nullValue());
        // The demo's executed proposal minted through the timelock: OpenZeppelin's calldata, decoded alike.
        WalletOperations.run("Proposal", Map.of("governor", governor.id(), "proposalId", demo.executedProposal().toString()))
                .body("data.proposal.actions[0].decoded.arguments.name", contains("to", "amount"))
                .body("data.proposal.actions[0].decoded.arguments[1].value",
                        is(DeploymentSettings.tokens(50_000).toString()));
    }

    @Test
    void graphiqlOpensOnAQueryForTheFirstGovernorThatAnswers() {
        String location = given().redirects().follow(false).when().get("/q/graphql-ui/").then().statusCode(302)
                .extract().header("Location");
        assertTrue(location.startsWith("/q/graphql-ui/?query="), location);
        String query = URLDecoder.decode(location.substring(location.indexOf('=') + 1), StandardCharsets.UTF_8);
        String first = registry.all().get(0).id();
        assertTrue(query.contains("governor(id: \"" + first + "\")"), query);
        given().contentType(ContentType.JSON).body(Map.of("query", query)).when().post("/graphql").then()
                .statusCode(200)
                .body("errors", nullValue())
                .body("data.governor.id", is(first))
                .body("data.proposals.edges", notNullValue());
        // GraphiQL keeps an edited query in the parameter: that page is served as it is.
        given().queryParam("query", "{ governors { id } }").when().get("/q/graphql-ui/")
                .then().statusCode(200).body(containsString("render.js"));
        given().redirects().follow(false).when().get("/q/graphql-ui").then().statusCode(302)
                .header("Location", startsWith("/q/graphql-ui/?query="));
    }

    @Test
    void badInputsGetTheirErrorCodeAndTheServiceStaysHealthy() {
        graphql("{ governor(id: \"eip155:31337:0x12345\") { id } }")
                .body("errors[0].extensions.code", is("BAD_ADDRESS"))
                .body("errors[0].message", containsString("not an address"));
        graphql("{ governor(id: \"" + governor.id().replace("eip155:31337:0x", "eip155:31337:0X").toUpperCase(Locale.ROOT)
                .replace("EIP155", "eip155") + "\") { id } }")
                .body("errors[0].extensions.code", is("BAD_ADDRESS"));
        graphql("{ governor(id: \"mainnet:0xabc\") { id } }")
                .body("errors[0].extensions.code", is("BAD_INPUT"));
        graphql("{ proposal(governor: \"" + governor.id() + "\", proposalId: \"-1\") { state } }")
                .body("errors[0].extensions.code", is("BAD_INPUT"))
                .body("errors[0].message", containsString("not a decimal uint256"));
        graphql("{ proposal(governor: \"" + governor.id() + "\", proposalId: \"1" + "0".repeat(78) + "\") { state } }")
                .body("errors[0].extensions.code", is("BAD_INPUT"));
        graphql("{ proposal(governor: \"" + governor.id() + "\", proposalId: \"42\") { state } }")
                .body("errors[0].extensions.code", is("NOT_FOUND"))
                .body("data.proposal", nullValue());
        graphql("{ proposal(governor: \"eip155:1:0x0000000000000000000000000000000000000001\", proposalId: \"1\") { state } }")
                .body("errors[0].extensions.code", is("NOT_FOUND"))
                .body("errors[0].message", containsString("no governor eip155:1:0x0000000000000000000000000000000000000001"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }
}
