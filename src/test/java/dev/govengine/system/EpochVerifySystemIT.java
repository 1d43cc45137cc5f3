package dev.govengine.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.contracts.generated.GovernanceToken;
import dev.govengine.contracts.generated.RewardDistributor;
import dev.govengine.contracts.generated.RewardPolicy;
import dev.govengine.contracts.generated.RollupContributions;
import dev.govengine.contributions.ReceiptSigning;
import dev.govengine.contributions.WorkReceipt;
import dev.govengine.contributions.WorkReceiptDomain;
import dev.govengine.deployment.Deployer;
import dev.govengine.deployment.Deployment;
import dev.govengine.deployment.DeploymentJson;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.devnet.AnvilControl;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DemoActivity;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.testing.AnvilResource;
import dev.govengine.types.ChecksumAddress;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * {@code epoch verify}, packaged, beside a running {@code serve} whose embedded PostgreSQL holds the index, as a
 * disputer runs it. Before the service runs, a configuration without the deployment's Governor and an empty data
 * directory are refused. While it runs, its data directory is refused with the server's settings to use instead.
 * Pointed at that database, on the service's own HTTP port, the command boots without listening, and exits 3 for an
 * epoch still running, 0 for the root the service computed, and 1 for a wrong root on the distributor, whether asked
 * by its epoch or as the pending root. A fresh process with no database verifies epoch 1 (a signed receipt, a rollup
 * batch, votes on a counted proposal) from the inputs document the service publishes and the chain alone: 0 for
 * the document fetched over HTTP, 1 for a copy with a receipt's GPU seconds changed.
 */
class EpochVerifySystemIT {
    private static final AnvilResource ANVIL = new AnvilResource();
    private static final Pattern POSTGRES_PORT = Pattern.compile("embedded PostgreSQL on port (\\d+)");
    private static final Pattern ROOT = Pattern.compile("\"root\":\"(0x[0-9a-f]{64})\",\"totalCumulative\":\"(\\d+)\"");
    private static Map<String, String> chain;
    private static Deployment dao;
    private static Web3j web3j;
    private static AnvilControl anvil;
    private static Deployer deployer;
    private static Path deploymentFile;

    /** Every directory and file a test makes, the services' databases included, goes with the class. */
    @TempDir
    static Path temp;

    @BeforeAll
    static void deploy() throws Exception {
        chain = ANVIL.start();
        HttpService rpc = new HttpService(chain.get(AnvilResource.RPC_URL_KEY));
        web3j = Web3j.build(rpc);
        anvil = new AnvilControl(rpc);
        deployer = new Deployer(web3j, AnvilNode.CHAIN_ID);
        dao = deployer.deploy(DevAccounts.account(0), DeploymentSettings.devnet("Verified DAO", "VRF",
                ChecksumAddress.of(DevAccounts.engine().getAddress()),
                List.of(ChecksumAddress.of(DevAccounts.verifier().getAddress())), DemoActivity.initialSupply()));
        deploymentFile = Files.createTempDirectory(temp, "verify-deployment").resolve("deployment.json");
        DeploymentJson.write(dao, deploymentFile);
    }

    @AfterAll
    static void stop() {
        web3j.shutdown();
        ANVIL.stop();
    }

    @Test
    void aDisputerVerifiesBesideTheRunningService() throws Exception {
        Map<String, String> config = new HashMap<>(chain);
        config.put("gov.governors.dao.chain", AnvilResource.CHAIN);
        config.put("gov.governors.dao.address", dao.governor().address().toString());
        config.put("gov.governors.dao.start-block", Long.toString(dao.startBlock()));
        config.put("gov.deployment-file", deploymentFile.toString());
        config.put("gov.database.data-dir", Files.createTempDirectory(temp, "verify-data").toString());
        config.put("gov.rewards.epochs.tick-interval", "1s");
        Map<String, String> withoutGovernor = new HashMap<>(config);
        withoutGovernor.keySet().removeIf(key -> key.startsWith("gov.governors."));
        String noGovernor = verify(withoutGovernor, 1, 2);
        assertTrue(noGovernor.contains("gov.governors: no entry is the deployment's Governor " + dao.governor().address()
                + " on chain id " + AnvilNode.CHAIN_ID + "; its votes are the governance program's input\n"), noGovernor);
        String noIndex = verify(config, 1, 2);
        assertTrue(noIndex.startsWith("no quarkus.datasource URL is set, and gov.database.data-dir "), noIndex);

        try (ServiceProcess serve = ServiceProcess.start("serve", config)) {
            serve.awaitReady();
            Matcher port = POSTGRES_PORT.matcher(serve.output());
            assertTrue(port.find(), serve.output());

            String refused = verify(config, 1, 2);
            assertTrue(refused.contains("is in use by a running service (PostgreSQL pid "), refused);
            assertTrue(refused.contains("-Dquarkus.datasource.reactive.url=postgresql://localhost:" + port.group(1)
                    + "/postgres"), refused);

            Map<String, String> beside = new HashMap<>(config);
            beside.put("quarkus.datasource.reactive.url", "postgresql://localhost:" + port.group(1) + "/postgres");
            beside.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + port.group(1) + "/postgres");
            beside.put("quarkus.datasource.username", "postgres");
            beside.put("quarkus.datasource.password", "postgres");
            // The service's own port: a verify that listened would fail to bind it.
            beside.put("quarkus.http.port", Integer.toString(serve.uri("/").getPort()));
            String running = verify(beside, 1, 3);
            assertTrue(running.contains("epoch 1: CANNOT VERIFY\n  epoch 1 ends at "), running);

            // Epoch 1's contributions in all three programs: a signed receipt, a rollup batch, votes on a proposal.
            HttpResponse<String> accepted = postReceipt(serve, receipt());
            assertTrue(accepted.body().contains("\"status\":\"ACCEPTED\""), accepted.body());
            rollup().submitBatch(BigInteger.TEN, new byte[32]).send();
            voteOnAProposal();
            anvil.increaseTime(3600);
            anvil.mine(1);
            Matcher computed = awaitComputed(serve, 1);
            byte[] published = serve.get("/epochs/1/inputs").body().getBytes(StandardCharsets.UTF_8);
            String keccak = Numeric.toHexString(Hash.sha3(published));
            distributor().proposeRoot(BigInteger.ONE, Numeric.hexStringToByteArray(computed.group(1)),
                    new BigInteger(computed.group(2)), "epoch:1#keccak256=" + keccak).send();
            String match = verify(beside, 1, 0);
            assertTrue(match.contains("epoch 1: MATCH\n"), match);
            assertTrue(match.contains("on-chain root      " + computed.group(1) + " (PENDING, live at "), match);
            assertTrue(match.contains("contributions      1 DePIN receipts, 1 rollup contributions, 2 governance votes"),
                    match);

            // A fresh process with no database: the published document and the chain alone.
            Map<String, String> alone = new HashMap<>(chain);
            alone.put("gov.deployment-file", deploymentFile.toString());
            alone.put("gov.database.data-dir", Files.createTempDirectory(temp, "verify-no-data").toString());
            String fromInputs = run(alone, List.of("epoch", "verify", "--epoch", "1", "--inputs",
                    serve.uri("/epochs/1/inputs") + "#keccak256=" + keccak), 0);
            assertTrue(fromInputs.contains("epoch 1: MATCH\n"), fromInputs);
            assertTrue(fromInputs.contains("recomputed root    " + computed.group(1)), fromInputs);
            assertFalse(fromInputs.contains("PostgreSQL"), fromInputs);
            String text = new String(published, StandardCharsets.UTF_8);
            Path tampered = Files.createTempFile(temp, "inputs-1", ".json");
            Files.writeString(tampered, text.replace("\"gpuSeconds\":\"3600\"", "\"gpuSeconds\":\"36000\""));
            String contradicted = run(alone, List.of("epoch", "verify", "--epoch", "1", "--inputs",
                    tampered.toString()), 1);
            assertTrue(contradicted.contains("epoch 1: MISMATCH\n"), contradicted);
            assertTrue(contradicted.contains("the posted dataUri names keccak256 " + keccak), contradicted);
            assertTrue(contradicted.contains(": its signature recovers to "), contradicted);

            anvil.increaseTime(3600);
            anvil.mine(1);
            awaitComputed(serve, 2);
            String wrong = Numeric.toHexString(Hash.sha3("a wrong root".getBytes()));
            distributor().proposeRoot(BigInteger.TWO, Numeric.hexStringToByteArray(wrong),
                    new BigInteger(computed.group(2)), "epoch:2").send();
            String mismatch = verify(beside, 2, 1);
            assertTrue(mismatch.contains("epoch 2: MISMATCH\n  the distributor holds root " + wrong
                    + ", the recomputation gives " + computed.group(1)), mismatch);
            String pending = run(beside, List.of("epoch", "verify", "--pending"), 1);
            assertTrue(pending.contains("epoch 2: MISMATCH\n"), pending);
            assertEquals(200, serve.get("/q/health/live").statusCode(), "the service ran on throughout");
        }
    }

    /** Runs {@code epoch verify --epoch N}, checks its exit status, and returns its output. */
    private static String verify(Map<String, String> config, long epoch, int expectedExit) throws Exception {
        return run(config, List.of("epoch", "verify", "--epoch", Long.toString(epoch)), expectedExit);
    }

    private static String run(Map<String, String> config, List<String> command, int expectedExit) throws Exception {
        try (ServiceProcess verify = ServiceProcess.start(command, config)) {
            int exit = verify.awaitExit();
            String output = verify.output();
            assertEquals(expectedExit, exit, output);
            return output;
        }
    }

    /** Waits for the service's lifecycle to compute {@code epoch}, and returns its root and total. */
    private static Matcher awaitComputed(ServiceProcess serve, long epoch) {
        try {
            return await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        Matcher root = ROOT.matcher(serve.graphql("{ rewardEpoch(number: \"" + epoch
                                + "\") { root totalCumulative } }").body());
                        return root.find() ? root : null;
                    }, Objects::nonNull);
        } catch (ConditionTimeoutException late) {
            throw new AssertionError("epoch " + epoch + " not computed within 60 s:\n" + serve.output(), late);
        }
    }

    /** A receipt for epoch 1 of 3600 GPU seconds, signed by the deployment's verifier, as one NDJSON line. */
    private static String receipt() throws Exception {
        RewardPolicy policy = RewardPolicy.load(dao.rewardPolicy().address().toString(), web3j,
                deployer.transactionManager(DevAccounts.account(0)), deployer.gasProvider());
        var domain = policy.eip712Domain().send();
        WorkReceipt receipt = ReceiptSigning.receipt(ChecksumAddress.of(DevAccounts.account(3).getAddress()), 1,
                "verify from inputs", 2, 3_600, 9_000);
        String signature = ReceiptSigning.signHex(new WorkReceiptDomain(domain.component2(), domain.component3(),
                domain.component4().longValueExact(), ChecksumAddress.of(domain.component5())), receipt,
                DevAccounts.verifier());
        return "{\"provider\":\"" + receipt.provider() + "\",\"epoch\":\"1\",\"jobId\":\"" + receipt.jobId().toHex()
                + "\",\"gpuClass\":2,\"gpuSeconds\":\"3600\",\"qualityBps\":9000,\"signature\":\"" + signature
                + "\"}\n";
    }

    private static HttpResponse<String> postReceipt(ServiceProcess serve, String ndjson) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(serve.uri("/receipts"))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(ndjson))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Two holders delegate to themselves and vote for a proposal, whose voting closes within epoch 1. */
    private static void voteOnAProposal() throws Exception {
        for (int holder : new int[] {1, 2}) {
            GovernanceToken.load(dao.token().address().toString(), web3j,
                    deployer.transactionManager(DevAccounts.account(holder)), deployer.gasProvider())
                    .delegate(DevAccounts.account(holder).getAddress()).send();
        }
        anvil.mine(1);
        DaoGovernor governor = governor(1);
        String target = dao.token().address().toString();
        byte[] call = Numeric.hexStringToByteArray(FunctionEncoder.encode(new Function("name", List.of(), List.of())));
        BigInteger proposal = DaoGovernor.getProposalCreatedEvents(governor.propose(List.of(target),
                List.of(BigInteger.ZERO), List.of(call), "Participation counts").send()).get(0).proposalId;
        anvil.mine(governor.votingDelay().send().intValueExact() + 1);
        governor.castVote(proposal, BigInteger.ONE).send();
        governor(2).castVote(proposal, BigInteger.ZERO).send();
        anvil.mine(governor.votingPeriod().send().intValueExact());
    }

    private static DaoGovernor governor(int holder) {
        return DaoGovernor.load(dao.governor().address().toString(), web3j,
                deployer.transactionManager(DevAccounts.account(holder)), deployer.gasProvider());
    }

    private static RollupContributions rollup() {
        return RollupContributions.load(dao.rollupContributions().address().toString(), web3j,
                deployer.transactionManager(DevAccounts.account(2)), deployer.gasProvider());
    }

    private static RewardDistributor distributor() {
        return RewardDistributor.load(dao.rewardDistributor().address().toString(), web3j,
                deployer.transactionManager(DevAccounts.engine()), deployer.gasProvider());
    }
}
