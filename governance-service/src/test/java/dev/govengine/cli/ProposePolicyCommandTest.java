package dev.govengine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.govengine.contracts.generated.DaoGovernor;
import dev.govengine.deployment.Deployer;
import dev.govengine.deployment.DeploymentJson;
import dev.govengine.deployment.DeploymentSettings;
import dev.govengine.devnet.AnvilNode;
import dev.govengine.devnet.DevAccounts;
import dev.govengine.governance.ProposalState;
import dev.govengine.testing.AnvilResource;
import dev.govengine.testing.GovernedDao;
import io.quarkus.test.junit.QuarkusTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;
import picocli.CommandLine;

/**
 * {@code governance propose-policy} against the deployed contract set on Anvil: the file's changes are proposed,
 * the dev accounts vote them through, and RewardPolicy then holds exactly the new values; a dry run prints what the
 * real run sends; a bad file and a proposer without votes are refused with the field or the Governor's reason.
 */
@QuarkusTest
class ProposePolicyCommandTest {
    private static final BigInteger THRESHOLD = DeploymentSettings.tokens(1_000);
    private static final String PASSWORD = "correct horse battery staple";
    private static final Credentials NEW_VERIFIER = DevAccounts.account(9);

    @ConfigProperty(name = AnvilResource.RPC_URL_KEY)
    String rpcUrl;

    @TempDir
    Path dir;

    private final Map<String, String> setProperties = new HashMap<>();
    private GovernedDao dao;
    private Path deploymentFile;

    @BeforeEach
    void deploy() throws Exception {
        dao = new GovernedDao(rpcUrl, false, THRESHOLD);
        deploymentFile = dir.resolve("deployment.json");
        DeploymentJson.write(dao.deployment, deploymentFile);
    }

    @AfterEach
    void clean() {
        setProperties.keySet().forEach(System::clearProperty);
        dao.close();
    }

    @Test
    void theFilesChangesAreProposedPassedAndInForceAndTheDryRunPrintedWhatWasSent() throws Exception {
        Path policy = write("policy.json", """
                {
                  "description": "# Retune the rewards\\n\\nLonger epochs, a bigger budget, square-root governance.",
                  "epochLength": 7200,
                  "budgetPerEpoch": "25000000000000000000000",
                  "programSplit": { "depin": 4000, "rollup": 4000, "governance": 2000 },
                  "gpuClassWeights": { "4": "900", "2": "300" },
                  "rollupKindWeights": { "prover": "30" },
                  "recipientCapBps": 3000,
                  "minPayout": "2000000000000000000",
                  "governanceMode": "squareRoot",
                  "verifiers": { "add": ["%s"], "remove": ["%s"] }
                }""".formatted(NEW_VERIFIER.getAddress(), DevAccounts.verifier().getAddress()));

        Run dryRun = run("governance", "propose-policy", "--file", policy.toString(), "--deployment",
                deploymentFile.toString(), "--dry-run");
        assertEquals(0, dryRun.exit, dryRun.err);
        assertTrue(dryRun.out.contains("dry run: nothing sent"), dryRun.out);
        assertEquals(11, dryRun.lines("action ").size(), dryRun.out);

        configureSigner(GovernedDao.holder(1));
        Run sent = run("governance", "propose-policy", "--file", policy.toString(), "--deployment", deploymentFile.toString());
        assertEquals(0, sent.exit, sent.err);
        assertEquals(dryRun.lines("proposal id: "), sent.lines("proposal id: "));
        assertEquals(dryRun.lines("action "), sent.lines("action "), "the dry run printed what was sent");
        BigInteger proposalId = new BigInteger(sent.lines("proposal id: ").get(0).substring("proposal id: ".length()));

        String txHash = sent.lines("proposed in ").get(0).split(" ")[2];
        TransactionReceipt receipt = dao.web3j.ethGetTransactionReceipt(txHash).send().getTransactionReceipt().orElseThrow();
        DaoGovernor.ProposalCreatedEventResponse created = DaoGovernor.getProposalCreatedEvents(receipt).get(0);
        assertEquals(proposalId, created.proposalId, "the printed id is the Governor's");
        assertEquals(sent.lines("action ").stream().map(line -> line.substring(line.indexOf("calldata ") + 9)).toList(),
                created.calldatas.stream().map(Numeric::toHexString).toList(), "the printed calldata is on chain");

        Run again = run("governance", "propose-policy", "--file", policy.toString(), "--deployment", deploymentFile.toString());
        assertEquals(0, again.exit, again.err);
        assertTrue(again.out.contains("already proposed: proposal " + proposalId + " is PENDING; nothing sent"), again.out);

        dao.openVoting();
        dao.vote(proposalId, 1, 1, 2);
        dao.closeVoting();
        DaoGovernor anyone = dao.governor(GovernedDao.holder(5));
        anyone.queue(created.targets, created.values, created.calldatas, descriptionHash(created.description)).send();
        dao.passTimelockDelay();
        anyone.execute(created.targets, created.values, created.calldatas, descriptionHash(created.description),
                BigInteger.ZERO).send();
        assertEquals(ProposalState.EXECUTED, dao.chainState(proposalId));

        var now = dao.policy().getPolicy().send();
        assertEquals(BigInteger.valueOf(7200), now.component2());
        assertEquals(DeploymentSettings.tokens(25_000), now.component3());
        assertEquals(List.of(BigInteger.valueOf(4000), BigInteger.valueOf(4000), BigInteger.valueOf(2000)), now.component4());
        assertEquals(BigInteger.valueOf(3000), now.component5());
        assertEquals(DeploymentSettings.tokens(2), now.component6());
        assertEquals(BigInteger.ONE, now.component7(), "square root");
        Map<BigInteger, BigInteger> gpu = new TreeMap<>();
        for (int i = 0; i < now.component8().size(); i++) {
            gpu.put(now.component8().get(i), now.component9().get(i));
        }
        assertEquals(Map.of(BigInteger.ONE, BigInteger.valueOf(100), BigInteger.TWO, BigInteger.valueOf(300),
                BigInteger.valueOf(3), BigInteger.valueOf(600), BigInteger.valueOf(4), BigInteger.valueOf(900)), gpu,
                "classes 2 and 4 changed, 1 and 3 untouched");
        Map<String, BigInteger> kinds = new TreeMap<>();
        for (int i = 0; i < now.component10().size(); i++) {
            kinds.put(Numeric.toHexString(now.component10().get(i)), now.component11().get(i));
        }
        assertEquals(BigInteger.valueOf(30), kinds.get(Numeric.toHexString(Deployer.rollupKind("prover"))));
        assertEquals(BigInteger.valueOf(10), kinds.get(Numeric.toHexString(Deployer.rollupKind("sequencer"))));
        assertEquals(List.of(NEW_VERIFIER.getAddress().toLowerCase()),
                now.component12().stream().map(String::toLowerCase).toList());
    }

    @Test
    void aBadFileIsRefusedNamingTheField() throws Exception {
        Map<String, String> cases = Map.of(
                "{\"description\": \"# x\", \"programSplit\": {\"depin\": 5000, \"rollup\": 3000, \"governance\": 1000}}",
                "programSplit: the shares sum to 9000 bps, not 10000",
                "{\"description\": \"# x\", \"budgetPerEpoch\": 5}", "budgetPerEpoch: expected a decimal string",
                "{\"description\": \"# x\", \"recipientCap\": 3000}", "recipientCap: unknown field",
                "{\"description\": \"# x\", \"gpuClassWeights\": {\"256\": \"1\"}}", "gpuClassWeights.256: a GPU class",
                "{\"description\": \"# x\", \"verifiers\": {\"add\": [\"0x1234\"]}}", "verifiers.add[0]:",
                "{\"epochLength\": 60}", "description: expected the proposal's text",
                "{\"description\": \"# nothing\"}", "$: no change");
        int i = 0;
        for (Map.Entry<String, String> bad : cases.entrySet()) {
            Path file = write("bad-" + i++ + ".json", bad.getKey());
            Run refused = run("governance", "propose-policy", "--file", file.toString(), "--deployment",
                    deploymentFile.toString(), "--dry-run");
            assertEquals(ProposePolicyCommand.FAILED, refused.exit, bad.getKey());
            assertTrue(refused.err.startsWith(file + ": " + bad.getValue()), refused.err);
            assertEquals("", refused.out, "nothing printed before the file is valid");
        }
    }

    @Test
    void aProposerWithoutEnoughVotesGetsTheGovernorsReasonAndNothingIsSent() throws Exception {
        Credentials poor = Credentials.create(Keys.createEcKeyPair());
        fund(poor);
        configureSigner(poor);
        Path policy = write("policy.json", "{\"description\": \"# Cheaper\", \"minPayout\": \"1\"}");
        Run refused = run("governance", "propose-policy", "--file", policy.toString(), "--deployment", deploymentFile.toString());
        assertEquals(ProposePolicyCommand.FAILED, refused.exit, refused.out);
        assertTrue(refused.err.contains("GovernorInsufficientProposerVotes"), refused.err);
        assertTrue(refused.err.contains("threshold=" + THRESHOLD), refused.err);
        assertEquals(BigInteger.ZERO, dao.web3j.ethGetTransactionCount(poor.getAddress(),
                org.web3j.protocol.core.DefaultBlockParameterName.PENDING).send().getTransactionCount());
    }

    private void fund(Credentials key) throws Exception {
        new org.web3j.protocol.core.Request<>("anvil_setBalance", List.of(key.getAddress(),
                Numeric.encodeQuantity(BigInteger.TEN.pow(20))), dao.rpc, dev.govengine.devnet.AnvilControl.GenericResponse.class)
                .send();
    }

    /** gov.* as an operator sets them, for the command's own configuration check (system properties are one source). */
    private void configureSigner(Credentials signer) throws Exception {
        String keystore = WalletUtils.generateWalletFile(PASSWORD, signer.getEcKeyPair(), dir.toFile(), false);
        Path password = write("password", PASSWORD + "\n");
        for (Path secret : List.of(password, dir.resolve(keystore))) {
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        }
        set("gov.chains.cli.rpc-url", rpcUrl);
        set("gov.chains.cli.chain-id", Long.toString(AnvilNode.CHAIN_ID));
        set("gov.chains.cli.confirmations", "0");
        set("gov.submission.keystore-file", dir.resolve(keystore).toString());
        set("gov.submission.keystore-password-file", password.toString());
        set("gov.submission.poll-interval", "PT0.1S");
    }

    private void set(String key, String value) {
        System.setProperty(key, value);
        setProperties.put(key, value);
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static byte[] descriptionHash(String description) {
        return org.web3j.crypto.Hash.sha3(description.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err) {
        List<String> lines(String prefix) {
            return out.lines().filter(line -> line.startsWith(prefix)).toList();
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new EngineCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
