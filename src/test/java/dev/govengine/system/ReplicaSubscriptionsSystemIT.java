package dev.govengine.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.deployment.Deployer;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DemoActivity;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.GraphQLOverWebSocket;
import dev.govengine.testing.PostgresResource;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * A writer and a read replica ({@code gov.sync.poll-interval=off}) of the packaged service on one PostgreSQL: a
 * wallet subscribed on the replica gets what the writer indexes, through PostgreSQL NOTIFY.
 */
class ReplicaSubscriptionsSystemIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final PostgresResource POSTGRES = new PostgresResource();
    private static final AnvilResource ANVIL = new AnvilResource();
    private static Map<String, String> config;
    private static Web3j web3j;
    private static AnvilControl anvil;
    private static Deployer deployer;
    private static Deployment dao;
    private static DemoActivity.Summary demo;

    @BeforeAll
    static void startInfrastructure() throws Exception {
        config = new HashMap<>(POSTGRES.start());
        config.putAll(ANVIL.start());
        HttpService rpc = new HttpService(config.get(AnvilResource.RPC_URL_KEY));
        web3j = Web3j.build(rpc);
        anvil = new AnvilControl(rpc);
        deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
        dao = deployer.deploy(DevAccounts.account(0), DeploymentSettings.devnet("Replica DAO", "RPL",
                ChecksumAddress.of(DevAccounts.engine().getAddress()), List.of(), DemoActivity.initialSupply()));
        demo = new DemoActivity(web3j, deployer, anvil, dao).seed();
        config.put("gov.governors.dao.chain", AnvilResource.CHAIN);
        config.put("gov.governors.dao.address", dao.governor().address().toString());
        config.put("gov.governors.dao.start-block", Long.toString(dao.startBlock()));
    }

    @AfterAll
    static void stopInfrastructure() {
        web3j.shutdown();
        ANVIL.stop();
        POSTGRES.stop();
    }

    @Test
    void aReplicaServesTheWritersVotesAndStateChanges() throws Exception {
        String governor = "eip155:" + AnvilNode.CHAIN_ID + ":" + dao.governor().address();
        Map<String, String> writerConfig = new HashMap<>(config);
        writerConfig.put("gov.sync.poll-interval", "1s");
        Map<String, String> replicaConfig = new HashMap<>(config);
        replicaConfig.put("gov.sync.poll-interval", "off");
        String activeProposal = "{ proposal(governor: \"" + governor + "\", proposalId: \"" + demo.activeProposal()
                + "\") { state } }";
        try (ServiceProcess writer = ServiceProcess.start("serve", writerConfig)) {
            writer.awaitReady();
            awaitAnswer(writer, activeProposal, "\"state\":\"ACTIVE\"");
            try (ServiceProcess replica = ServiceProcess.start("serve", replicaConfig)) {
                replica.awaitReady();
                awaitAnswer(replica, activeProposal, "\"state\":\"ACTIVE\"");

                try (GraphQLOverWebSocket wallet = GraphQLOverWebSocket.connect(GraphQLOverWebSocket.TRANSPORT_WS,
                        replica.uri("/graphql"))) {
                    wallet.subscribe("votes", "subscription { voteCast(governor: \"" + governor
                            + "\") { voter support weight reason } }", Map.of());
                    wallet.subscribe("states", "subscription { proposalStateChanged(governor: \"" + governor
                            + "\") { proposalId from to blockNumber } }", Map.of());
                    awaitAnswer(replica, null, "gov_live_subscribers 2.0");

                    Credentials alice = DevAccounts.account(1);
                    DaoGovernor asAlice = DaoGovernor.load(dao.governor().address().toString(), web3j,
                            deployer.transactionManager(alice), deployer.gasProvider());
                    asAlice.castVoteWithReason(demo.activeProposal(), BigInteger.ONE, "from the replica's point of view").send();
                    BigInteger snapshot = asAlice.proposalSnapshot(demo.activeProposal()).send();
                    BigInteger weight = GovernanceToken.load(dao.token().address().toString(), web3j,
                            deployer.transactionManager(alice), deployer.gasProvider())
                            .getPastVotes(alice.getAddress(), snapshot).send();

                    JsonNode vote = next(wallet, "votes").path("voteCast");
                    assertEquals(ChecksumAddress.of(alice.getAddress()).toString(), vote.path("voter").asText());
                    assertEquals("FOR", vote.path("support").asText());
                    assertEquals(weight.toString(), vote.path("weight").asText());
                    assertEquals("from the replica's point of view", vote.path("reason").asText());

                    anvil.mine(dao.settings().votingPeriodBlocks().longValueExact());
                    JsonNode change = next(wallet, "states").path("proposalStateChanged");
                    assertEquals(demo.activeProposal().toString(), change.path("proposalId").asText());
                    assertEquals("ACTIVE", change.path("from").asText());
                    assertEquals("SUCCEEDED", change.path("to").asText());
                    assertEquals(BigInteger.valueOf(4), asAlice.state(demo.activeProposal()).send(),
                            "the Governor says Succeeded");
                }
            }
        }
    }

    /** Polls the service's GraphQL (or its metrics, for a null query) until the answer contains {@code expected}. */
    private static void awaitAnswer(ServiceProcess service, String query, String expected) {
        await("an answer containing " + expected).atMost(WAIT).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> query == null ? service.get("/q/metrics").body() : service.graphql(query).body(),
                        answer -> answer.contains(expected));
    }

    private static JsonNode next(GraphQLOverWebSocket wallet, String id) {
        JsonNode message = wallet.next(WAIT);
        assertEquals(id, message.path("id").asText(), message.toString());
        assertEquals("next", message.path("type").asText(), message.toString());
        return message.path("payload").path("data");
    }
}
